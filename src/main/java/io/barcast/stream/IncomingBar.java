package io.barcast.stream;

import io.barcast.bar.Bar;

/** A parsed, valid bar passed from the parser to the forecaster, with what a dead-letter record would need. */
record IncomingBar(Bar bar, byte[] rawKey, byte[] rawValue, String topic, int partition, long offset) implements ParsedRecord {
}
