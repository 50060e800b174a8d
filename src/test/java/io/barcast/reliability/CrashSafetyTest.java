package io.barcast.reliability;

import io.barcast.bar.Bar;
import io.barcast.broker.EmbeddedKafka;
import io.barcast.events.Json;
import io.barcast.replay.BarReplayer;
import io.barcast.testing.SyntheticBars;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service runs as its own JVM process against a real broker and is killed with SIGKILL three
 * times at random points while 20 symbols' bars are processed, then restarted on the same state
 * directory. Under exactly-once, read_committed, every bar after a symbol's first model has
 * exactly one prediction, every outcome matches its prediction, and the restarts restore windows
 * and models instead of retraining.
 */
@Tag("slow")
class CrashSafetyTest {

    static final int SYMBOLS = 20;
    static final int BARS = Integer.getInteger("barcast.crash.bars", 1000);
    static final int WINDOW = 60;
    static final int EVERY = 150;
    /** Bars per second replayed, all symbols together. */
    static final double RATE = 400;

    static EmbeddedKafka broker;

    @TempDir
    Path dir;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedKafka.start(EmbeddedKafka.Options.defaults().withNumPartitions(4));
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Test
    void shouldPublishExactlyOnePredictionPerBarAcrossThreeSigkills() throws Exception {
        // Step 1: 20 symbols' bars are replayed at a steady rate while the service runs as its own process.
        String app = "crash-" + UUID.randomUUID().toString().substring(0, 6);
        Map<String, List<Bar>> series = new TreeMap<>();
        for (int s = 0; s < SYMBOLS; s++) {
            String symbol = String.format("C%02d", s);
            series.put(symbol, SyntheticBars.autoregressive(symbol, BARS, 0.3, 0.01, 100 + s));
        }
        broker.createTopics(Map.of(app + "-bars", 4));
        Path config = writeConfig(app);
        List<Path> logs = new ArrayList<>();
        Process service = start(config, logs);
        java.util.concurrent.atomic.AtomicReference<Throwable> replayFailure = new java.util.concurrent.atomic.AtomicReference<>();
        Thread replay = new Thread(() -> {
            try {
                new BarReplayer(broker.clientProperties(), app + "-bars")
                        .replay(BarReplayer.interleave(new ArrayList<>(series.values())), RATE, (n, t, b) -> { }, () -> false);
            } catch (Exception e) {
                replayFailure.set(e);
            }
        }, "crash-test-replay");
        replay.start();

        // Step 2: kill the process with SIGKILL three times at random points, restarting it each time.
        Random random = new Random(7);
        double replaySeconds = (double) SYMBOLS * BARS / RATE;
        try {
            long replayStart = System.nanoTime();
            for (int kill = 0; kill < 3; kill++) {
                // Random points at about 30%, 50% and 70% of the replay, after the first models exist.
                long at = replayStart + (long) (1e9 * replaySeconds * (0.25 + 0.2 * kill + 0.1 * random.nextDouble()));
                Thread.sleep(Math.max(0, (at - System.nanoTime()) / 1_000_000));
                service.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // no clean shutdown, no group leave
                service = start(config, logs);
            }
            replay.join();
            assertThat(replayFailure.get()).isNull();
            waitForAllInputConsumed(app, series, Duration.ofMinutes(5));
        } finally {
            service.destroy();
            if (!service.waitFor(60, TimeUnit.SECONDS)) {
                service.destroyForcibly();
            }
        }

        // Step 3: check the committed outputs.
        List<JsonNode> predictions = readAll(app + "-predictions");
        List<JsonNode> outcomes = readAll(app + "-outcomes");
        List<JsonNode> losses = readAll(app + "-training-loss");
        assertThat(readAll(app + "-rejected")).isEmpty();
        for (Map.Entry<String, List<Bar>> e : series.entrySet()) {
            String symbol = e.getKey();
            List<Bar> bars = e.getValue();
            List<JsonNode> mine = predictions.stream().filter(p -> p.get("symbol").asText().equals(symbol)).toList();
            assertThat(mine).as("predictions of %s", symbol).isNotEmpty();
            LocalDate first = LocalDate.parse(mine.get(0).get("asOf").asText());
            List<String> expected = bars.stream().filter(b -> !b.date().isBefore(first)).map(b -> b.date().toString()).toList();
            List<String> actual = mine.stream().map(p -> p.get("asOf").asText()).toList();
            assertThat(actual).as("one prediction per bar of %s after its first model, no duplicates, no gaps", symbol)
                    .containsExactlyElementsOf(expected);

            Map<String, JsonNode> byAsOf = new HashMap<>();
            mine.forEach(p -> byAsOf.put(p.get("asOf").asText(), p));
            Map<LocalDate, Double> closes = new HashMap<>();
            bars.forEach(b -> closes.put(b.date(), b.close()));
            List<JsonNode> myOutcomes = outcomes.stream().filter(o -> o.get("symbol").asText().equals(symbol)).toList();
            assertThat(myOutcomes).hasSize(expected.size() - 1);
            for (JsonNode o : myOutcomes) {
                JsonNode p = byAsOf.get(o.get("asOf").asText());
                assertThat(p).as("outcome %s has its prediction", o).isNotNull();
                assertThat(o.get("predictedClose").asDouble()).isEqualTo(p.get("predictedClose").asDouble());
                assertThat(o.get("modelVersion").asLong()).isEqualTo(p.get("modelVersion").asLong());
                assertThat(o.get("actualClose").asDouble()).isEqualTo(closes.get(LocalDate.parse(o.get("targetDate").asText())));
            }

            // No retraining beyond the schedule: finished jobs are at least EVERY bars apart.
            List<Integer> jobEnds = losses.stream().filter(l -> l.get("symbol").asText().equals(symbol))
                    .map(l -> indexOf(bars, l.get("windowEnd").asText())).toList();
            assertThat(jobEnds).isNotEmpty().isSorted();
            for (int i = 1; i < jobEnds.size(); i++) {
                assertThat(jobEnds.get(i) - jobEnds.get(i - 1)).as("bars between trainings of %s", symbol).isGreaterThanOrEqualTo(EVERY);
            }
        }
        // Windows and models came back from the stores after each kill.
        long restoredModels = 0;
        for (Path log : logs.subList(1, logs.size())) {
            restoredModels += Files.readAllLines(log).stream().filter(l -> l.contains("restored") && !l.contains("restored 0 model"))
                    .count();
        }
        assertThat(restoredModels).as("restarts restored models from the model store").isPositive();
    }

    private Path writeConfig(String app) throws IOException {
        Properties p = io.barcast.testing.SmallServiceConfig.smallConfig(broker.bootstrapServers(), app, dir.resolve("state"), 4);
        p.setProperty("window.bars", Integer.toString(WINDOW));
        p.setProperty("retrain.every.bars", Integer.toString(EVERY));
        Path file = dir.resolve("crash.properties");
        try (var w = Files.newBufferedWriter(file)) {
            p.store(w, null);
        }
        return file;
    }

    private Process start(Path config, List<Path> logs) throws IOException {
        Path logDir = Path.of("target", "crash-safety-logs");
        Files.createDirectories(logDir);
        Path log = logDir.resolve("service-" + logs.size() + ".log"); // kept after the test for diagnosis
        logs.add(log);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "--add-modules", "jdk.incubator.vector", "-Xmx768m", "-cp", System.getProperty("java.class.path"),
                "io.barcast.cli.Main", "run", "--config", config.toString());
        pb.environment().put("OMP_NUM_THREADS", "1");
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        return pb.start();
    }

    /** Waits until every symbol's last bar has a committed prediction. */
    private void waitForAllInputConsumed(String app, Map<String, List<Bar>> series, Duration timeout) throws IOException {
        Map<String, String> lastDates = new HashMap<>();
        series.forEach((s, b) -> lastDates.put(s, b.get(b.size() - 1).date().toString()));
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<String, byte[]> c = consumer()) {
            c.subscribe(List.of(app + "-predictions"));
            while (!lastDates.isEmpty()) {
                assertThat(System.nanoTime()).as("symbols without their last prediction: %s", lastDates.keySet()).isLessThan(deadline);
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
                    JsonNode v = Json.mapper().readTree(r.value());
                    lastDates.remove(v.get("symbol").asText(), v.get("asOf").asText());
                }
            }
        }
    }

    private List<JsonNode> readAll(String topic) throws IOException {
        List<JsonNode> all = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> c = consumer()) {
            c.subscribe(List.of(topic));
            int idle = 0;
            while (idle < 10) {
                var records = c.poll(Duration.ofMillis(300));
                idle = records.isEmpty() ? idle + 1 : 0;
                for (ConsumerRecord<String, byte[]> r : records) {
                    all.add(Json.mapper().readTree(r.value()));
                }
            }
        }
        return all;
    }

    private KafkaConsumer<String, byte[]> consumer() {
        return io.barcast.testing.CommittedReader.consumer(broker.clientProperties(), "crash-reader");
    }

    private static int indexOf(List<Bar> bars, String date) {
        for (int i = 0; i < bars.size(); i++) {
            if (bars.get(i).date().toString().equals(date)) {
                return i;
            }
        }
        throw new AssertionError("no bar dated " + date);
    }
}
