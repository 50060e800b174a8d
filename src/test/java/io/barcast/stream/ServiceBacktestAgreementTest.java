package io.barcast.stream;

import io.barcast.backtest.BacktestPrediction;
import io.barcast.backtest.BacktestResult;
import io.barcast.backtest.WalkForwardBacktest;
import io.barcast.bar.Bar;
import io.barcast.bar.BarJson;
import io.barcast.bar.CsvBarReader;
import io.barcast.forecast.ForecastSettings;
import io.barcast.forecast.Trainer;
import io.barcast.model.TrainingReport;
import io.barcast.model.TrainingStatus;
import io.barcast.testing.ModelConfigs;
import io.barcast.testing.TopologyKit;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The backtest measures what the service does: one real bundled series through the topology (with a training
 * executor that finishes each job before the next bar) and through the walk-forward backtest with the same
 * settings give the same predictions, model versions and training statuses, promotion gate included.
 */
class ServiceBacktestAgreementTest {

    private static final long POLL_MS = 100;
    /** A zero tolerance makes the gate reject some candidates, so the agreement covers its verdicts too. */
    private static final ForecastSettings SETTINGS = new ForecastSettings(60, 15, 0.0,
            ModelConfigs.config("model.hidden.size=8", "model.lookback=5", "model.epochs=8"));

    @TempDir
    Path stateDir;

    @Test
    void shouldMakeTheSamePredictionsAndTrainingDecisionsAsTheBacktest() throws IOException {
        // Given: the last 260 real AAPL bars
        List<Bar> all = CsvBarReader.read("aapl", "AAPL");
        List<Bar> bars = all.subList(all.size() - 260, all.size());

        // When: the backtest runs them ...
        BacktestResult backtest = new WalkForwardBacktest(SETTINGS).run("AAPL", bars, WalkForwardBacktest.Listener.NONE);

        // ... and so does the topology, each training job finished and handed over before the next bar
        List<JsonNode> predictions;
        List<JsonNode> trainings;
        try (TrainingExecutor executor = new TrainingExecutor(1, 10, Trainer.lstm());
             TopologyTestDriver driver = new TopologyTestDriver(BarcastTopology.build(
                     new BarcastTopology.Settings(new Topics("bars", "predictions", "training-loss", "prediction-outcomes",
                             "bars-rejected"), POLL_MS, SETTINGS), executor, StreamMetrics.NONE), driverProps())) {
            TestInputTopic<byte[], byte[]> in = driver.createInputTopic("bars", new ByteArraySerializer(), new ByteArraySerializer());
            TestOutputTopic<String, byte[]> out = driver.createOutputTopic("predictions", new StringDeserializer(), new ByteArrayDeserializer());
            TestOutputTopic<String, byte[]> loss = driver.createOutputTopic("training-loss", new StringDeserializer(), new ByteArrayDeserializer());
            for (Bar bar : bars) {
                in.pipeInput(bar.symbol().getBytes(StandardCharsets.UTF_8), BarJson.toBytes(bar));
                TopologyKit.awaitIdle(executor);
                driver.advanceWallClockTime(Duration.ofMillis(POLL_MS));
            }
            predictions = out.readValuesToList().stream().map(TopologyKit::json).toList();
            trainings = loss.readValuesToList().stream().map(TopologyKit::json).toList();
        }

        // Then: the same training decisions, the gate's included ...
        List<TrainingReport> retrains = backtest.retrains();
        assertThat(retrains.stream().map(TrainingReport::status)).contains(TrainingStatus.OK, TrainingStatus.REJECTED_WORSE);
        assertThat(trainings).hasSameSizeAs(retrains);
        for (int i = 0; i < retrains.size(); i++) {
            JsonNode t = trainings.get(i);
            assertThat(t.get("modelVersion").asLong()).as("training %d version", i).isEqualTo(retrains.get(i).version());
            assertThat(t.get("windowEnd").asText()).as("training %d window end", i).isEqualTo(retrains.get(i).windowEnd().toString());
            assertThat(t.get("status").asText()).as("training %d status", i).isEqualTo(retrains.get(i).status().name());
        }
        // ... and the same predictions: every one the backtest scored, plus the service's last, not yet scored
        List<BacktestPrediction> scored = backtest.predictions();
        assertThat(scored).hasSizeGreaterThan(150);
        assertThat(predictions).hasSize(scored.size() + 1);
        assertThat(predictions.get(predictions.size() - 1).get("asOf").asText()).isEqualTo(bars.get(bars.size() - 1).date().toString());
        for (int i = 0; i < scored.size(); i++) {
            JsonNode p = predictions.get(i);
            BacktestPrediction b = scored.get(i);
            assertThat(p.get("asOf").asText()).as("prediction %d date", i).isEqualTo(b.asOf().toString());
            assertThat(p.get("predictedClose").asDouble()).as("prediction %d from %s", i, b.asOf()).isCloseTo(b.predictedClose(), within(1e-12));
            assertThat(p.get("modelVersion").asLong()).as("prediction %d model", i).isEqualTo(b.modelVersion());
            assertThat(p.get("trainedThrough").asText()).as("prediction %d lineage", i).isEqualTo(b.trainedThrough().toString());
            // The same intervals: the calibration state went through the store (encoded, decoded) on every bar
            assertThat(p.get("intervals")).as("prediction %d intervals", i).hasSize(b.intervals().size());
            assertThat(b.intervals()).hasSize(2);
            for (int k = 0; k < b.intervals().size(); k++) {
                JsonNode band = p.get("intervals").get(k);
                assertThat(band.get("level").asDouble()).isEqualTo(b.intervals().get(k).level());
                assertThat(band.get("lower").asDouble()).as("prediction %d lower %d", i, k).isCloseTo(b.intervals().get(k).lower(), within(1e-12));
                assertThat(band.get("upper").asDouble()).as("prediction %d upper %d", i, k).isCloseTo(b.intervals().get(k).upper(), within(1e-12));
            }
            // The same VaR and ES: the tail calibration went through the store as well
            assertThat(b.risk()).isNotNull();
            assertThat(p.get("valueAtRisk975").asDouble()).as("prediction %d VaR 97.5", i).isCloseTo(b.risk().var975(), within(1e-12));
            assertThat(p.get("valueAtRisk99").asDouble()).as("prediction %d VaR 99", i).isCloseTo(b.risk().var99(), within(1e-12));
            assertThat(p.get("expectedShortfall975").asDouble()).as("prediction %d ES", i).isCloseTo(b.risk().es975(), within(1e-12));
        }
    }

    private Properties driverProps() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "barcast-agreement");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "dummy:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        return props;
    }

}
