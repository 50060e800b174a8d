package io.barcast.service;

import io.barcast.bar.Bar;
import io.barcast.bar.CsvBarReader;
import io.barcast.broker.EmbeddedKafka;
import io.barcast.events.Json;
import io.barcast.forecast.Trainer;
import io.barcast.replay.BarReplayer;
import io.barcast.testing.BrokerKit;
import io.barcast.testing.ServiceHttp;
import io.barcast.testing.ServiceProcess;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import static io.barcast.testing.BrokerKit.symbols;
import static io.barcast.testing.ServiceHttp.get;
import static io.barcast.testing.ServiceHttp.series;
import static io.barcast.testing.SmallServiceConfig.smallConfig;
import static io.barcast.testing.SmallServiceConfig.uniqueId;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * End-to-end tests against a real Kafka broker (KRaft, in this JVM), real RocksDB stores and real
 * DL4J training. One broker for the class; each test uses its own application id and topics.
 */
@Tag("integration")
class BarcastServiceIntegrationTest {

    static final int WINDOW = 40;
    static EmbeddedKafka broker;
    static BrokerKit kit;
    static List<Bar> spx;
    static List<Bar> aapl;

    @TempDir
    Path stateDir;

    private final AtomicInteger trainings = new AtomicInteger();
    private final Trainer countingTrainer = job -> {
        trainings.incrementAndGet();
        return Trainer.lstm().train(job);
    };

    @BeforeAll
    static void startBroker() throws IOException {
        broker = EmbeddedKafka.start(EmbeddedKafka.Options.defaults().withNumPartitions(2));
        kit = BrokerKit.of(broker);
        spx = CsvBarReader.read("sp500", "SPX").subList(0, 80);
        aapl = CsvBarReader.read("aapl", "AAPL").subList(0, 80);
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Test
    void shouldTurnBarsOfTwoSymbolsIntoLossesPredictionsAndOutcomes() throws Exception {
        // Step 1: start the service on its own topics.
        ServiceConfig config = config("e2e");
        try (BarcastService service = ServiceProcess.inJvm(config, countingTrainer)) {
            // Step 2: replay 60 bars of each symbol, interleaved by date.
            replay(config, List.of(spx.subList(0, 60), aapl.subList(0, 60)));

            // Step 3: both symbols train (read_committed) and predict, and predictions are scored.
            List<JsonNode> losses = readUntil(config.topics().trainingLoss(), l -> symbols(l).containsAll(List.of("SPX", "AAPL")));
            assertThat(losses).allSatisfy(l -> assertThat(l.get("status").asText()).isIn("OK", "REJECTED_WORSE"));
            List<JsonNode> predictions = readUntil(config.topics().predictions(), p -> symbols(p).containsAll(List.of("SPX", "AAPL")));
            assertThat(predictions).allSatisfy(p -> {
                assertThat(p.get("modelVersion").asLong()).isPositive();
                assertThat(p.get("trainedThrough").asText()).isNotBlank();
                assertThat(p.get("predictedClose").asDouble()).isPositive();
            });
            replay(config, List.of(spx.subList(60, 62), aapl.subList(60, 62)));
            List<JsonNode> outcomes = readUntil(config.topics().outcomes(), o -> symbols(o).containsAll(List.of("SPX", "AAPL")));
            JsonNode spxOutcome = outcomes.stream().filter(o -> o.get("symbol").asText().equals("SPX")).findFirst().orElseThrow();
            Bar actual = spx.stream().filter(b -> b.date().toString().equals(spxOutcome.get("targetDate").asText())).findFirst().orElseThrow();
            assertThat(spxOutcome.get("actualClose").asDouble()).isEqualTo(actual.close());

            // Step 4: nothing was dead-lettered.
            assertThat(kit.readAll(config.topics().rejected())).isEmpty();
        }
    }

    @Test
    void shouldContinueWithTheStoredModelAfterARestart() throws Exception {
        ServiceConfig config = config("restart");
        long versionBefore;
        try (BarcastService service = ServiceProcess.inJvm(config, countingTrainer)) {
            replay(config, List.of(spx.subList(0, WINDOW + 1)));
            List<JsonNode> predictions = readUntil(config.topics().predictions(), p -> p.size() >= 1);
            versionBefore = predictions.get(predictions.size() - 1).get("modelVersion").asLong();
        }
        int trainingsBefore = trainings.get();

        try (BarcastService service = ServiceProcess.inJvm(config, countingTrainer)) {
            replay(config, List.of(spx.subList(WINDOW + 1, WINDOW + 4)));
            List<JsonNode> predictions = readUntil(config.topics().predictions(),
                    p -> p.stream().anyMatch(x -> x.get("asOf").asText().equals(spx.get(WINDOW + 3).date().toString())));
            // From the first bar after the restart on, each bar is predicted by the stored model.
            List<String> after = spx.subList(WINDOW + 1, WINDOW + 4).stream().map(b -> b.date().toString()).toList();
            List<JsonNode> afterRestart = predictions.stream().filter(p -> after.contains(p.get("asOf").asText())).toList();
            assertThat(afterRestart.stream().map(p -> p.get("asOf").asText()).toList()).containsExactlyElementsOf(after);
            assertThat(afterRestart).allSatisfy(p -> assertThat(p.get("modelVersion").asLong()).isEqualTo(versionBefore));
            assertThat(trainings.get()).as("no retraining at start").isEqualTo(trainingsBefore);
        }
    }

    @Test
    void shouldServeMetricsReadinessAndPredictionsOverHttp() throws Exception {
        ServiceConfig config = config("http");
        try (BarcastService service = BarcastService.start(config, countingTrainer)) {
            int first = get(service.httpPort(), "/ready").statusCode();
            assertThat(first).as("not ready before Kafka Streams runs").isEqualTo(503);
            assertThat(get(service.httpPort(), "/health").statusCode()).isEqualTo(200);
            assertThat(service.awaitRunning(Duration.ofSeconds(60))).isTrue();
            assertThat(get(service.httpPort(), "/ready").statusCode()).isEqualTo(200);

            replay(config, List.of(spx.subList(0, WINDOW)));
            readUntil(config.topics().predictions(), p -> p.size() >= 1); // the first model predicts from the latest bar
            replay(config, List.of(spx.subList(WINDOW, WINDOW + 2)));
            String lastDate = spx.get(WINDOW + 1).date().toString();
            readUntil(config.topics().predictions(), p -> p.stream().anyMatch(x -> x.get("asOf").asText().equals(lastDate)));
            Thread.sleep(1500); // one refresh of the Kafka Streams metrics

            String metrics = ServiceHttp.metrics(service.httpPort());
            assertThat(series(metrics, "barcast_bars_ingested_total{application=\"" + config.applicationId() + "\",symbol=\"SPX\"}"))
                    .isEqualTo(WINDOW + 2);
            assertThat(series(metrics, "barcast_predictions_published_total{application=\"" + config.applicationId() + "\",symbol=\"SPX\"}"))
                    .isGreaterThanOrEqualTo(2);
            assertThat(series(metrics, "barcast_model_version{application=\"" + config.applicationId() + "\",symbol=\"SPX\"}")).isEqualTo(1);
            assertThat(metrics).contains("barcast_training_jobs_total{application=\"" + config.applicationId() + "\",status=\"OK\"}")
                    .contains("barcast_bar_to_prediction_latency_seconds_count")
                    .contains("kafka_stream_thread_process_total")
                    .contains("jvm_memory_used_bytes")
                    .contains("process_cpu_usage")
                    // RocksDB's property gauges read native handles that a closing task frees (KAFKA-10025): not exported
                    .doesNotContain("kafka_stream_state_estimate_num_keys")
                    .doesNotContain("kafka_stream_state_block_cache_usage");
            assertThat(metrics.lines().filter(l -> l.startsWith("barcast_"))).isNotEmpty()
                    .noneMatch(l -> l.endsWith("NaN") || l.contains("Inf"));

            HttpResponse<String> prediction = get(service.httpPort(), "/predictions/SPX");
            assertThat(prediction.statusCode()).isEqualTo(200);
            JsonNode body = Json.mapper().readTree(prediction.body());
            assertThat(body.get("asOf").asText()).isEqualTo(spx.get(WINDOW + 1).date().toString());
            assertThat(body.get("model").get("version").asLong()).isEqualTo(1);
            HttpResponse<String> unknown = get(service.httpPort(), "/predictions/NOPE");
            assertThat(unknown.statusCode()).isEqualTo(404);
            assertThat(Json.mapper().readTree(unknown.body()).get("error").asText()).contains("unknown symbol");
        }
    }

    // ---- helpers ----

    private ServiceConfig config(String name) {
        Properties p = smallConfig(broker.bootstrapServers(), uniqueId("it-" + name), stateDir, 2);
        p.setProperty("window.bars", Integer.toString(WINDOW));
        return ServiceConfig.of(p);
    }

    private static void replay(ServiceConfig config, List<List<Bar>> series) throws Exception {
        kit.replay(config.topics().bars(), BarReplayer.interleave(series));
    }

    private static List<JsonNode> readUntil(String topic, Predicate<List<JsonNode>> done) {
        return kit.readUntil(topic, Duration.ofSeconds(90), done);
    }
}
