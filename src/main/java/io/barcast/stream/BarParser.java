package io.barcast.stream;

import io.barcast.bar.Bar;
import io.barcast.bar.BarJson;
import io.barcast.bar.InvalidBarException;
import io.barcast.bar.RejectReason;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Step 2 of the topology: decode and validate. A valid bar whose key equals its symbol goes on
 * to the forecaster; anything else goes to the dead-letter sink with its reason. Never throws
 * on bad input.
 */
final class BarParser implements Processor<byte[], byte[], byte[], ParsedRecord> {

    private static final Logger log = LoggerFactory.getLogger(BarParser.class);

    private final String forecaster;
    private final String deadLetterSink;
    private final int maxValueBytes;
    private final StreamMetrics metrics;
    private ProcessorContext<byte[], ParsedRecord> context;

    BarParser(String forecaster, String deadLetterSink, int maxValueBytes, StreamMetrics metrics) {
        this.forecaster = forecaster;
        this.deadLetterSink = deadLetterSink;
        this.maxValueBytes = maxValueBytes;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<byte[], ParsedRecord> context) {
        this.context = context;
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        RecordMetadata m = DeadLetters.metadata(context);
        String topic = m == null ? null : m.topic();
        int partition = m == null ? -1 : m.partition();
        long offset = m == null ? -1 : m.offset();
        byte[] value = record.value();
        if (value != null && value.length > maxValueBytes) {
            reject(record, RejectReason.TOO_LARGE, "value has " + value.length + " bytes, more than " + maxValueBytes,
                    null, null, topic, partition, offset);
            return;
        }
        Bar bar;
        try {
            bar = BarJson.fromBytes(value);
        } catch (InvalidBarException e) {
            reject(record, e.reason(), e.getMessage(), e.field(), e.value(), topic, partition, offset);
            return;
        }
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        if (key == null || !Arrays.equals(record.key(), bar.symbol().getBytes(StandardCharsets.UTF_8))) {
            reject(record, RejectReason.KEY_MISMATCH, key == null ? "record has no key; the key must be the symbol "
                    + bar.symbol() : "key '" + abbreviate(key) + "' differs from symbol '" + bar.symbol() + "'",
                    "key", key == null ? null : abbreviate(key), topic, partition, offset);
            return;
        }
        context.forward(record.withValue((ParsedRecord) new IncomingBar(bar, record.key(), value, topic, partition, offset)),
                forecaster);
    }

    private void reject(Record<byte[], byte[]> record, RejectReason reason, String detail, String field, String value,
                        String topic, int partition, long offset) {
        log.warn("Rejected record {}-{}@{}: {} ({})", topic, partition, offset, reason, detail);
        metrics.barRejected(reason);
        byte[] envelope = DeadLetters.envelope(reason, detail, field, value, record.key(), record.value(), topic, partition,
                offset, record.timestamp(), context.currentSystemTimeMs());
        context.forward(new Record<byte[], ParsedRecord>(record.key(), new DeadLetter(envelope), record.timestamp(),
                DeadLetters.headers(reason)), deadLetterSink);
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
