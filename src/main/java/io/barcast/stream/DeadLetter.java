package io.barcast.stream;

import org.apache.kafka.common.serialization.Serializer;

/** A dead letter's value as the parser forwards it: the JSON envelope ({@link DeadLetters}). */
record DeadLetter(byte[] json) implements ParsedRecord {

    /** Writes the envelope as it is. */
    static final Serializer<DeadLetter> SERIALIZER = (topic, letter) -> letter.json();
}
