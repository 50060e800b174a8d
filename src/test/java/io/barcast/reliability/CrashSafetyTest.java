package io.barcast.reliability;

import io.barcast.bar.Bar;
import io.barcast.broker.EmbeddedKafka;
import io.barcast.replay.BarReplayer;
import io.barcast.testing.BrokerKit;
import io.barcast.testing.ServiceProcess;
import io.barcast.testing.SmallServiceConfig;
import io.barcast.testing.SyntheticBars;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

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
    static BrokerKit kit;

    @TempDir
    Path dir;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedKafka.start(EmbeddedKafka.Options.defaults().withNumPartitions(4));
        kit = BrokerKit.of(broker);
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
        ServiceProcess service = start(config, logs);
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
                service.kill(Duration.ofSeconds(30)); // no clean shutdown, no group leave
                service = start(config, logs);
            }
            replay.join();
            assertThat(replayFailure.get()).isNull();
            waitForAllInputConsumed(app, series, Duration.ofMinutes(5));
        } finally {
            service.stop();
        }

        // Step 3: check the committed outputs.
        List<JsonNode> predictions = kit.readAll(app + "-predictions");
        List<JsonNode> outcomes = kit.readAll(app + "-outcomes");
        List<JsonNode> losses = kit.readAll(app + "-training-loss");
        assertThat(kit.readAll(app + "-rejected")).isEmpty();
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
        Properties p = SmallServiceConfig.smallConfig(broker.bootstrapServers(), app, dir.resolve("state"), 4);
        p.setProperty("window.bars", Integer.toString(WINDOW));
        p.setProperty("retrain.every.bars", Integer.toString(EVERY));
        return SmallServiceConfig.write(p, dir.resolve("crash.properties"));
    }

    private static ServiceProcess start(Path config, List<Path> logs) throws IOException {
        Path logDir = Files.createDirectories(Path.of("target", "crash-safety-logs"));
        Path log = logDir.resolve("service-" + logs.size() + ".log"); // kept after the test for diagnosis
        logs.add(log);
        return ServiceProcess.childJvm(config, log, 768);
    }

    /** Waits until every symbol's last bar has a committed prediction. */
    private static void waitForAllInputConsumed(String app, Map<String, List<Bar>> series, Duration timeout) {
        Set<String> last = new HashSet<>();
        series.forEach((s, b) -> last.add(s + " " + b.get(b.size() - 1).date()));
        kit.readUntil(app + "-predictions", timeout, ps -> ps.stream()
                .map(p -> p.get("symbol").asText() + " " + p.get("asOf").asText())
                .collect(Collectors.toSet()).containsAll(last));
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
