package io.barcast.service;

import io.barcast.bar.Bar;
import io.barcast.bar.CsvBarReader;
import io.barcast.broker.EmbeddedKafka;
import io.barcast.events.Json;
import io.barcast.forecast.Trainer;
import io.barcast.replay.BarReplayer;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * End-to-end tests against a real Kafka broker (KRaft, in this JVM), real RocksDB stores and real
 * DL4J training. One broker for the class; each test uses its own application id and topics.
 */
class BarcastServiceIntegrationTest {

    static final int WINDOW = 40;
    static EmbeddedKafka broker;
    static List<Bar> spx;
    static List<Bar> aapl;

    @TempDir
    Path stateDir;

    private final AtomicInteger trainings = new AtomicInteger();
    private final Trainer countingTrainer = job -> {
        trainings.incrementAndGet();
        return Trainer.lstm().train(job);
    };
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startBroker() throws IOException {
        broker = EmbeddedKafka.start(EmbeddedKafka.Options.defaults().withNumPartitions(2));
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
        try (BarcastService service = BarcastService.start(config, countingTrainer)) {
            assertThat(service.awaitRunning(Duration.ofSeconds(60))).isTrue();

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
            assertThat(readAll(config.topics().rejected(), Duration.ofSeconds(2))).isEmpty();
        }
    }

    @Test
    void shouldContinueWithTheStoredModelAfterARestart() throws Exception {
        ServiceConfig config = config("restart");
        long versionBefore;
        try (BarcastService service = BarcastService.start(config, countingTrainer)) {
            assertThat(service.awaitRunning(Duration.ofSeconds(60))).isTrue();
            replay(config, List.of(spx.subList(0, WINDOW + 1)));
            List<JsonNode> predictions = readUntil(config.topics().predictions(), p -> p.size() >= 1);
            versionBefore = predictions.get(predictions.size() - 1).get("modelVersion").asLong();
        }
        int trainingsBefore = trainings.get();

        try (BarcastService service = BarcastService.start(config, countingTrainer)) {
            assertThat(service.awaitRunning(Duration.ofSeconds(60))).isTrue();
            replay(config, List.of(spx.subList(WINDOW + 1, WINDOW + 4)));
            List<JsonNode> predictions = readUntil(config.topics().predictions(),
                    p -> p.stream().anyMatch(x -> x.get("asOf").asText().equals(spx.get(WINDOW + 3).date().toString())));
            JsonNode last = predictions.get(predictions.size() - 1);
            assertThat(last.get("modelVersion").asLong()).isEqualTo(versionBefore);
            assertThat(trainings.get()).as("no retraining at start").isEqualTo(trainingsBefore);
        }
    }

    @Test
    void shouldServeMetricsReadinessAndPredictionsOverHttp() throws Exception {
        ServiceConfig config = config("http");
        try (BarcastService service = BarcastService.start(config, countingTrainer)) {
            int first = get(service, "/ready").statusCode();
            assertThat(first).as("not ready before Kafka Streams runs").isEqualTo(503);
            assertThat(get(service, "/health").statusCode()).isEqualTo(200);
            assertThat(service.awaitRunning(Duration.ofSeconds(60))).isTrue();
            assertThat(get(service, "/ready").statusCode()).isEqualTo(200);

            replay(config, List.of(spx.subList(0, WINDOW)));
            readUntil(config.topics().predictions(), p -> p.size() >= 1); // the first model predicts from the latest bar
            replay(config, List.of(spx.subList(WINDOW, WINDOW + 2)));
            String lastDate = spx.get(WINDOW + 1).date().toString();
            readUntil(config.topics().predictions(), p -> p.stream().anyMatch(x -> x.get("asOf").asText().equals(lastDate)));
            Thread.sleep(1500); // one refresh of the Kafka Streams metrics

            String metrics = get(service, "/metrics").body();
            assertThat(value(metrics, "barcast_bars_ingested_total{application=\"" + config.applicationId() + "\",symbol=\"SPX\"}"))
                    .isEqualTo(WINDOW + 2);
            assertThat(value(metrics, "barcast_predictions_published_total{application=\"" + config.applicationId() + "\",symbol=\"SPX\"}"))
                    .isGreaterThanOrEqualTo(2);
            assertThat(value(metrics, "barcast_model_version{application=\"" + config.applicationId() + "\",symbol=\"SPX\"}")).isEqualTo(1);
            assertThat(metrics).contains("barcast_training_jobs_total{application=\"" + config.applicationId() + "\",status=\"OK\"}")
                    .contains("barcast_bar_to_prediction_latency_seconds_count")
                    .contains("kafka_stream_thread_process_total")
                    .contains("jvm_memory_used_bytes")
                    .contains("process_cpu_usage");
            assertThat(metrics.lines().filter(l -> l.startsWith("barcast_"))).isNotEmpty()
                    .noneMatch(l -> l.endsWith("NaN") || l.contains("Inf"));

            HttpResponse<String> prediction = get(service, "/predictions/SPX");
            assertThat(prediction.statusCode()).isEqualTo(200);
            JsonNode body = Json.mapper().readTree(prediction.body());
            assertThat(body.get("asOf").asText()).isEqualTo(spx.get(WINDOW + 1).date().toString());
            assertThat(body.get("model").get("version").asLong()).isEqualTo(1);
            HttpResponse<String> unknown = get(service, "/predictions/NOPE");
            assertThat(unknown.statusCode()).isEqualTo(404);
            assertThat(Json.mapper().readTree(unknown.body()).get("error").asText()).contains("unknown symbol");
        }
    }

    // ---- helpers ----

    private ServiceConfig config(String name) {
        String id = "it-" + name + "-" + UUID.randomUUID().toString().substring(0, 8);
        Properties p = io.barcast.testing.SmallServiceConfig.smallConfig(broker.bootstrapServers(), id, stateDir, 2);
        p.setProperty("window.bars", Integer.toString(WINDOW));
        return ServiceConfig.of(p);
    }

    private void replay(ServiceConfig config, List<List<Bar>> series) throws Exception {
        new BarReplayer(broker.clientProperties(), config.topics().bars()).replay(BarReplayer.interleave(series), 0,
                (n, t, b) -> { }, () -> false);
    }

    private List<JsonNode> readUntil(String topic, Predicate<List<JsonNode>> done) throws IOException {
        List<JsonNode> seen = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            consumer.subscribe(List.of(topic));
            while (!done.test(seen)) {
                assertThat(System.nanoTime()).as("waiting for records on " + topic + "; have " + seen).isLessThan(deadline);
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    seen.add(Json.mapper().readTree(r.value()));
                }
            }
        }
        return seen;
    }

    private List<JsonNode> readAll(String topic, Duration wait) throws IOException {
        List<JsonNode> seen = new ArrayList<>();
        long deadline = System.nanoTime() + wait.toNanos();
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            consumer.subscribe(List.of(topic));
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    seen.add(Json.mapper().readTree(r.value()));
                }
            }
        }
        return seen;
    }

    private KafkaConsumer<String, byte[]> consumer() {
        return io.barcast.testing.CommittedReader.consumer(broker.clientProperties(), "it-reader");
    }

    private static List<String> symbols(List<JsonNode> records) {
        return records.stream().map(r -> r.get("symbol").asText()).distinct().toList();
    }

    private HttpResponse<String> get(BarcastService service, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.httpPort() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static double value(String metrics, String series) {
        return metrics.lines().filter(l -> l.startsWith(series + " ")).findFirst()
                .map(l -> Double.parseDouble(l.substring(series.length() + 1).trim()))
                .orElseThrow(() -> new AssertionError("no series " + series));
    }
}
