package io.barcast.bench;

import io.barcast.service.ServiceKeys;
import io.barcast.bar.Bar;
import io.barcast.service.ServiceConfig;

import org.apache.kafka.streams.StreamsConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/** The pipeline benchmarks of BENCHMARKS.md: {@code bench pipeline|memory} ({@code latency} and {@code retrain} have their own classes). */
final class BenchPipelineCommands {

    private BenchPipelineCommands() {
    }

    @Command(name = "pipeline", mixinStandardHelpOptions = true, showDefaultValues = true,
            description = "Backfill throughput: full topology with models present vs a bare pass-through, same broker and input.")
    static final class Pipeline implements Callable<Integer> {
        @Mixin
        ServiceBenchOptions options = new ServiceBenchOptions(50);
        @Option(names = "--bars", defaultValue = "2000", description = "Bars per symbol, including the seeded window")
        int bars;
        @Option(names = "--guarantee", defaultValue = "exactly_once_v2")
        String guarantee;
        @Option(names = "--rounds", defaultValue = "3", description = "Rounds of both applications on the same input; all but the last warm the JIT up")
        int rounds;
        @Option(names = "--threads", defaultValue = "1", description = "num.stream.threads of both applications")
        int threads;

        @Override
        public Integer call() throws Exception {
            ServiceConfig base = options.service();
            int window = base.windowBars();
            int symbols = options.symbols();
            System.out.printf(Locale.ROOT, "bench pipeline: %d symbols x %d bars (window %d seeded), %s, 4 partitions, %d stream thread(s), "
                            + "%d round(s), OMP_NUM_THREADS=%s%n", symbols, bars, window, guarantee, threads, rounds,
                    System.getenv().getOrDefault("OMP_NUM_THREADS", "unset"));
            Map<String, List<Bar>> series = SyntheticSeries.many(symbols, bars);
            try (PipelineBench bench = new PipelineBench(System.out, 4)) {
                byte[] snapshot = PipelineBench.referenceSnapshot(series.values().iterator().next().subList(0, window), base.model());
                String input = "bench-bars-" + UUID.randomUUID().toString().substring(0, 6);
                bench.broker().createTopics(Map.of(input, 4));
                List<Bar> rest = PipelineBench.after(series, window);
                bench.produce(input, rest, 0);
                for (int round = 1; round <= rounds; round++) {
                    System.out.printf(Locale.ROOT, " round %d of %d%s%n", round, rounds, round < rounds ? " (warm-up)" : "");
                    String appId = "bench-full-" + UUID.randomUUID().toString().substring(0, 6);
                    bench.seed(appId, series, window, snapshot);
                    double pass = bench.passThrough(input, guarantee, threads, rest.size());
                    double full = bench.fullPipeline(bench.config(options.settings(), appId, input, guarantee,
                            Map.of(StreamsConfig.NUM_STREAM_THREADS_CONFIG, Integer.toString(threads))), rest.size());
                    if (Double.isNaN(full) || Double.isNaN(pass)) {
                        System.out.println("  full pipeline / pass-through: not measurable at this size (use more --symbols or --bars)");
                    } else {
                        System.out.printf(Locale.ROOT, "  full pipeline / pass-through: %.1f%% (%,.0f vs %,.0f records/s)%n", 100 * full / pass, full, pass);
                    }
                }
            }
            return 0;
        }
    }

    @Command(name = "memory", mixinStandardHelpOptions = true, showDefaultValues = true,
            description = "Resident memory of a service process holding N symbols, each with a full window and a model.")
    static final class Memory implements Callable<Integer> {
        @Mixin
        ServiceBenchOptions options = new ServiceBenchOptions(500);
        @Option(names = "--heap", defaultValue = "1g", description = "-Xmx of the service process")
        String heap;

        @Override
        public Integer call() throws Exception {
            ServiceConfig base = options.service();
            int window = base.windowBars();
            int symbols = options.symbols();
            Map<String, List<Bar>> series = SyntheticSeries.many(symbols, window + 2);
            System.out.printf(Locale.ROOT, "bench memory: %d symbols x window %d with a model each; service in its own JVM (-Xmx%s)%n",
                    symbols, window, heap);
            try (PipelineBench bench = new PipelineBench(System.out, 4)) {
                byte[] snapshot = PipelineBench.referenceSnapshot(series.values().iterator().next().subList(0, window), base.model());
                String appId = "bench-mem-" + UUID.randomUUID().toString().substring(0, 6);
                String input = appId + "-bars";
                bench.broker().createTopics(Map.of(input, 4));
                bench.seed(appId, series, window, snapshot);
                System.out.printf(Locale.ROOT, "  seeded %d windows and models (%d bytes per model snapshot)%n", symbols, snapshot.length);
                Path cfgFile = Files.createTempFile("barcast-mem", ".properties");
                Properties p = bench.properties(options.settings(), appId, input, StreamsConfig.EXACTLY_ONCE_V2, Map.of(ServiceKeys.HTTP_PORT.name(), "18765"));
                try (var w = Files.newBufferedWriter(cfgFile)) {
                    p.store(w, "bench memory");
                }
                String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
                ProcessBuilder pb = new ProcessBuilder(java, "--add-modules", "jdk.incubator.vector", "-Xmx" + heap, "-cp", System.getProperty("java.class.path"),
                        "io.barcast.cli.Main", "run", "--config", cfgFile.toString());
                pb.environment().put("OMP_NUM_THREADS", "1");
                pb.redirectErrorStream(true).redirectOutput(Path.of(System.getProperty("java.io.tmpdir"), appId + ".log").toFile());
                Process child = pb.start();
                try {
                    HttpClient http = HttpClient.newHttpClient();
                    awaitReady(http);
                    long rssIdle = rssKb(child.pid());
                    bench.produce(input, PipelineBench.after(series, window), 0);
                    long expected = 2L * symbols;
                    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
                    while (predictions(http) < expected) {
                        if (System.nanoTime() > deadline) {
                            throw new IllegalStateException("service did not predict all symbols in 10 minutes");
                        }
                        Thread.sleep(200);
                    }
                    long rss = rssKb(child.pid());
                    Thread.sleep(10_000);
                    long rssLater = rssKb(child.pid());
                    System.out.printf(Locale.ROOT, "  RSS after restore: %.0f MB; after %d predictions: %.0f MB; 10 s later: %.0f MB%n",
                            rssIdle / 1024.0, expected, rss / 1024.0, rssLater / 1024.0);
                } finally {
                    child.destroy();
                    child.waitFor(30, TimeUnit.SECONDS);
                    child.destroyForcibly();
                }
            }
            return 0;
        }

        private static void awaitReady(HttpClient http) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
            while (System.nanoTime() < deadline) {
                try {
                    if (http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:18765/ready")).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        return;
                    }
                } catch (java.io.IOException e) {
                    // not up yet
                }
                Thread.sleep(250);
            }
            throw new IllegalStateException("service not ready in 5 minutes");
        }

        private static long predictions(HttpClient http) throws Exception {
            String body = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:18765/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            return (long) body.lines().filter(l -> l.startsWith("barcast_predictions_published_total"))
                    .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
        }

        static long rssKb(long pid) throws java.io.IOException {
            return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream().filter(l -> l.startsWith("VmRSS:"))
                    .map(l -> Long.parseLong(l.replaceAll("[^0-9]", ""))).findFirst().orElse(-1L);
        }
    }

}
