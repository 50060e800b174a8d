package io.barcast.stream;

import io.barcast.bar.RejectReason;
import io.barcast.events.Json;
import io.barcast.events.RejectedBar;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.RecordMetadata;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Builds dead letters: a JSON envelope as value and the reason as a header; the record keeps the original key. */
final class DeadLetters {

    static final String REASON_HEADER = "barcast.reject.reason";
    /** Original values longer than this are kept in base64 only. */
    private static final int MAX_TEXT = 64 * 1024;
    /**
     * A dead letter (key + value) larger than this drops its copies of the original bytes, so that it always fits
     * the default max.request.size and message.max.bytes (1 MiB): a 1 MB input value would otherwise become a
     * 1.3 MB dead letter that the producer refuses, which would fail the stream thread on every restart.
     */
    static final int MAX_RECORD_BYTES = 512 * 1024;

    private DeadLetters() {
    }

    /** The envelope: reason, detail, the field and value at fault, where the record came from and its bytes. */
    static byte[] envelope(RejectReason reason, String detail, String field, String value, byte[] rawKey, byte[] rawValue,
                           String topic, int partition, long offset, long timestamp, long now) {
        RejectedBar rejected = new RejectedBar(reason.name(), detail, field, value, text(rawKey, MAX_TEXT),
                topic, partition, offset, timestamp, text(rawValue, MAX_TEXT),
                rawValue == null ? null : Base64.getEncoder().encodeToString(rawValue), now);
        byte[] json = Json.bytes(rejected);
        if (json.length + (rawKey == null ? 0 : rawKey.length) > MAX_RECORD_BYTES) {
            json = Json.bytes(new RejectedBar(reason.name(), detail, field, value, null, topic, partition, offset,
                    timestamp, null, null, now));
        }
        return json;
    }

    /** The headers of a dead letter: its reason. */
    static Headers headers(RejectReason reason) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(REASON_HEADER, reason.name().getBytes(StandardCharsets.UTF_8));
        return headers;
    }

    static RecordMetadata metadata(ProcessorContext<?, ?> context) {
        return context.recordMetadata().orElse(null);
    }

    /** The bytes as text when they are valid UTF-8 and short enough, else null. */
    static String text(byte[] bytes, int max) {
        if (bytes == null || bytes.length > max) {
            return null;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
