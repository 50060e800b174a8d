package io.barcast.events;

/**
 * A record of the dead-letter topic {@code bars-rejected}. The Kafka record key is the original
 * key bytes; the value is this JSON: a machine-readable reason, a human-readable detail, the
 * field and value at fault when known, where the record came from, and the original value
 * (as UTF-8 text when it is valid UTF-8, and always as base64).
 */
public record RejectedBar(String reason, String detail, String field, String value, String key,
                          String sourceTopic, int partition, long offset, long timestamp,
                          String originalValue, String originalValueBase64, long rejectedAt) {
}
