package io.barcast.stream;

import io.barcast.bar.Bar;
import io.barcast.bar.BarJson;
import io.barcast.forecast.ForecastSettings;
import io.barcast.forecast.Trainer;
import io.barcast.forecast.TrainingJob;
import io.barcast.model.ModelConfig;
import io.barcast.model.ModelSnapshot;
import io.barcast.model.TrainingReport;
import io.barcast.model.TrainingResult;
import io.barcast.service.ServiceConfig;
import io.barcast.testing.ClosedStoreCopies;
import io.barcast.testing.ModelConfigs;
import io.barcast.testing.SyntheticBars;
import io.barcast.testing.TopologyKit;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/** Fast unit tests of the topology with TopologyTestDriver, real RocksDB stores and real (tiny) DL4J training. */
class BarcastTopologyTest {

    static final int WINDOW = 40;
    static final int EVERY = 10;
    static final long POLL_MS = 100;
    static final ModelConfig TINY = ModelConfigs.config("model.hidden.size=8", "model.lookback=5", "model.epochs=8");

    @TempDir
    Path stateDir;
    @TempDir
    Path keptState;
    private ClosedStoreCopies stores;

    private final List<String> trainingThreads = new ArrayList<>();
    private final AtomicInteger trainingCalls = new AtomicInteger();
    private final Set<String> slowSymbols = ConcurrentHashMap.newKeySet();
    private final CountDownLatch releaseSlow = new CountDownLatch(1);
    private Function<TrainingJob, TrainingResult> trainer = job -> Trainer.lstm().train(job);

    private TrainingExecutor executor;
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> bars;
    private TestOutputTopic<String, byte[]> predictions;
    private TestOutputTopic<String, byte[]> trainingLoss;
    private TestOutputTopic<String, byte[]> outcomes;
    private TestOutputTopic<byte[], byte[]> rejected;

    @BeforeEach
    void start() {
        executor = new TrainingExecutor(2, 100, job -> {
            synchronized (trainingThreads) {
                trainingThreads.add(Thread.currentThread().getName());
            }
            trainingCalls.incrementAndGet();
            if (slowSymbols.contains(job.symbol())) {
                try {
                    releaseSlow.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return trainer.apply(job);
        });
        openDriver();
    }

    private void openDriver() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "barcast-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "dummy:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        Topics topics = ServiceConfig.of(new Properties()).topics();
        BarcastTopology.Settings settings = new BarcastTopology.Settings(topics, POLL_MS, new ForecastSettings(WINDOW, EVERY, 0.05, TINY));
        stores = new ClosedStoreCopies(keptState);
        driver = new TopologyTestDriver(BarcastTopology.build(settings, executor, StreamMetrics.NONE, PublishedRecords.NONE, stores), props);
        bars = driver.createInputTopic("bars", new ByteArraySerializer(), new ByteArraySerializer());
        predictions = driver.createOutputTopic("predictions", new StringDeserializer(), new ByteArrayDeserializer());
        trainingLoss = driver.createOutputTopic("training-loss", new StringDeserializer(), new ByteArrayDeserializer());
        outcomes = driver.createOutputTopic("prediction-outcomes", new StringDeserializer(), new ByteArrayDeserializer());
        rejected = driver.createOutputTopic("bars-rejected", new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @AfterEach
    void stop() {
        releaseSlow.countDown();
        if (driver != null) {
            driver.close();
        }
        executor.close();
    }

    @Test
    void shouldPublishAPredictionWithLineageOnceAModelExists() {
        List<Bar> series = SyntheticBars.autoregressive("AAA", WINDOW + 1, 0.5, 0.01, 1);

        series.subList(0, WINDOW - 1).forEach(this::pipe);
        assertThat(trainingCalls).hasValue(0);
        assertThat(predictions.isEmpty()).isTrue();

        pipe(series.get(WINDOW - 1)); // the window is full: the first training job starts
        awaitTrainingAndHandOver();

        JsonNode loss = TopologyKit.json(trainingLoss.readValue());
        assertThat(loss.get("status").asText()).isEqualTo("OK");
        assertThat(loss.get("promoted").asBoolean()).isTrue();
        assertThat(loss.get("modelVersion").asLong()).isEqualTo(1);
        assertThat(loss.get("trainLoss")).isNotEmpty();
        assertThat(loss.get("windowEnd").asText()).isEqualTo(series.get(WINDOW - 1).date().toString());

        // The promoted model predicts at once from the latest bar ...
        JsonNode first = TopologyKit.json(predictions.readValue());
        assertThat(first.get("asOf").asText()).isEqualTo(series.get(WINDOW - 1).date().toString());
        assertThat(first.get("modelVersion").asLong()).isEqualTo(1);
        assertThat(first.get("trainedThrough").asText()).isEqualTo(series.get(WINDOW - 1).date().toString());
        assertThat(first.get("lastClose").asDouble()).isEqualTo(series.get(WINDOW - 1).close());
        assertThat(first.get("modelValTheilU").isNumber()).isTrue();

        // ... and again with every new bar.
        pipe(series.get(WINDOW));
        JsonNode second = TopologyKit.json(predictions.readValue());
        assertThat(second.get("asOf").asText()).isEqualTo(series.get(WINDOW).date().toString());
        assertThat(second.get("predictedClose").asDouble())
                .isCloseTo(series.get(WINDOW).close() * Math.exp(second.get("predictedReturn").asDouble()),
                        org.assertj.core.api.Assertions.within(1e-9));
        assertThat(second.get("trainedThrough").asText()).isEqualTo(series.get(WINDOW - 1).date().toString());
        // The served forecast is the model's return times the skill weight; the model's own close is published beside it
        double weight = second.get("skillWeight").asDouble();
        double modelReturn = second.get("modelReturn").asDouble();
        assertThat(weight).isBetween(0.0, 1.0);
        assertThat(second.get("predictedReturn").asDouble()).isCloseTo(weight * modelReturn, org.assertj.core.api.Assertions.within(1e-15));
        assertThat(second.get("modelPredictedClose").asDouble())
                .isCloseTo(series.get(WINDOW).close() * Math.exp(modelReturn), org.assertj.core.api.Assertions.within(1e-9));
        assertThat(loss.get("beatsNaive").isBoolean()).isTrue();
        assertThat(loss.get("skillWeight").asDouble()).isBetween(0.0, 1.0);
        JsonNode outcome = TopologyKit.json(outcomes.readValue());
        assertThat(outcome.get("predictedClose").asDouble()).isEqualTo(first.get("predictedClose").asDouble());
        assertThat(outcome.get("modelPredictedClose").asDouble()).isEqualTo(first.get("modelPredictedClose").asDouble());
        assertThat(outcome.get("skillWeight").asDouble()).isEqualTo(first.get("skillWeight").asDouble());
        assertThat(outcome.get("runningSkillWeight").asDouble()).isBetween(0.0, 1.0);
    }

    @Test
    void shouldScoreEachPredictionAgainstTheCloseThatArrives() {
        List<Bar> series = SyntheticBars.autoregressive("AAA", WINDOW + 2, 0.5, 0.01, 2);
        withModel(series.subList(0, WINDOW));
        JsonNode prediction = TopologyKit.json(predictions.readValue());

        Bar next = series.get(WINDOW);
        pipe(next);

        JsonNode outcome = TopologyKit.json(outcomes.readValue());
        assertThat(outcome.get("asOf").asText()).isEqualTo(prediction.get("asOf").asText());
        assertThat(outcome.get("targetDate").asText()).isEqualTo(next.date().toString());
        assertThat(outcome.get("actualClose").asDouble()).isEqualTo(next.close());
        assertThat(outcome.get("predictedClose").asDouble()).isEqualTo(prediction.get("predictedClose").asDouble());
        assertThat(outcome.get("error").asDouble()).isEqualTo(prediction.get("predictedClose").asDouble() - next.close());
        assertThat(outcome.get("naiveError").asDouble()).isEqualTo(series.get(WINDOW - 1).close() - next.close());
        assertThat(outcome.get("modelVersion").asLong()).isEqualTo(1);
        assertThat(outcome.get("count").asLong()).isEqualTo(1);
        assertThat(outcome.get("runningTheilU").asDouble())
                .isEqualTo(Math.abs(outcome.get("error").asDouble()) / Math.abs(outcome.get("naiveError").asDouble()));
    }

    @Test
    void shouldTrainOffTheStreamThread() {
        withModel(SyntheticBars.autoregressive("AAA", WINDOW, 0.5, 0.01, 3));

        assertThat(trainingThreads).hasSize(1);
        assertThat(trainingThreads.get(0)).startsWith("barcast-trainer-").isNotEqualTo(Thread.currentThread().getName());
    }

    @Test
    void shouldKeepPredictingOtherSymbolsWhileASlowJobTrains() {
        List<Bar> fast = SyntheticBars.autoregressive("FAST", WINDOW + 5, 0.5, 0.01, 4);
        withModel(fast.subList(0, WINDOW));
        predictions.readValuesToList();
        slowSymbols.add("SLOW");

        SyntheticBars.autoregressive("SLOW", WINDOW, 0.5, 0.01, 5).forEach(this::pipe); // SLOW's job now blocks
        for (Bar b : fast.subList(WINDOW, WINDOW + 5)) {
            pipe(b);
        }

        assertThat(executor.running()).isEqualTo(1);
        assertThat(predictions.readValuesToList()).hasSize(5)
                .allSatisfy(v -> assertThat(TopologyKit.json(v).get("symbol").asText()).isEqualTo("FAST"));
        releaseSlow.countDown();
        awaitTrainingAndHandOver();
        assertThat(TopologyKit.json(trainingLoss.readValue()).get("symbol").asText()).isEqualTo("SLOW");
    }

    @Test
    void shouldDeadLetterInvalidRecordsAndProcessAllValidOnes() {
        List<Bar> series = SyntheticBars.autoregressive("AAA", 6, 0.5, 0.01, 6);
        pipe(series.get(0));
        bars.pipeInput("AAA".getBytes(StandardCharsets.UTF_8), "{not json".getBytes(StandardCharsets.UTF_8));
        pipe(series.get(1));
        bars.pipeInput("AAA".getBytes(StandardCharsets.UTF_8), barJson(series.get(2)).replace("\"close\":", "\"close\":-").getBytes(StandardCharsets.UTF_8));
        pipe(series.get(2));
        bars.pipeInput("BBB".getBytes(StandardCharsets.UTF_8), BarJson.toBytes(series.get(3)));
        bars.pipeInput(null, BarJson.toBytes(series.get(3)));
        pipe(series.get(3));
        bars.pipeInput("AAA".getBytes(StandardCharsets.UTF_8), new byte[]{(byte) 0xC3, (byte) 0x28});
        bars.pipeInput("AAA".getBytes(StandardCharsets.UTF_8), barJson(series.get(4)).replace("\"volume\":", "\"volume\":-").getBytes(StandardCharsets.UTF_8));
        pipe(series.get(4));
        bars.pipeInput("AAA".getBytes(StandardCharsets.UTF_8), "x".repeat(BarcastTopology.MAX_VALUE_BYTES + 1).getBytes(StandardCharsets.UTF_8));
        pipe(series.get(5));

        List<TestRecord<byte[], byte[]>> dead = rejected.readRecordsToList();
        assertThat(dead).extracting(r -> TopologyKit.json(r.value()).get("reason").asText()).containsExactly(
                "MALFORMED_JSON", "NON_POSITIVE_PRICE", "KEY_MISMATCH", "KEY_MISMATCH", "MALFORMED_JSON",
                "INVALID_VOLUME", "TOO_LARGE");
        JsonNode first = TopologyKit.json(dead.get(0).value());
        assertThat(first.get("originalValue").asText()).isEqualTo("{not json");
        assertThat(first.get("sourceTopic").asText()).isEqualTo("bars");
        assertThat(first.get("offset").asLong()).isEqualTo(1);
        assertThat(first.get("detail").asText()).contains("not valid JSON");
        assertThat(new String(dead.get(0).key(), StandardCharsets.UTF_8)).isEqualTo("AAA");
        assertThat(new String(dead.get(0).headers().lastHeader(DeadLetters.REASON_HEADER).value(), StandardCharsets.UTF_8))
                .isEqualTo("MALFORMED_JSON");
        assertThat(TopologyKit.json(dead.get(1).value()).get("field").asText()).isEqualTo("close");
        assertThat(TopologyKit.json(dead.get(4).value()).get("originalValueBase64").asText()).isEqualTo("wyg=");
        assertThat(windowDates("AAA")).containsExactlyElementsOf(series.stream().map(b -> b.date().toString()).toList());
    }

    @Test
    void shouldIgnoreRedeliveryRepredictOnCorrectionAndRejectOutOfOrderBars() {
        List<Bar> series = SyntheticBars.autoregressive("AAA", WINDOW + 2, 0.5, 0.01, 7);
        withModel(series.subList(0, WINDOW));
        predictions.readValuesToList();
        Bar latest = series.get(WINDOW);
        pipe(latest);
        assertThat(predictions.readValuesToList()).hasSize(1);
        outcomes.readValuesToList();

        pipe(latest); // identical redelivery: nothing new
        assertThat(predictions.isEmpty()).isTrue();
        assertThat(outcomes.isEmpty()).isTrue();

        Bar corrected = new Bar("AAA", latest.date(), latest.open(), latest.high() * 1.02, latest.low(), latest.close() * 1.01, latest.volume());
        pipe(corrected); // correction: the outcome is redone and a new prediction replaces the old one
        JsonNode repredicted = TopologyKit.json(predictions.readValue());
        assertThat(repredicted.get("correction").asBoolean()).isTrue();
        assertThat(repredicted.get("lastClose").asDouble()).isEqualTo(corrected.close());
        JsonNode redone = TopologyKit.json(outcomes.readValue());
        assertThat(redone.get("correction").asBoolean()).isTrue();
        assertThat(redone.get("actualClose").asDouble()).isEqualTo(corrected.close());
        assertThat(redone.get("count").asLong()).isEqualTo(1);

        pipe(series.get(WINDOW - 3)); // older than the latest bar
        JsonNode dead = TopologyKit.json(rejected.readValue());
        assertThat(dead.get("reason").asText()).isEqualTo("OUT_OF_ORDER");
        assertThat(predictions.isEmpty()).isTrue();
    }

    @Test
    void shouldMoveAWindowStoredWholeByAnEarlierVersionIntoChunks() {
        List<Bar> series = SyntheticBars.autoregressive("AAA", 31, 0.5, 0.01, 9);
        io.barcast.window.BarWindow old = new io.barcast.window.BarWindow(WINDOW);
        series.subList(0, 30).forEach(old::offer);
        var store = driver.<String, byte[]>getKeyValueStore(BarcastTopology.WINDOW_STORE);
        store.put("AAA", io.barcast.window.WholeWindowFormat.encode(old));

        pipe(series.get(30));

        assertThat(windowDates("AAA")).containsExactlyElementsOf(series.stream().map(b -> b.date().toString()).toList());
        assertThat(store.get("AAA")).as("the whole-window record is gone").isNull();
        assertThat(rejected.isEmpty()).isTrue();
    }

    @Test
    void shouldPredictFromTheStoredModelAfterARestartWithoutRetraining() throws IOException {
        List<Bar> series = SyntheticBars.autoregressive("AAA", WINDOW + 3, 0.5, 0.01, 8);
        withModel(series.subList(0, WINDOW));
        pipe(series.get(WINDOW));
        JsonNode before = TopologyKit.json(predictions.readValuesToList().get(1));
        int callsBefore = trainingCalls.get();

        restartOnSameStateDirectory();
        pipe(series.get(WINDOW + 1));

        JsonNode after = TopologyKit.json(predictions.readValue());
        assertThat(after.get("modelVersion").asLong()).isEqualTo(before.get("modelVersion").asLong());
        assertThat(after.get("asOf").asText()).isEqualTo(series.get(WINDOW + 1).date().toString());
        assertThat(TopologyKit.json(outcomes.readValuesToList().get(0)).get("asOf").asText()).isEqualTo(series.get(WINDOW).date().toString());
        awaitTrainingAndHandOver();
        assertThat(trainingCalls.get()).isEqualTo(callsBefore);
    }

    @Test
    void shouldRejectDivergedOrStalledModelsAndKeepServingThePreviousOne() {
        ModelConfig absurd = ModelConfigs.with(TINY, "model.learning.rate=1e6", "model.dropout=0", "model.l2=0", "model.gradient.clip=0", "model.patience=0");
        trainer = job -> Trainer.lstm().train(job.version() == 1 ? job
                : new TrainingJob(job.symbol(), job.version(), job.window(), job.appendedAtSubmit(), job.incumbent(), absurd));
        List<Bar> series = SyntheticBars.autoregressive("AAA", WINDOW + EVERY + 1, 0.5, 0.01, 9);
        withModel(series.subList(0, WINDOW));
        trainingLoss.readValuesToList();
        predictions.readValuesToList();

        series.subList(WINDOW, WINDOW + EVERY).forEach(this::pipe); // the 10th new bar submits job v2
        awaitTrainingAndHandOver();
        JsonNode loss = TopologyKit.json(trainingLoss.readValue());
        assertThat(loss.get("modelVersion").asLong()).isEqualTo(2);
        assertThat(loss.get("status").asText()).isIn("DIVERGED", "STALLED");
        assertThat(loss.get("promoted").asBoolean()).isFalse();
        assertThat(loss.get("reason").asText()).isNotBlank();

        predictions.readValuesToList();
        pipe(series.get(WINDOW + EVERY));
        JsonNode p = TopologyKit.json(predictions.readValue());
        assertThat(p.get("modelVersion").asLong()).isEqualTo(1);
        assertThat(Double.isFinite(p.get("predictedClose").asDouble())).isTrue();
    }

    /**
     * The promotion gate on the service path: job v2 trains for real, but its report says its validation RMSE is twice
     * the serving model's on the same bars. It must be published as REJECTED_WORSE, not promoted, with both figures;
     * model v1 must stay in the model store and go on predicting.
     */
    @Test
    void shouldRejectACandidateWorseThanTheServingModelAndKeepServingIt() {
        trainer = job -> {
            TrainingResult result = Trainer.lstm().train(job);
            if (job.version() == 1) {
                return result;
            }
            TrainingReport r = result.report();
            assertThat(r.incumbentValRmse()).as("the serving model was evaluated on the candidate's bars").isFinite();
            TrainingReport worse = new TrainingReport(r.symbol(), r.version(), r.windowEnd(), r.status(), r.reason(),
                    r.trainLoss(), r.valLoss(), r.bestEpoch(), 2 * r.incumbentValRmse(), r.valRmseNaive(),
                    r.incumbentValRmse(), r.trainSamples(), r.valSamples(), r.durationMillis(), r.validationFit());
            return new TrainingResult(worse, result.trainedModel());
        };
        List<Bar> series = SyntheticBars.autoregressive("AAA", WINDOW + EVERY + 1, 0.5, 0.01, 10);
        withModel(series.subList(0, WINDOW));
        trainingLoss.readValuesToList();
        predictions.readValuesToList();

        series.subList(WINDOW, WINDOW + EVERY).forEach(this::pipe); // the 10th new bar submits job v2
        awaitTrainingAndHandOver();

        JsonNode loss = TopologyKit.json(trainingLoss.readValue());
        assertThat(loss.get("modelVersion").asLong()).isEqualTo(2);
        assertThat(loss.get("status").asText()).isEqualTo("REJECTED_WORSE");
        assertThat(loss.get("promoted").asBoolean()).isFalse();
        assertThat(loss.get("reason").asText()).contains("serving model v1");
        assertThat(loss.get("valRmseModel").asDouble()).isEqualTo(2 * loss.get("servingModelValRmse").asDouble());
        assertThat(trainingLoss.isEmpty()).isTrue();
        assertThat(ModelSnapshot.fromBytes(driver.<String, byte[]>getKeyValueStore(BarcastTopology.MODEL_STORE).get("AAA"))
                .metadata().version()).as("the model store still holds v1").isEqualTo(1);

        predictions.readValuesToList();
        pipe(series.get(WINDOW + EVERY));
        JsonNode p = TopologyKit.json(predictions.readValue());
        assertThat(p.get("asOf").asText()).isEqualTo(series.get(WINDOW + EVERY).date().toString());
        assertThat(p.get("modelVersion").asLong()).isEqualTo(1);
    }

    // ---- helpers ----

    private void withModel(List<Bar> window) {
        window.forEach(this::pipe);
        awaitTrainingAndHandOver();
        assertThat(TopologyKit.json(trainingLoss.readValuesToList().get(0)).get("promoted").asBoolean()).isTrue();
    }

    private void pipe(Bar bar) {
        bars.pipeInput(bar.symbol().getBytes(StandardCharsets.UTF_8), BarJson.toBytes(bar));
    }

    private void awaitTrainingAndHandOver() {
        TopologyKit.awaitIdle(executor);
        driver.advanceWallClockTime(Duration.ofMillis(POLL_MS));
    }

    private List<String> windowDates(String symbol) {
        List<byte[]> chunks = new java.util.ArrayList<>();
        try (var it = driver.<String, byte[]>getKeyValueStore(BarcastTopology.WINDOW_STORE)
                .range(io.barcast.window.WindowChunks.rangeFrom(symbol), io.barcast.window.WindowChunks.rangeTo(symbol))) {
            it.forEachRemaining(kv -> chunks.add(kv.value));
        }
        return io.barcast.window.WindowChunks.decode(symbol, chunks, WINDOW).bars().stream().map(b -> b.date().toString()).toList();
    }

    /** TopologyTestDriver deletes its state directory on close, so keep a copy and put it back. */
    /** Closes the driver (its stores copy themselves once closed) and opens a new one on the state they left. */
    private void restartOnSameStateDirectory() throws IOException {
        driver.close();
        driver = null;
        assertThat(stores.kept()).as("the closed stores and the checkpoint").anyMatch(p -> p.toString().endsWith(".checkpoint"))
                .anyMatch(p -> p.toString().contains("rocksdb/models/"));
        stores.restoreTo(stateDir);
        openDriver();
    }

    private static String barJson(Bar bar) {
        return new String(BarJson.toBytes(bar), StandardCharsets.UTF_8);
    }

}
