package io.barcast.replay;

import io.barcast.bar.Bar;
import io.barcast.bar.BarJson;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;

/**
 * Publishes bars to the input topic (key = symbol, value = bar JSON), in date order across
 * symbols, at a bounded rate. Idempotent producer, acks=all; every send is confirmed before the
 * replay reports completion.
 */
public final class BarReplayer {

    /** Progress callback. */
    @FunctionalInterface
    public interface Progress {
        void sent(long done, long total, Bar last);
    }

    /** May hold the replay before a bar; the pacing resumes from the end of the hold. */
    public interface Gate {
        /** Whether the replay must wait before sending {@code next} (the bars before it are then flushed first). */
        boolean holds(Bar next);

        /** Waits until {@code next} may be sent, or {@code stop} turns true. */
        void await(Bar next, BooleanSupplier stop) throws InterruptedException;
    }

    /** Never holds. */
    public static final Gate OPEN = new Gate() {
        @Override
        public boolean holds(Bar next) {
            return false;
        }

        @Override
        public void await(Bar next, BooleanSupplier stop) {
        }
    };

    private final Properties producerProps;
    private final String topic;

    public BarReplayer(Map<String, Object> clientProps, String topic) {
        this.producerProps = new Properties();
        producerProps.putAll(clientProps);
        producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
        producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        producerProps.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, "5");
        producerProps.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, "30000");
        this.topic = topic;
    }

    /** Merges several symbols' bars by date (ties keep the given order of series). */
    public static List<Bar> interleave(List<List<Bar>> series) {
        List<Bar> all = new ArrayList<>();
        series.forEach(all::addAll);
        all.sort(Comparator.comparing(Bar::date)); // stable: same-date bars keep series order
        return all;
    }

    /**
     * Sends the bars; {@code barsPerSecond <= 0} means as fast as possible. Stops early (returning
     * the number sent) when {@code stop} turns true.
     */
    public long replay(List<Bar> bars, double barsPerSecond, Progress progress, BooleanSupplier stop)
            throws InterruptedException, ExecutionException {
        return replay(bars, barsPerSecond, progress, stop, OPEN);
    }

    /** As {@link #replay(List, double, Progress, BooleanSupplier)}, holding before the bars {@code gate} holds. */
    public long replay(List<Bar> bars, double barsPerSecond, Progress progress, BooleanSupplier stop, Gate gate)
            throws InterruptedException, ExecutionException {
        long start = System.nanoTime();
        List<Future<?>> inFlight = new ArrayList<>();
        long sent = 0;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProps, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (Bar bar : bars) {
                if (stop.getAsBoolean()) {
                    break;
                }
                if (gate.holds(bar)) {
                    producer.flush();
                    long held = System.nanoTime();
                    gate.await(bar, stop);
                    start += System.nanoTime() - held; // the rate resumes after the hold, without a burst
                }
                if (barsPerSecond > 0) {
                    long due = start + (long) (sent * 1e9 / barsPerSecond);
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        producer.flush();
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                }
                inFlight.add(producer.send(new ProducerRecord<>(topic, bar.symbol().getBytes(StandardCharsets.UTF_8), BarJson.toBytes(bar))));
                sent++;
                if (inFlight.size() >= 1000) {
                    for (Future<?> f : inFlight) {
                        f.get();
                    }
                    inFlight.clear();
                }
                progress.sent(sent, bars.size(), bar);
            }
            producer.flush();
            for (Future<?> f : inFlight) {
                f.get();
            }
        }
        return sent;
    }
}
