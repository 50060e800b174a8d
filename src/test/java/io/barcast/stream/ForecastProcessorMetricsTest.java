package io.barcast.stream;

import io.barcast.bar.Bar;
import io.barcast.bar.BarJson;
import io.barcast.forecast.ForecastSettings;
import io.barcast.forecast.Trainer;
import io.barcast.interval.Levels;
import io.barcast.metrics.BarcastMetrics;
import io.barcast.model.ModelConfig;
import io.barcast.service.ServiceConfig;
import io.barcast.testing.ModelConfigs;
import io.barcast.testing.SyntheticBars;
import io.barcast.testing.TopologyKit;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/** The topology reports each published prediction's band and each outcome's interval figures to its metrics. */
class ForecastProcessorMetricsTest {

    private static final int WINDOW = 40;
    private static final long POLL_MS = 100;
    private static final ModelConfig TINY = ModelConfigs.config("model.hidden.size=8", "model.lookback=5", "model.epochs=8");

    @TempDir
    Path stateDir;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final BarcastMetrics metrics = BarcastMetrics.boundTo(registry, () -> 0, () -> 0);
    private final TrainingExecutor executor = new TrainingExecutor(1, 10, job -> Trainer.lstm().train(job));
    private TopologyTestDriver driver;

    @AfterEach
    void stop() {
        if (driver != null) {
            driver.close();
        }
        executor.close();
        metrics.close();
    }

    @Test
    void shouldSetTheBandFromEachPublishedPredictionAndTheCoverageFromEachOutcome() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "barcast-metrics-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "dummy:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        BarcastTopology.Settings settings = new BarcastTopology.Settings(ServiceConfig.of(new Properties()).topics(), POLL_MS,
                new ForecastSettings(WINDOW, 10, 0.05, TINY));
        driver = new TopologyTestDriver(BarcastTopology.build(settings, executor, metrics), props);
        TestInputTopic<byte[], byte[]> bars = driver.createInputTopic("bars", new ByteArraySerializer(), new ByteArraySerializer());
        TestOutputTopic<String, byte[]> predictions = driver.createOutputTopic("predictions", new StringDeserializer(), new ByteArrayDeserializer());
        TestOutputTopic<String, byte[]> outcomes = driver.createOutputTopic("prediction-outcomes", new StringDeserializer(), new ByteArrayDeserializer());
        List<Bar> series = SyntheticBars.autoregressive("AAA", WINDOW + 2, 0.5, 0.01, 13);

        series.subList(0, WINDOW).forEach(b -> bars.pipeInput(b.symbol().getBytes(StandardCharsets.UTF_8), BarJson.toBytes(b)));
        TopologyKit.awaitIdle(executor);
        driver.advanceWallClockTime(Duration.ofMillis(POLL_MS)); // the first model is promoted and predicts

        JsonNode first = TopologyKit.json(predictions.readValue());
        assertThat(first.get("intervals")).hasSize(2);
        assertBand(first);
        assertThat(registry.find(BarcastMetrics.ACTUAL_CLOSE).gauge()).as("no outcome yet").isNull();
        assertThat(registry.find(BarcastMetrics.INTERVAL_COVERAGE).gauges()).isEmpty();

        for (Bar next : series.subList(WINDOW, WINDOW + 2)) {
            bars.pipeInput(next.symbol().getBytes(StandardCharsets.UTF_8), BarJson.toBytes(next));
            JsonNode outcome = TopologyKit.json(outcomes.readValue());
            assertBand(TopologyKit.json(predictions.readValue()));
            assertThat(gauge(BarcastMetrics.ACTUAL_CLOSE, null)).isEqualTo(next.close()).isEqualTo(outcome.get("actualClose").asDouble());
            assertThat(outcome.get("intervals")).hasSize(2);
            for (JsonNode band : outcome.get("intervals")) {
                String level = Levels.label(band.get("level").asDouble());
                assertThat(gauge(BarcastMetrics.INTERVAL_COVERAGE, level)).isEqualTo(band.get("runningCoverage").asDouble());
                assertThat(gauge(BarcastMetrics.INTERVAL_WIDTH_RATIO, level)).isEqualTo(band.get("runningWidthRatio").asDouble());
                assertThat(gauge(BarcastMetrics.INTERVAL_OUTCOMES, level)).isEqualTo(band.get("runningCount").asDouble()).isPositive();
                assertThat(gauge(BarcastMetrics.INTERVAL_LEVEL, level)).isEqualTo(band.get("level").asDouble());
            }
        }
        assertThat(gauge(BarcastMetrics.INTERVAL_OUTCOMES, "0.8")).isEqualTo(2);

        // The task closes (as when a rebalance moves it to another instance): its symbol's gauges go, its counters stay
        assertThat(registry.find(BarcastMetrics.MODEL_VERSION).tag("symbol", "AAA").gauge()).isNotNull();
        driver.close();
        driver = null;
        assertThat(registry.getMeters()).noneMatch(m -> m instanceof io.micrometer.core.instrument.Gauge
                && "AAA".equals(m.getId().getTag("symbol")));
        assertThat(registry.get(BarcastMetrics.PREDICTIONS).tag("symbol", "AAA").counter().count()).isEqualTo(3);
    }

    private void assertBand(JsonNode prediction) {
        assertThat(gauge(BarcastMetrics.PREDICTED_CLOSE, null)).isEqualTo(prediction.get("predictedClose").asDouble());
        for (JsonNode band : prediction.get("intervals")) {
            String level = Levels.label(band.get("level").asDouble());
            assertThat(gauge(BarcastMetrics.PREDICTED_LOWER, level)).isEqualTo(band.get("lower").asDouble());
            assertThat(gauge(BarcastMetrics.PREDICTED_UPPER, level)).isEqualTo(band.get("upper").asDouble());
        }
    }

    private double gauge(String name, String level) {
        var search = registry.get(name).tag("symbol", "AAA");
        return (level == null ? search : search.tag("level", level)).gauge().value();
    }
}
