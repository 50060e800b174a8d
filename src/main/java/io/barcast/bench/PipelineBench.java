package io.barcast.bench;

import io.barcast.forecast.ForecastKeys;
import io.barcast.service.ServiceKeys;
import io.barcast.stream.StreamKeys;
import io.barcast.bar.Bar;
import io.barcast.broker.EmbeddedKafka;
import io.barcast.forecast.Trainer;
import io.barcast.metrics.BarcastMetrics;
import io.barcast.model.LstmModel;
import io.barcast.model.ModelConfig;
import io.barcast.model.ModelSnapshot;
import io.barcast.model.ModelTrainer;
import io.barcast.model.TrainingResult;
import io.barcast.replay.BarReplayer;
import io.barcast.service.BarcastService;
import io.barcast.service.ServiceConfig;

import io.micrometer.core.instrument.Counter;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Pipeline benchmarks over an in-JVM broker: the full topology with models already present
 * (restored from seeded changelogs) against a bare pass-through topology, on the same input.
 */
final class PipelineBench implements AutoCloseable {

    /** What Kafka Streams names its stream threads ({@code <client id>-StreamThread-<n>}). */
    private static final String STREAM_THREAD = "-StreamThread-";

    private final PrintStream out;
    private final EmbeddedKafka broker;
    private final Path stateRoot;
    private final int partitions;

    PipelineBench(PrintStream out, int partitions) throws Exception {
        this.out = out;
        this.partitions = partitions;
        this.broker = EmbeddedKafka.start(EmbeddedKafka.Options.defaults().withNumPartitions(partitions));
        this.stateRoot = Files.createTempDirectory("barcast-bench");
    }

    EmbeddedKafka broker() {
        return broker;
    }

    /** Trains one real model (default configuration) to be relabelled for every symbol. */
    static byte[] referenceSnapshot(List<Bar> window, ModelConfig cfg) {
        TrainingResult r = new ModelTrainer().train(window.get(0).symbol(), window, cfg, 1);
        LstmModel model = r.model().orElseThrow(() -> new IllegalStateException("reference training failed: " + r.report()));
        return ModelSnapshot.toBytes(model);
    }

    /**
     * The service configuration of a seeded application: the bench's defaults (100 ms commits, no retraining
     * during the run), then {@code settings} ({@code --config}, {@code --set}, the bench's flags), then what the
     * bench must own (broker, application id, state folder, guarantee, topics, loopback HTTP on a free port),
     * then {@code own} (the bench's flags that override even those).
     */
    ServiceConfig config(Properties settings, String appId, String inputTopic, String guarantee, Map<String, String> own) {
        return ServiceConfig.of(properties(settings, appId, inputTopic, guarantee, own));
    }

    /** The properties behind {@link #config}, for a service started in a process of its own. */
    Properties properties(Properties settings, String appId, String inputTopic, String guarantee, Map<String, String> own) {
        Properties p = new Properties();
        p.setProperty(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "100");
        p.setProperty(ForecastKeys.RETRAIN_EVERY_BARS.name(), "1000000");
        p.putAll(settings);
        p.setProperty(ServiceKeys.BOOTSTRAP_SERVERS.name(), broker.bootstrapServers());
        p.setProperty(ServiceKeys.APPLICATION_ID.name(), appId);
        p.setProperty(StreamsConfig.STATE_DIR_CONFIG, stateRoot.resolve(appId).toString());
        p.setProperty(ServiceKeys.PROCESSING_GUARANTEE.name(), guarantee);
        p.setProperty(StreamKeys.TOPIC_BARS.name(), inputTopic);
        p.setProperty(StreamKeys.TOPIC_PREDICTIONS.name(), appId + "-predictions");
        p.setProperty(StreamKeys.TOPIC_TRAINING_LOSS.name(), appId + "-training-loss");
        p.setProperty(StreamKeys.TOPIC_PREDICTION_OUTCOMES.name(), appId + "-outcomes");
        p.setProperty(StreamKeys.TOPIC_BARS_REJECTED.name(), appId + "-rejected");
        p.setProperty(ServiceKeys.TOPIC_PARTITIONS.name(), Integer.toString(partitions));
        p.setProperty(ServiceKeys.HTTP_PORT.name(), "0");
        p.setProperty(ServiceKeys.HTTP_BIND_ADDRESS.name(), "127.0.0.1");
        own.forEach(p::setProperty);
        return p;
    }

    void seed(String appId, Map<String, List<Bar>> series, int windowBars, byte[] snapshot) throws Exception {
        Map<String, List<Bar>> windows = new LinkedHashMap<>();
        series.forEach((s, bars) -> windows.put(s, bars.subList(0, windowBars)));
        new StateSeeder(broker.clientProperties(), appId, partitions).seed(windows, windowBars, snapshot);
    }

    long produce(String topic, List<Bar> bars, double rate) throws Exception {
        return new BarReplayer(broker.clientProperties(), topic).replay(bars, rate, (n, t, b) -> { }, () -> false);
    }

    static List<Bar> after(Map<String, List<Bar>> series, int from) {
        List<List<Bar>> rest = new ArrayList<>();
        series.values().forEach(b -> rest.add(b.subList(from, b.size())));
        return BarReplayer.interleave(rest);
    }

    /** Runs the full service until {@code expected} predictions; returns records/s between the first and last prediction. */
    double fullPipeline(ServiceConfig cfg, long expected) throws Exception {
        try (BarcastService service = BarcastService.start(cfg, Trainer.lstm(cfg.trainingLstm()))) {
            LongSupplier predictions = () -> (long) service.metricsSetup().registry().find(BarcastMetrics.PREDICTIONS)
                    .counters().stream().mapToDouble(Counter::count).sum();
            return rate("full pipeline", predictions, expected, () -> cpuNanos(STREAM_THREAD));
        }
    }

    /** A bare pass-through topology (same broker, serdes and guarantee; no state, no model). */
    double passThrough(String inputTopic, String guarantee, int threads, long expected) throws Exception {
        String appId = "bench-pass-" + UUID.randomUUID().toString().substring(0, 6);
        broker.createTopics(Map.of(appId + "-out", partitions));
        AtomicLong count = new AtomicLong();
        Topology t = new Topology();
        t.addSource("in", new ByteArrayDeserializer(), new ByteArrayDeserializer(), inputTopic);
        t.addProcessor("count", () -> new Processor<byte[], byte[], byte[], byte[]>() {
            private ProcessorContext<byte[], byte[]> context;

            @Override
            public void init(ProcessorContext<byte[], byte[]> c) {
                context = c;
            }

            @Override
            public void process(Record<byte[], byte[]> record) {
                context.forward(record);
                count.incrementAndGet();
            }
        }, "in");
        t.addSink("out", appId + "-out", new ByteArraySerializer(), new ByteArraySerializer(), "count");
        Properties p = new Properties();
        p.putAll(broker.clientProperties());
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, appId);
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateRoot.resolve(appId).toString());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, guarantee);
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "100");
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, threads);
        p.put("auto.offset.reset", "earliest");
        try (KafkaStreams streams = new KafkaStreams(t, p)) {
            streams.start();
            return rate("pass-through", count::get, expected, () -> cpuNanos(STREAM_THREAD));
        }
    }

    /** The CPU time of the live threads whose name has {@code part} in it, in ns (a steadier cost than the wall clock's). */
    static long cpuNanos(String part) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            long ns = t.getName().contains(part) ? mx.getThreadCpuTime(t.getId()) : -1;
            sum += Math.max(0, ns);
        }
        return sum;
    }

    private double rate(String what, LongSupplier counter, long expected, LongSupplier cpu) throws InterruptedException {
        long deadline = System.nanoTime() + 30L * 60 * 1_000_000_000L;
        long firstAt = 0;
        long firstCount = 0;
        long firstCpu = 0;
        long lastReport = System.nanoTime();
        while (true) {
            long n = counter.getAsLong();
            long now = System.nanoTime();
            if (firstAt == 0 && n > 0) {
                firstAt = now;
                firstCount = n;
                firstCpu = cpu.getAsLong();
            }
            if (n >= expected) {
                double seconds = (now - firstAt) / 1e9;
                if (n - firstCount < expected / 2 || seconds < 0.05) {
                    out.printf(java.util.Locale.ROOT, "  %-14s %,d records, %,d of them already in the first 20 ms poll: too few to time%n",
                            what, n, firstCount);
                    return Double.NaN;
                }
                double r = (n - firstCount) / seconds;
                out.printf(java.util.Locale.ROOT, "  %-14s %,d records in %.1f s: %,.0f records/s%n", what, n, seconds, r);
                out.printf(java.util.Locale.ROOT, "  %-14s stream threads' CPU %.1f µs a record%n", what,
                        (cpu.getAsLong() - firstCpu) / 1e3 / (n - firstCount));
                return r;
            }
            if (now > deadline) {
                throw new IllegalStateException(what + ": only " + n + " of " + expected + " records after 30 min");
            }
            if (now - lastReport > 10_000_000_000L) {
                out.printf(java.util.Locale.ROOT, "  %-14s ... %,d / %,d%n", what, n, expected);
                lastReport = now;
            }
            Thread.sleep(20);
        }
    }

    Map<String, Object> clientProps() {
        return new HashMap<>(broker.clientProperties());
    }

    @Override
    public void close() {
        broker.close();
        try (var paths = Files.walk(stateRoot)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (Exception ignored) {
            // best effort
        }
    }
}
