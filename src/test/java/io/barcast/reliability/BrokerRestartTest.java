package io.barcast.reliability;

import io.barcast.bar.Bar;
import io.barcast.bar.CsvBarReader;
import io.barcast.broker.EmbeddedKafka;
import io.barcast.forecast.Trainer;
import io.barcast.replay.BarReplayer;
import io.barcast.service.BarcastService;
import io.barcast.service.ServiceConfig;
import io.barcast.stream.Topics;
import io.barcast.testing.BrokerKit;
import io.barcast.testing.ServiceHttp;
import io.barcast.testing.ServiceProcess;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import static io.barcast.testing.BrokerKit.symbols;
import static io.barcast.testing.SmallServiceConfig.smallConfig;
import static io.barcast.testing.SmallServiceConfig.uniqueId;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The broker goes away for a few seconds in the middle of the stream and comes back on the same port and log
 * directory. The service (exactly_once_v2, Kafka's default client timeouts) is not restarted: it must carry on by
 * itself, and the committed outputs (read_committed) must hold exactly one prediction per bar from the first model
 * on, and one outcome per scored prediction that matches it.
 *
 * <p>A training job that finishes during the outage is handed over once, or, when the rebalance that follows an
 * outage longer than the session timeout closes its task before the hand-over, dropped and retrained at once (as any
 * job in flight when a task closes); it is never recorded twice.
 *
 * <p>The outage lasts at least 60 s, the figure README states (-Dbarcast.outage.seconds=N changes it), and until
 * SPX's second model, held back until the broker is down, has finished training. 60 s is what the suite proves, not
 * a known limit: under exactly-once Kafka Streams sets the producer's delivery.timeout.ms to unlimited, and 113 s
 * also passed when tried by hand. The test's own feeder waits longer than the outage (its delivery.timeout.ms is the
 * outage plus 2 min), so that the service, not the test, is what has to ride it out.
 */
@Tag("integration")
class BrokerRestartTest {

    private static final Logger log = LoggerFactory.getLogger(BrokerRestartTest.class);

    /** Bars per symbol: warm-up (the 40-bar window fills, the first model trains), across the outage, after it. */
    private static final int WARM_UP = 50;
    private static final int ACROSS_OUTAGE = 40;
    private static final int AFTER = 20;
    private static final int TOTAL = WARM_UP + ACROSS_OUTAGE + AFTER;
    private static final Duration OUTAGE = Duration.ofSeconds(Long.getLong("barcast.outage.seconds", 60));

    @TempDir
    Path stateDir;

    @Test
    void shouldResumeByItselfAndLoseOrDuplicateNothingWhenTheBrokerRestartsMidStream() throws Exception {
        List<Bar> spx = CsvBarReader.read("sp500", "SPX").subList(0, TOTAL);
        List<Bar> aapl = CsvBarReader.read("aapl", "AAPL").subList(0, TOTAL);
        Map<String, List<Bar>> bySymbol = Map.of("SPX", spx, "AAPL", aapl);

        try (EmbeddedKafka broker = EmbeddedKafka.start(EmbeddedKafka.Options.defaults().withNumPartitions(2))) {
            BrokerKit kit = BrokerKit.of(broker);
            Properties props = smallConfig(broker.bootstrapServers(), uniqueId("restart"), stateDir, 2);
            // Retrain every 10 bars: models change around the outage, and jobs are handed over across it.
            props.setProperty("retrain.every.bars", "10");
            // /ready turns 503 five seconds into the outage, and back to 200 after it
            props.setProperty("ready.broker.lost.seconds", "5");
            ServiceConfig config = ServiceConfig.of(props);
            Topics topics = config.topics();

            // SPX's second model is held back until the broker is down, so that a job finishes during the outage
            // and its hand-over (model store write + training-loss record, inside Kafka Streams' transaction) is due
            // while there is no broker.
            CountDownLatch gatedJobStarted = new CountDownLatch(1);
            CountDownLatch brokerDown = new CountDownLatch(1);
            AtomicLong gatedJobDoneAt = new AtomicLong();
            AtomicReference<LocalDate> gatedWindowEnd = new AtomicReference<>();
            Trainer lstm = Trainer.lstm();
            Trainer gated = job -> {
                if (job.symbol().equals("SPX") && job.version() == 2) {
                    gatedWindowEnd.set(job.window().get(job.window().size() - 1).date());
                    gatedJobStarted.countDown();
                    try {
                        brokerDown.await(60, TimeUnit.SECONDS);
                        Thread.sleep(500);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    var result = lstm.train(job);
                    gatedJobDoneAt.set(System.nanoTime());
                    return result;
                }
                return lstm.train(job);
            };

            try (BarcastService service = ServiceProcess.inJvm(config, gated)) {
                StateRecorder states = new StateRecorder(service);
                states.start();
                long restartAt;
                try {
                    // Step 1: warm up until both symbols have a model and predict.
                    kit.replay(topics.bars(),
                            BarReplayer.interleave(List.of(spx.subList(0, WARM_UP), aapl.subList(0, WARM_UP))));
                    kit.readUntil(topics.predictions(), Duration.ofSeconds(60),
                            p -> symbols(p).containsAll(List.of("SPX", "AAPL")));

                    // Step 2: bars keep coming at 10 bars/s from one long-lived idempotent producer, which has to
                    // ride out the outage (its sends wait in its buffer and are retried within delivery.timeout.ms).
                    List<Bar> across = BarReplayer.interleave(List.of(spx.subList(WARM_UP, WARM_UP + ACROSS_OUTAGE),
                            aapl.subList(WARM_UP, WARM_UP + ACROSS_OUTAGE)));
                    AtomicReference<Throwable> feederFailure = new AtomicReference<>();
                    Thread feeder = new Thread(() -> {
                        try {
                            new BarReplayer(feederProperties(broker.clientProperties()), topics.bars()).replay(across, 10, (n, t, b) -> { }, () -> false);
                        } catch (Throwable e) {
                            feederFailure.set(e);
                        }
                    }, "outage-feeder");
                    feeder.start();
                    String firstAcross = spx.get(WARM_UP).date().toString();
                    kit.readUntil(topics.predictions(), Duration.ofSeconds(30),
                            p -> p.stream().anyMatch(x -> x.get("symbol").asText().equals("SPX")
                                    && x.get("asOf").asText().compareTo(firstAcross) >= 0));
                    assertThat(gatedJobStarted.await(30, TimeUnit.SECONDS)).as("SPX v2 is being trained").isTrue();

                    // Step 3: the broker goes away mid-stream while the service runs, and comes back.
                    long stopAt = System.nanoTime();
                    broker.stop();
                    brokerDown.countDown();
                    log.info("Broker stopped in {} ms; service state {}", ms(stopAt), service.state());
                    Thread.sleep(OUTAGE.toMillis());
                    long extra = System.nanoTime() + Duration.ofSeconds(30).toNanos(); // a slow machine: let SPX v2 finish
                    while (gatedJobDoneAt.get() == 0 && System.nanoTime() < extra) {
                        Thread.sleep(100);
                    }
                    log.info("After {} ms without a broker the service is {}", ms(stopAt), service.state());
                    assertThat(service.state()).as("the service does not give up during a short outage")
                            .isIn(KafkaStreams.State.RUNNING, KafkaStreams.State.REBALANCING);
                    assertThat(gatedJobDoneAt.get()).as("SPX v2 finished training while the broker was down").isPositive();
                    HttpResponse<String> ready = ServiceHttp.get(service.httpPort(), "/ready");
                    assertThat(ready.statusCode()).as("/ready without a broker for longer than ready.broker.lost.seconds: %s",
                            ready.body()).isEqualTo(503);
                    assertThat(ready.body()).contains("BROKER_LOST");
                    assertThat(ServiceHttp.get(service.httpPort(), "/health").statusCode()).as("/health stays up").isEqualTo(200);
                    assertThat(ms(stopAt)).as("outage (ms) before the restart").isGreaterThanOrEqualTo(OUTAGE.toMillis());
                    restartAt = System.nanoTime();
                    broker.restart();
                    log.info("Broker restarted in {} ms (outage {} ms)", ms(restartAt), ms(stopAt));

                    feeder.join(OUTAGE.plusSeconds(150).toMillis());
                    assertThat(feeder.isAlive()).as("the feeder's producer delivered across the outage").isFalse();
                    assertThat(feederFailure.get()).as("the feeder's producer delivered across the outage").isNull();
                    log.info("Feeder done {} ms after the restart", ms(restartAt));

                    // Step 4: the remaining bars, from a producer created after the restart.
                    kit.replay(topics.bars(), BarReplayer.interleave(List.of(
                            spx.subList(WARM_UP + ACROSS_OUTAGE, TOTAL), aapl.subList(WARM_UP + ACROSS_OUTAGE, TOTAL))));
                    String lastSpx = spx.get(TOTAL - 1).date().toString();
                    String lastAapl = aapl.get(TOTAL - 1).date().toString();
                    kit.readUntil(topics.predictions(), Duration.ofSeconds(120), p ->
                            p.stream().anyMatch(x -> x.get("symbol").asText().equals("SPX") && x.get("asOf").asText().equals(lastSpx))
                                    && p.stream().anyMatch(x -> x.get("symbol").asText().equals("AAPL") && x.get("asOf").asText().equals(lastAapl)));
                    log.info("Last predictions committed {} ms after the restart", ms(restartAt));

                    // Step 5: the same instance is RUNNING again, and ready.
                    assertThat(service.awaitRunning(Duration.ofSeconds(30))).isTrue();
                    long readyBy = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                    while (ServiceHttp.get(service.httpPort(), "/ready").statusCode() != 200 && System.nanoTime() < readyBy) {
                        Thread.sleep(200);
                    }
                    assertThat(ServiceHttp.get(service.httpPort(), "/ready").statusCode()).as("/ready once a broker answers again")
                            .isEqualTo(200);
                } finally {
                    states.stop();
                }
                log.info("Kafka Streams states seen during the test: {}", states.transitions());
                assertThat(states.seen()).as("states seen: " + states.transitions())
                        .isSubsetOf(KafkaStreams.State.RUNNING, KafkaStreams.State.REBALANCING);

                // Step 6: nothing lost, nothing duplicated: input, predictions, outcomes, training results.
                Map<String, Long> input = BrokerKit.countBySymbol(kit.readAll(topics.bars()));
                assertThat(input).as("each bar is in the input topic exactly once (idempotent producer across the restart)")
                        .containsOnly(Map.entry("SPX", (long) TOTAL), Map.entry("AAPL", (long) TOTAL));
                assertNothingLostOrDuplicated(kit.readAll(topics.predictions()), kit.readAll(topics.outcomes()), bySymbol);
                assertThat(kit.readAll(topics.rejected())).as("dead letters").isEmpty();
                List<JsonNode> losses = kit.readAll(topics.trainingLoss());
                log.info("Training-loss records: {}", losses.stream()
                        .map(l -> l.get("symbol").asText() + " v" + l.get("modelVersion").asLong() + " " + l.get("status").asText()).toList());
                assertThat(symbols(losses)).containsExactlyInAnyOrder("SPX", "AAPL");
                List<String> jobs = losses.stream().map(l -> l.get("symbol").asText() + " v" + l.get("modelVersion").asLong()).toList();
                assertThat(jobs).as("one training-loss record per job").doesNotHaveDuplicates();
                // SPX v2 finished while the broker was down. It is handed over once; or, when the rebalance that follows
                // an outage longer than the session timeout closes its task first, its result is dropped and SPX is
                // retrained at once, as v3, on a later window.
                if (!jobs.contains("SPX v2")) {
                    log.info("SPX v2 was dropped by the rebalance after the outage and retrained");
                    JsonNode v3 = losses.stream().filter(l -> l.get("symbol").asText().equals("SPX")
                            && l.get("modelVersion").asLong() == 3).findFirst().orElseThrow(
                                    () -> new AssertionError("SPX v2 was neither handed over nor retrained: " + jobs));
                    assertThat(LocalDate.parse(v3.get("windowEnd").asText())).as("SPX v3's window")
                            .isAfter(gatedWindowEnd.get());
                }
            }
        }
    }

    private static void assertNothingLostOrDuplicated(List<JsonNode> allPredictions, List<JsonNode> allOutcomes,
                                                      Map<String, List<Bar>> bySymbol) {
        assertThat(allPredictions).as("no bar was corrected, so no corrected prediction")
                .noneMatch(p -> p.get("correction").asBoolean());
        List<JsonNode> predictions = allPredictions.stream().filter(p -> !p.get("correction").asBoolean()).toList();
        List<JsonNode> outcomes = allOutcomes.stream().filter(o -> !o.get("correction").asBoolean()).toList();

        for (Map.Entry<String, List<Bar>> e : bySymbol.entrySet()) {
            String symbol = e.getKey();
            List<Bar> bars = e.getValue();
            List<JsonNode> symbolPredictions = predictions.stream().filter(p -> p.get("symbol").asText().equals(symbol)).toList();
            List<String> asOf = symbolPredictions.stream().map(p -> p.get("asOf").asText()).toList();
            assertThat(asOf).as(symbol + " predictions").isNotEmpty().doesNotHaveDuplicates();
            String first = new TreeSet<>(asOf).first();
            List<String> expected = bars.stream().map(b -> b.date().toString()).filter(d -> d.compareTo(first) >= 0).toList();
            assertThat(new TreeSet<>(asOf)).as(symbol + ": exactly one prediction for every bar from the first model on")
                    .containsExactlyElementsOf(expected);
            log.info("{}: {} predictions, {} .. {}, model versions {}", symbol, asOf.size(), first, expected.get(expected.size() - 1),
                    symbolPredictions.stream().map(p -> p.get("modelVersion").asLong()).collect(Collectors.toCollection(TreeSet::new)));

            Map<String, JsonNode> predictionByAsOf = new HashMap<>();
            symbolPredictions.forEach(p -> predictionByAsOf.put(p.get("asOf").asText(), p));
            Map<LocalDate, Bar> barByDate = bars.stream().collect(Collectors.toMap(Bar::date, b -> b));
            List<JsonNode> symbolOutcomes = outcomes.stream().filter(o -> o.get("symbol").asText().equals(symbol)).toList();
            assertThat(symbolOutcomes.stream().map(o -> o.get("asOf").asText()).toList())
                    .as(symbol + ": one outcome per prediction but the last (not scored yet)")
                    .doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(expected.subList(0, expected.size() - 1));
            for (JsonNode o : symbolOutcomes) {
                JsonNode p = predictionByAsOf.get(o.get("asOf").asText());
                String target = expected.get(expected.indexOf(o.get("asOf").asText()) + 1);
                assertThat(o.get("predictedClose").asDouble()).as("outcome " + o).isEqualTo(p.get("predictedClose").asDouble());
                assertThat(o.get("lastClose").asDouble()).as("outcome " + o).isEqualTo(p.get("lastClose").asDouble());
                assertThat(o.get("modelVersion").asLong()).as("outcome " + o).isEqualTo(p.get("modelVersion").asLong());
                assertThat(o.get("targetDate").asText()).as("outcome " + o).isEqualTo(target);
                assertThat(o.get("actualClose").asDouble()).as("outcome " + o).isEqualTo(barByDate.get(LocalDate.parse(target)).close());
            }
            // The running count of the last outcome is the number of outcomes: none was counted twice.
            assertThat(symbolOutcomes.get(symbolOutcomes.size() - 1).get("count").asLong()).as(symbol + " running count")
                    .isEqualTo(symbolOutcomes.size());
        }
    }

    /** The broker's client properties, with a delivery timeout longer than the outage. */
    private static Map<String, Object> feederProperties(Map<String, Object> client) {
        Map<String, Object> p = new HashMap<>(client);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) OUTAGE.plusMinutes(2).toMillis());
        return p;
    }

    private static long ms(long sinceNanos) {
        return (System.nanoTime() - sinceNanos) / 1_000_000;
    }

    /** Samples the service's Kafka Streams state every 20 ms (the service owns the one state listener). */
    private static final class StateRecorder {
        private final BarcastService service;
        private final List<String> transitions = new CopyOnWriteArrayList<>();
        private final Set<KafkaStreams.State> seen = java.util.Collections.synchronizedSet(EnumSet.noneOf(KafkaStreams.State.class));
        private final long start = System.nanoTime();
        private volatile boolean running = true;
        private Thread thread;

        StateRecorder(BarcastService service) {
            this.service = service;
        }

        void start() {
            thread = new Thread(() -> {
                KafkaStreams.State last = null;
                while (running) {
                    KafkaStreams.State s = service.state();
                    if (s != last) {
                        seen.add(s);
                        transitions.add(s + "@" + ms(start) + "ms");
                        last = s;
                    }
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "state-recorder");
            thread.setDaemon(true);
            thread.start();
        }

        void stop() throws InterruptedException {
            running = false;
            thread.join();
        }

        List<String> transitions() {
            return new ArrayList<>(transitions);
        }

        Set<KafkaStreams.State> seen() {
            synchronized (seen) {
                return EnumSet.copyOf(seen);
            }
        }
    }
}
