package io.barcast.bench;

import io.barcast.bar.Bar;
import io.barcast.events.Json;
import io.barcast.forecast.Trainer;
import io.barcast.options.RateOption;
import io.barcast.service.BarcastService;
import io.barcast.service.ServiceConfig;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/** {@code bench latency}: end-to-end latency under exactly-once and at-least-once (BENCHMARKS.md). */
@Command(name = "latency", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "End-to-end latency from bar produced to prediction consumed (read_committed) at a steady rate.")
final class BenchLatencyCommand implements Callable<Integer> {
    @Mixin
    ServiceBenchOptions options = new ServiceBenchOptions(10);
    @Mixin
    RateOption rate = new RateOption(50);
    @Option(names = "--seconds", defaultValue = "30", description = "Seconds of steady load")
    int seconds;
    @Option(names = "--warmup", defaultValue = "5", description = "Seconds at the start reported separately (JIT, first transactions)")
    int warmup;

    @Override
    public Integer call() throws Exception {
        ServiceConfig base = options.service();
        int window = base.windowBars();
        int symbols = options.symbols();
        double rate = this.rate.rate();
        int perSymbol = window + (int) Math.ceil(rate * seconds / symbols) + 1;
        Map<String, List<Bar>> series = SyntheticSeries.many(symbols, perSymbol);
        System.out.printf(Locale.ROOT, "bench latency: %d symbols, %.0f bars/s for %d s, window %d, OMP_NUM_THREADS=%s%n",
                symbols, rate, seconds, window, System.getenv().getOrDefault("OMP_NUM_THREADS", "unset"));
        try (PipelineBench bench = new PipelineBench(System.out, 4)) {
            byte[] snapshot = PipelineBench.referenceSnapshot(series.values().iterator().next().subList(0, window), base.model());
            for (String guarantee : List.of(StreamsConfig.EXACTLY_ONCE_V2, StreamsConfig.AT_LEAST_ONCE)) {
                String appId = "bench-lat-" + guarantee.replace('_', '-') + "-" + UUID.randomUUID().toString().substring(0, 6);
                String input = appId + "-bars";
                bench.broker().createTopics(Map.of(input, 4));
                bench.seed(appId, series, window, snapshot);
                ServiceConfig cfg = bench.config(options.settings(), appId, input, guarantee, Map.of());
                try (BarcastService service = BarcastService.start(cfg, Trainer.lstm(cfg.trainingLstm()))) {
                    if (!service.awaitRunning(Duration.ofSeconds(60))) {
                        throw new IllegalStateException("service did not start");
                    }
                    List<long[]> latencies = new ArrayList<>();
                    AtomicBoolean stop = new AtomicBoolean();
                    CountDownLatch subscribed = new CountDownLatch(1);
                    Thread reader = new Thread(() -> read(bench, cfg.topics().predictions(), latencies, stop, subscribed), "latency-reader");
                    reader.start();
                    subscribed.await(30, TimeUnit.SECONDS);
                    bench.produce(input, PipelineBench.after(series, window), rate);
                    Thread.sleep(3000);
                    stop.set(true);
                    reader.join();
                    List<long[]> rows;
                    synchronized (latencies) {
                        rows = new ArrayList<>(latencies);
                    }
                    long first = rows.stream().mapToLong(r -> r[3]).min().orElse(0);
                    List<long[]> steady = rows.stream().filter(r -> r[3] >= first + warmup * 1000L).toList();
                    report(guarantee + ", all", rows);
                    report(guarantee + ", after " + warmup + " s", steady);
                }
            }
        }
        return 0;
    }

    /** Prints p50/p99/max of the three latencies of {@code rows}. */
    private static void report(String label, List<long[]> rows) {
        long[] total = sortedColumn(rows, 0);
        long[] processed = sortedColumn(rows, 1);
        long[] visible = sortedColumn(rows, 2);
        System.out.printf(Locale.ROOT, "  %-30s %,5d predictions: p50 %3d ms, p99 %3d ms, max %3d ms%n", label,
                total.length, pct(total, 0.50), pct(total, 0.99), max(total));
        System.out.printf(Locale.ROOT, "  %-30s   bar produced -> prediction made: p50 %3d ms, p99 %3d ms, max %3d ms%n", "",
                pct(processed, 0.50), pct(processed, 0.99), max(processed));
        System.out.printf(Locale.ROOT, "  %-30s   prediction made -> consumed:     p50 %3d ms, p99 %3d ms, max %3d ms%n", "",
                pct(visible, 0.50), pct(visible, 0.99), max(visible));
    }

    private static long max(long[] sorted) {
        return sorted.length == 0 ? -1 : sorted[sorted.length - 1];
    }

    private static long[] sortedColumn(List<long[]> rows, int column) {
        return rows.stream().mapToLong(r -> r[column]).sorted().toArray();
    }

    /** Per prediction: bar produced -> consumed, bar produced -> prediction made, prediction made -> consumed (ms), bar timestamp. */
    private static void read(PipelineBench bench, String topic, List<long[]> latencies, AtomicBoolean stop, CountDownLatch subscribed) {
        Map<String, Object> p = bench.clientProps();
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "latency-" + UUID.randomUUID());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            consumer.poll(Duration.ofMillis(100));
            subscribed.countDown();
            while (!stop.get()) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(50))) {
                    long now = System.currentTimeMillis();
                    try {
                        JsonNode v = Json.mapper().readTree(r.value());
                        synchronized (latencies) {
                            long bar = v.get("barTimestamp").asLong();
                            long made = v.get("producedAt").asLong();
                            latencies.add(new long[]{now - bar, made - bar, now - made, bar});
                        }
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }
            }
        }
    }

    private static long pct(long[] sorted, double q) {
        if (sorted.length == 0) {
            return -1;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
    }
}
