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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service runs as its own JVM process against a real broker and is killed with SIGKILL three times while 20
 * symbols' bars stream in, each time restarted on the same state directory. The kills are placed by progress, not
 * by the clock: the first lands once every symbol has a committed model, each later one once the restarted process
 * has itself committed predictions for every symbol (so all its tasks were restored), and each while bars are arriving (a fresh slice of the input is released just
 * before it, and it lands 0.5-2 s later at a random point). Under exactly-once and read_committed:
 * <ul>
 *   <li>every bar from a symbol's first prediction on has exactly one prediction, with no duplicates or gaps;</li>
 *   <li>every prediction but the last has exactly one outcome, for the next bar, with that bar's close, and the
 *       outcome repeats the prediction; the running count says no outcome was counted twice;</li>
 *   <li>every restart restored all 20 models from the model store, and no training ran off its schedule (finished
 *       jobs at least {@code EVERY} bars apart, one training-loss record per job);</li>
 *   <li>nothing was dead-lettered.</li>
 * </ul>
 */
@Tag("slow")
@Tag("integration")
class CrashSafetyTest {

    private static final Logger log = LoggerFactory.getLogger(CrashSafetyTest.class);

    static final int SYMBOLS = 20;
    static final int BARS = Integer.getInteger("barcast.crash.bars", 1000);
    static final int WINDOW = 60;
    static final int EVERY = 150;
    static final int KILLS = 3;
    /** Bars per second replayed, all symbols together. */
    static final double RATE = 400;
    /** Share of the input in the first slice (first models), in each slice released before a kill, and the rest. */
    static final double FIRST_SLICE = 0.3;
    static final double KILL_SLICE = 0.15;
    private static final Pattern RESTORED = Pattern.compile("Task (\\S+) restored (\\d+) model\\(s\\) from the model store");

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
        // Step 1: 20 symbols' bars, fed in slices at a steady rate while the service runs as its own process.
        String app = "crash-" + UUID.randomUUID().toString().substring(0, 6);
        Map<String, List<Bar>> series = new TreeMap<>();
        for (int s = 0; s < SYMBOLS; s++) {
            String symbol = String.format("C%02d", s);
            series.put(symbol, SyntheticBars.autoregressive(symbol, BARS, 0.3, 0.01, 100 + s));
        }
        List<Bar> input = BarReplayer.interleave(new ArrayList<>(series.values()));
        List<List<Bar>> slices = slices(input);
        broker.createTopics(Map.of(app + "-bars", 4));
        Path config = writeConfig(app);
        List<Path> logs = new ArrayList<>();
        List<Long> startedAt = new ArrayList<>();
        List<Long> killedAt = new ArrayList<>();
        Semaphore released = new Semaphore(0);
        AtomicReference<Throwable> feedFailure = new AtomicReference<>();
        Thread feeder = new Thread(() -> {
            try {
                for (List<Bar> slice : slices) {
                    if (!released.tryAcquire(10, TimeUnit.MINUTES)) {
                        throw new IllegalStateException("slice never released");
                    }
                    new BarReplayer(broker.clientProperties(), app + "-bars").replay(slice, RATE, (n, t, b) -> { }, () -> false);
                }
            } catch (Throwable e) {
                feedFailure.set(e);
            }
        }, "crash-test-feeder");
        feeder.setDaemon(true);

        ServiceProcess service = start(config, logs, startedAt);
        Random random = new Random(7);
        try {
            feeder.start();
            released.release(); // the first slice: every symbol fills its window and gets its first model
            Set<String> names = series.keySet();
            kit.readUntil(app + "-training-loss", Duration.ofMinutes(3), ls -> ls.stream()
                    .filter(l -> l.get("promoted").asBoolean()).map(l -> l.get("symbol").asText())
                    .collect(Collectors.toSet()).containsAll(names));
            log.info("Every symbol has a committed model");

            // Step 2: three SIGKILLs, each while bars arrive, each after the running process committed output.
            for (int kill = 0; kill < KILLS; kill++) {
                released.release(); // a fresh slice, so that the process is busy when it dies
                Thread.sleep(500 + random.nextInt(1500));
                killedAt.add(System.currentTimeMillis());
                assertThat(service.kill(Duration.ofSeconds(30))).as("process %d died", kill + 1).isTrue();
                log.info("Killed process {}", kill + 1);
                service = start(config, logs, startedAt);
                long since = startedAt.get(startedAt.size() - 1);
                kit.readUntil(app + "-predictions", Duration.ofMinutes(3), ps -> ps.stream()
                        .filter(p -> p.get("producedAt").asLong() >= since).map(p -> p.get("symbol").asText())
                        .collect(Collectors.toSet()).containsAll(names));
                log.info("Process {} committed predictions for every symbol", kill + 2);
            }
            released.release(); // the rest of the input
            feeder.join(Duration.ofMinutes(5).toMillis());
            assertThat(feeder.isAlive()).as("the feeder finished").isFalse();
            assertThat(feedFailure.get()).as("the feeder").isNull();
            waitForAllInputConsumed(app, series, Duration.ofMinutes(5));
        } finally {
            service.stop();
        }

        // Step 3: check the committed outputs.
        List<JsonNode> predictions = kit.readAll(app + "-predictions");
        List<JsonNode> outcomes = kit.readAll(app + "-outcomes");
        List<JsonNode> losses = kit.readAll(app + "-training-loss");
        assertThat(kit.readAll(app + "-rejected")).as("dead letters").isEmpty();
        assertThat(predictions).as("no bar was corrected").noneMatch(p -> p.get("correction").asBoolean());
        assertThat(outcomes).as("no bar was corrected").noneMatch(o -> o.get("correction").asBoolean());
        for (int process = 1; process < startedAt.size(); process++) {
            long from = startedAt.get(process);
            long to = process < killedAt.size() ? killedAt.get(process) : Long.MAX_VALUE;
            assertThat(predictions.stream().filter(p -> p.get("producedAt").asLong() >= from
                    && p.get("producedAt").asLong() < to).map(p -> p.get("symbol").asText()).collect(Collectors.toSet()))
                    .as("symbols process %d committed predictions for before it was killed", process + 1)
                    .containsAll(series.keySet());
        }
        for (Map.Entry<String, List<Bar>> e : series.entrySet()) {
            assertOnePredictionAndOutcomePerBar(e.getKey(), e.getValue(), predictions, outcomes);
            assertTrainedOnSchedule(e.getKey(), e.getValue(), losses);
        }

        // Windows and models came back from the stores at each restart: all 20 models, over the 4 tasks.
        for (int process = 1; process < logs.size(); process++) {
            Map<String, Integer> restored = restoredModels(logs.get(process));
            log.info("Process {} restored models per task: {}", process + 1, restored);
            assertThat(restored).as("tasks of process %d", process + 1).hasSize(4);
            assertThat(restored.values().stream().mapToInt(Integer::intValue).sum())
                    .as("models restored by process %d", process + 1).isEqualTo(SYMBOLS);
        }
    }

    /**
     * From the symbol's first prediction on, exactly one prediction per bar; the first comes from model v1, trained
     * through the bar that filled the window. Every prediction but the last has one outcome, for the next bar, with
     * its close, repeating the prediction; the last outcome's running count is the number of outcomes.
     */
    private static void assertOnePredictionAndOutcomePerBar(String symbol, List<Bar> bars, List<JsonNode> allPredictions,
                                                            List<JsonNode> allOutcomes) {
        List<JsonNode> predictions = allPredictions.stream().filter(p -> p.get("symbol").asText().equals(symbol)).toList();
        assertThat(predictions).as("predictions of %s", symbol).isNotEmpty();
        JsonNode first = predictions.get(0);
        assertThat(first.get("modelVersion").asLong()).as("%s's first prediction's model", symbol).isEqualTo(1);
        assertThat(first.get("trainedThrough").asText()).isEqualTo(bars.get(WINDOW - 1).date().toString());
        LocalDate firstDate = LocalDate.parse(first.get("asOf").asText());
        List<String> expected = bars.stream().filter(b -> !b.date().isBefore(firstDate)).map(b -> b.date().toString()).toList();
        assertThat(predictions.stream().map(p -> p.get("asOf").asText()).toList())
                .as("one prediction per bar of %s after its first model, no duplicates, no gaps", symbol)
                .containsExactlyElementsOf(expected);

        Map<String, JsonNode> predictionByAsOf = new HashMap<>();
        predictions.forEach(p -> predictionByAsOf.put(p.get("asOf").asText(), p));
        Map<String, Bar> barByDate = new HashMap<>();
        bars.forEach(b -> barByDate.put(b.date().toString(), b));
        List<JsonNode> outcomes = allOutcomes.stream().filter(o -> o.get("symbol").asText().equals(symbol)).toList();
        assertThat(outcomes.stream().map(o -> o.get("asOf").asText()).toList())
                .as("%s: one outcome per prediction but the last, in order, no duplicates", symbol)
                .containsExactlyElementsOf(expected.subList(0, expected.size() - 1));
        for (JsonNode o : outcomes) {
            JsonNode p = predictionByAsOf.get(o.get("asOf").asText());
            String target = expected.get(expected.indexOf(o.get("asOf").asText()) + 1);
            assertThat(o.get("targetDate").asText()).as("outcome %s is for the next bar", o).isEqualTo(target);
            assertThat(o.get("actualClose").asDouble()).as("outcome %s", o).isEqualTo(barByDate.get(target).close());
            assertThat(o.get("lastClose").asDouble()).as("outcome %s", o).isEqualTo(p.get("lastClose").asDouble());
            assertThat(o.get("predictedClose").asDouble()).as("outcome %s", o).isEqualTo(p.get("predictedClose").asDouble());
            assertThat(o.get("modelVersion").asLong()).as("outcome %s", o).isEqualTo(p.get("modelVersion").asLong());
        }
        assertThat(outcomes.get(outcomes.size() - 1).get("count").asLong()).as("%s running count", symbol)
                .isEqualTo(outcomes.size());
    }

    /** One training-loss record per job version; finished jobs at least EVERY bars apart (no retraining after a kill). */
    private static void assertTrainedOnSchedule(String symbol, List<Bar> bars, List<JsonNode> allLosses) {
        List<JsonNode> losses = allLosses.stream().filter(l -> l.get("symbol").asText().equals(symbol)).toList();
        assertThat(losses.stream().map(l -> l.get("modelVersion").asLong()).toList())
                .as("%s: one training-loss record per job", symbol).isNotEmpty().doesNotHaveDuplicates().isSorted();
        List<Integer> jobEnds = losses.stream().map(l -> indexOf(bars, l.get("windowEnd").asText())).toList();
        assertThat(jobEnds.get(0)).as("%s's first job", symbol).isEqualTo(WINDOW - 1);
        for (int i = 1; i < jobEnds.size(); i++) {
            assertThat(jobEnds.get(i) - jobEnds.get(i - 1)).as("bars between trainings of %s", symbol)
                    .isGreaterThanOrEqualTo(EVERY);
        }
    }

    /** The first slice, one slice per kill, and the rest. */
    private static List<List<Bar>> slices(List<Bar> input) {
        List<List<Bar>> slices = new ArrayList<>();
        int from = 0;
        for (int k = 0; k <= KILLS; k++) {
            int to = (int) (input.size() * (FIRST_SLICE + k * KILL_SLICE));
            slices.add(input.subList(from, to));
            from = to;
        }
        slices.add(input.subList(from, input.size()));
        return slices;
    }

    /** Per task, the number of models the first initialisation of that task restored, from a process's log. */
    private static Map<String, Integer> restoredModels(Path log) throws IOException {
        Map<String, Integer> restored = new LinkedHashMap<>();
        for (String line : Files.readAllLines(log)) {
            Matcher m = RESTORED.matcher(line);
            if (m.find()) {
                restored.putIfAbsent(m.group(1), Integer.parseInt(m.group(2)));
            }
        }
        return restored;
    }

    private Path writeConfig(String app) throws IOException {
        Properties p = SmallServiceConfig.smallConfig(broker.bootstrapServers(), app, dir.resolve("state"), 4);
        p.setProperty("window.bars", Integer.toString(WINDOW));
        p.setProperty("retrain.every.bars", Integer.toString(EVERY));
        return SmallServiceConfig.write(p, dir.resolve("crash.properties"));
    }

    private static ServiceProcess start(Path config, List<Path> logs, List<Long> startedAt) throws IOException {
        Path logDir = Files.createDirectories(Path.of("target", "crash-safety-logs"));
        Path log = logDir.resolve("service-" + logs.size() + ".log"); // kept after the test for diagnosis
        logs.add(log);
        startedAt.add(System.currentTimeMillis());
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
