package io.barcast.reliability;

import io.barcast.bar.Bar;
import io.barcast.bar.CsvBarReader;
import io.barcast.broker.EmbeddedKafka;
import io.barcast.forecast.Trainer;
import io.barcast.replay.BarReplayer;
import io.barcast.service.BarcastService;
import io.barcast.service.ServiceConfig;
import io.barcast.stream.Topics;
import io.barcast.testing.StreamsStates;
import io.barcast.testing.BrokerKit;
import io.barcast.testing.ServiceHttp;
import io.barcast.testing.ServiceProcess;
import io.barcast.testing.SmallServiceConfig;
import io.barcast.testing.SyntheticBars;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static io.barcast.testing.BrokerKit.countBySymbol;
import static io.barcast.testing.SmallServiceConfig.smallConfig;
import static io.barcast.testing.SmallServiceConfig.uniqueId;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances with the same application id share a 4-partition input of 8 symbols. The second instance is a
 * separate JVM ({@code barcast run}) and is killed with SIGKILL: no clean leave, no final commit. The in-process
 * survivor must take its partitions over, restore their stores from the changelogs (standby replicas are off) and go
 * on predicting for every symbol with the models that existed before the crash, without retraining.
 *
 * <p>How long that takes follows from two waits that run side by side from the kill. The survivor learns of the
 * crash once the session timeout has expired the dead member and its next heartbeat has told it. And if the dead
 * instance was killed inside a transaction (an idle instance commits one every commit interval, because of its
 * wall-clock punctuator), its input offsets stay unstable, and the take-over cannot start, until the broker aborts
 * that transaction: {@code transaction.timeout.ms} after it began, noticed by a check every
 * {@code transaction.abort.timed.out.transaction.cleanup.interval.ms}. Here: a 6 s session timeout, a 2 s heartbeat,
 * a 5 s transaction timeout and a 1 s check. Every symbol's last new bar must then be predicted within the later of
 * the two, plus {@link #TAKE_OVER_WORK}, of the kill: timed by the service itself (each prediction's
 * {@code producedAt}), not by the test's reader.
 */
@Tag("integration")
class FailoverTest {

    private static final Logger log = LoggerFactory.getLogger(FailoverTest.class);

    private static final int PARTITIONS = 4;
    private static final int WINDOW = 40;
    /** Bars per symbol before the crash: the window fills, each symbol gets its first model and predicts. */
    private static final int BEFORE = WINDOW + 2;
    /** Bars per symbol after the crash. */
    private static final int AFTER = 5;
    private static final Duration SESSION_TIMEOUT = Duration.ofSeconds(6);
    private static final Duration HEARTBEAT = Duration.ofSeconds(2);
    private static final Duration TRANSACTION_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration ABORT_CHECK = Duration.ofSeconds(1);
    /** When the survivor can start the take-over, at the latest. */
    private static final Duration NOTICED = max(SESSION_TIMEOUT.plus(HEARTBEAT), TRANSACTION_TIMEOUT.plus(ABORT_CHECK));
    /** After the survivor learns of the crash: rejoin, restore the dead instance's stores, predict the new bars. */
    private static final Duration TAKE_OVER_WORK = Duration.ofSeconds(2);
    private static final Pattern INGESTED = Pattern.compile("^barcast_bars_ingested_total\\{[^}]*symbol=\"([^\"]+)\"[^}]*} (\\S+)$");

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "num.standby.replicas={0}")
    @ValueSource(ints = {0, 1})
    void shouldTakeOverACrashedInstancesSymbolsWithTheirStoredModelsWithoutRetraining(int standbys) throws Exception {
        Map<String, List<Bar>> series = symbols();
        List<String> names = List.copyOf(series.keySet());

        try (EmbeddedKafka broker = EmbeddedKafka.start(EmbeddedKafka.Options.defaults().withNumPartitions(1)
                .withBrokerProperties(Map.of("transaction.abort.timed.out.transaction.cleanup.interval.ms",
                        Long.toString(ABORT_CHECK.toMillis()))))) {
            BrokerKit kit = BrokerKit.of(broker);
            String id = uniqueId("failover");
            Properties common = smallConfig(broker.bootstrapServers(), id, tmp.resolve("unused"), PARTITIONS);
            common.setProperty("session.timeout.ms", Long.toString(SESSION_TIMEOUT.toMillis()));
            common.setProperty("heartbeat.interval.ms", Long.toString(HEARTBEAT.toMillis()));
            common.setProperty("producer.transaction.timeout.ms", Long.toString(TRANSACTION_TIMEOUT.toMillis()));
            common.setProperty("num.standby.replicas", Integer.toString(standbys));
            Properties a = new Properties();
            a.putAll(common);
            a.setProperty("state.dir", Files.createDirectories(tmp.resolve("state-a")).toString());
            ServiceConfig configA = ServiceConfig.of(a);
            Topics topics = configA.topics();

            Properties b = new Properties();
            b.putAll(common);
            b.setProperty("state.dir", Files.createDirectories(tmp.resolve("state-b")).toString());
            b.setProperty("http.port", Integer.toString(ServiceProcess.freePort()));
            Path fileB = SmallServiceConfig.write(b, tmp.resolve("instance-b.properties"));

            try (BarcastService survivor = ServiceProcess.inJvm(configA, Trainer.lstm());
                 ServiceProcess other = ServiceProcess.childJvm(fileB, tmp.resolve("instance-b.log"), 512)) {
                try {
                    // Step 1: both instances up and in the group.
                    other.awaitReady(Duration.ofSeconds(90));
                    StreamsStates.awaitStableRunning(survivor);

                    // Step 2: every symbol fills its window, trains its first model and predicts.
                    List<List<Bar>> before = names.stream().map(s -> series.get(s).subList(0, BEFORE)).toList();
                    kit.replay(topics.bars(), BarReplayer.interleave(before));
                    kit.readUntil(topics.predictions(), Duration.ofSeconds(90), p -> BrokerKit.symbols(p).containsAll(names));
                    List<JsonNode> lossesBefore = kit.readUntil(topics.trainingLoss(), Duration.ofSeconds(30),
                            l -> BrokerKit.symbols(l).containsAll(names));
                    Map<String, Long> lossCountBefore = countBySymbol(kit.readAll(topics.trainingLoss()));
                    Map<String, Long> versionBefore = latestModelVersion(kit.readAll(topics.predictions()));
                    log.info("Before the crash: model versions {}, training-loss records {} ({} seen)", versionBefore,
                            lossCountBefore, lossesBefore.size());

                    // Both instances own some of the symbols.
                    Set<String> onSurvivor = ingestedSymbols(ServiceHttp.metrics(survivor.httpPort()));
                    Set<String> onOther = ingestedSymbols(ServiceHttp.metrics(other.httpPort()));
                    log.info("Symbols on the survivor: {}; on the instance that will crash: {}", onSurvivor, onOther);
                    assertThat(onOther).as("the second instance owns some symbols").isNotEmpty();
                    assertThat(onSurvivor).as("the survivor owns some symbols").isNotEmpty();
                    assertThat(new TreeSet<>(union(onSurvivor, onOther))).containsExactlyElementsOf(new TreeSet<>(names));

                    // Step 3: crash the second instance (SIGKILL: no leave-group, no commit, no close).
                    long killedAt = System.currentTimeMillis();
                    assertThat(other.kill(Duration.ofSeconds(10))).isTrue();
                    log.info("Killed the second instance (exit {})", other.exitValue());

                    // Step 4: more bars for every symbol at once; the survivor predicts for ALL of them once it
                    // could notice the crash, plus the take-over work.
                    List<List<Bar>> after = names.stream().map(s -> series.get(s).subList(BEFORE, BEFORE + AFTER)).toList();
                    kit.replay(topics.bars(), BarReplayer.interleave(after));
                    Map<String, String> lastDate = new LinkedHashMap<>();
                    names.forEach(s -> lastDate.put(s, series.get(s).get(BEFORE + AFTER - 1).date().toString()));
                    List<JsonNode> latest = kit.readUntil(topics.predictions(), Duration.ofSeconds(60), p -> lastDate.entrySet().stream()
                            .allMatch(e -> p.stream().anyMatch(x -> x.get("symbol").asText().equals(e.getKey())
                                    && x.get("asOf").asText().equals(e.getValue()))));
                    Map<String, Long> predictedAfterMs = new TreeMap<>();
                    latest.stream().filter(p -> p.get("asOf").asText().equals(lastDate.get(p.get("symbol").asText())))
                            .forEach(p -> predictedAfterMs.put(p.get("symbol").asText(), p.get("producedAt").asLong() - killedAt));
                    long failoverMs = predictedAfterMs.values().stream().mapToLong(Long::longValue).max().orElseThrow();
                    log.info("Failover with num.standby.replicas={}: the last new bar of each symbol predicted this many ms"
                            + " after the crash: {} (slowest {} ms)", standbys, predictedAfterMs, failoverMs);
                    assertThat(failoverMs).as("failover time (ms) of the slowest symbol: " + predictedAfterMs)
                            .isLessThanOrEqualTo(NOTICED.plus(TAKE_OVER_WORK).toMillis());
                    assertThat(survivor.awaitRunning(Duration.ofSeconds(30))).isTrue();
                    assertThat(survivor.state()).isEqualTo(KafkaStreams.State.RUNNING);

                    // Step 5: the survivor served the dead instance's symbols with the restored models, no retraining,
                    // and exactly one prediction per new bar.
                    List<JsonNode> predictions = kit.readAll(topics.predictions());
                    for (String symbol : names) {
                        List<String> newDates = series.get(symbol).subList(BEFORE, BEFORE + AFTER).stream()
                                .map(bar -> bar.date().toString()).toList();
                        List<JsonNode> newPredictions = predictions.stream()
                                .filter(p -> p.get("symbol").asText().equals(symbol) && newDates.contains(p.get("asOf").asText()))
                                .toList();
                        assertThat(newPredictions.stream().map(p -> p.get("asOf").asText()).toList())
                                .as(symbol + ": one prediction per bar after the crash").containsExactlyElementsOf(newDates);
                        assertThat(newPredictions).as(symbol + ": served by the model that existed before the crash")
                                .allSatisfy(p -> assertThat(p.get("modelVersion").asLong()).isEqualTo(versionBefore.get(symbol)));
                    }
                    // The survivor publishes both intervals around every close it serves, restored symbols included.
                    assertThat(predictions).allSatisfy(p -> {
                        assertThat(p.get("intervals")).hasSize(2);
                        for (JsonNode band : p.get("intervals")) {
                            assertThat(band.get("lower").asDouble()).isLessThanOrEqualTo(p.get("predictedClose").asDouble());
                            assertThat(band.get("upper").asDouble()).isGreaterThanOrEqualTo(p.get("predictedClose").asDouble());
                        }
                    });
                    Thread.sleep(1000); // a retrain caused by the take-over would be submitted at the first new bar
                    Map<String, Long> lossCountAfter = countBySymbol(kit.readAll(topics.trainingLoss()));
                    assertThat(lossCountAfter).as("no training caused by the failover").isEqualTo(lossCountBefore);
                    assertThat(survivor.executor().queued() + survivor.executor().running()).as("no training queued or running").isZero();
                    assertThat(ingestedSymbols(ServiceHttp.metrics(survivor.httpPort())))
                            .as("the survivor now owns every symbol").containsAll(names);
                } catch (Throwable t) {
                    log.error("FailoverTest failed; the second instance's log ends with:\n{}", other.logTail());
                    throw t;
                }
            }
        }
    }

    /** SPX, AAPL and synthetic symbols, chosen so that each of the 4 partitions holds two symbols. */
    private static Map<String, List<Bar>> symbols() throws IOException {
        Map<String, List<Bar>> series = new LinkedHashMap<>();
        int n = BEFORE + AFTER;
        series.put("SPX", CsvBarReader.read("sp500", "SPX").subList(0, n));
        series.put("AAPL", CsvBarReader.read("aapl", "AAPL").subList(0, n));
        int[] perPartition = new int[PARTITIONS];
        series.keySet().forEach(s -> perPartition[partition(s)]++);
        for (int i = 0; series.size() < 2 * PARTITIONS; i++) {
            String name = "SYN" + i;
            int p = partition(name);
            if (perPartition[p] < 2) {
                perPartition[p]++;
                series.put(name, SyntheticBars.autoregressive(name, n, 0.3, 0.01, 1000 + i));
            }
        }
        Map<Integer, List<String>> byPartition = series.keySet().stream()
                .collect(Collectors.groupingBy(FailoverTest::partition, TreeMap::new, Collectors.toList()));
        log.info("Symbols by partition: {}", byPartition);
        return series;
    }

    /** The partition Kafka's default partitioner picks for a String key. */
    private static int partition(String symbol) {
        return Utils.toPositive(Utils.murmur2(symbol.getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
    }


    private static Set<String> ingestedSymbols(String metrics) {
        Set<String> symbols = new TreeSet<>();
        metrics.lines().forEach(line -> {
            Matcher m = INGESTED.matcher(line);
            if (m.matches() && Double.parseDouble(m.group(2)) > 0) {
                symbols.add(m.group(1));
            }
        });
        return symbols;
    }

    private static Map<String, Long> latestModelVersion(List<JsonNode> predictions) {
        Map<String, Long> versions = new TreeMap<>();
        predictions.forEach(p -> versions.merge(p.get("symbol").asText(), p.get("modelVersion").asLong(), Math::max));
        return versions;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static Set<String> union(Set<String> x, Set<String> y) {
        Set<String> u = new TreeSet<>(x);
        u.addAll(y);
        return u;
    }
}
