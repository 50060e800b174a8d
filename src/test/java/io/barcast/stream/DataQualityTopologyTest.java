package io.barcast.stream;

import io.barcast.bar.Bar;
import io.barcast.bar.BarJson;
import io.barcast.bar.CsvBarReader;
import io.barcast.forecast.ForecastSettings;
import io.barcast.forecast.Trainer;
import io.barcast.testing.ClosedStoreCopies;
import io.barcast.testing.DirtySeries;
import io.barcast.testing.ModelConfigs;
import io.barcast.testing.RecordSchemas;
import io.barcast.testing.TopologyKit;

import com.fasterxml.jackson.databind.JsonNode;
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

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The data-quality rules through the real topology (TopologyTestDriver, RocksDB stores, tiny real training): a raw
 * split series publishes its data-quality record and predicts on in the new units, and a restart right after the
 * adjustment (the stores closed and reopened) goes on exactly as without it.
 */
class DataQualityTopologyTest {

    private static final int WINDOW = 60;
    private static final int SPLIT = 90;
    private static final long POLL_MS = 50;
    private static final ForecastSettings SETTINGS = new ForecastSettings(WINDOW, 20, 0.05,
            ModelConfigs.config("model.hidden.size=8", "model.lookback=5", "model.epochs=5"));

    @TempDir
    Path stateDir;
    @TempDir
    Path kept;

    private final Topics topics = io.barcast.service.ServiceConfig.of(new Properties()).topics();
    private TrainingExecutor executor;
    private TopologyTestDriver driver;
    private ClosedStoreCopies stores;

    @AfterEach
    void close() {
        if (driver != null) {
            driver.close();
        }
        if (executor != null) {
            executor.close();
        }
    }

    /** Every output of a run over {@code bars}, restarting on the same state after bar {@code restartAfter} (-1: never). */
    private Outputs run(List<Bar> bars, int restartAfter) throws IOException {
        executor = new TrainingExecutor(1, 100, job -> Trainer.lstm().train(job));
        stores = new ClosedStoreCopies(kept);
        open();
        Outputs out = new Outputs();
        for (int i = 0; i < bars.size(); i++) {
            input().pipeInput(bars.get(i).symbol().getBytes(StandardCharsets.UTF_8), BarJson.toBytes(bars.get(i)));
            TopologyKit.awaitIdle(executor);
            driver.advanceWallClockTime(Duration.ofMillis(POLL_MS));
            if (i == restartAfter) {
                out.read(this);
                driver.close();
                stores.restoreTo(stateDir);
                open();
            }
        }
        out.read(this);
        return out;
    }

    private void open() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "barcast-quality-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "dummy:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        driver = new TopologyTestDriver(BarcastTopology.build(new BarcastTopology.Settings(topics, POLL_MS, SETTINGS), executor,
                StreamMetrics.NONE, PublishedRecords.NONE, stores), props);
    }

    private TestInputTopic<byte[], byte[]> input() {
        return driver.createInputTopic(topics.bars(), new ByteArraySerializer(), new ByteArraySerializer());
    }

    private List<JsonNode> read(String topic) {
        TestOutputTopic<String, byte[]> t = driver.createOutputTopic(topic, new StringDeserializer(), new ByteArrayDeserializer());
        List<JsonNode> out = new ArrayList<>();
        t.readValuesToList().forEach(v -> {
            assertThat(RecordSchemas.errors(schema(topic), v)).as(topic).isEmpty();
            out.add(TopologyKit.json(v));
        });
        return out;
    }

    private String schema(String topic) {
        return topic.equals(topics.dataQuality()) ? RecordSchemas.DATA_QUALITY
                : topic.equals(topics.predictions()) ? RecordSchemas.PREDICTIONS : RecordSchemas.OUTCOMES;
    }

    private static final class Outputs {
        final List<JsonNode> quality = new ArrayList<>();
        final List<JsonNode> predictions = new ArrayList<>();
        final List<JsonNode> outcomes = new ArrayList<>();

        void read(DataQualityTopologyTest t) {
            quality.addAll(t.read(t.topics.dataQuality()));
            predictions.addAll(t.read(t.topics.predictions()));
            outcomes.addAll(t.read(t.topics.outcomes()));
        }
    }

    @Test
    void shouldPublishAnUntoldSplitAndPredictOnInTheNewUnits() throws IOException {
        List<Bar> clean = CsvBarReader.read("aapl", "AAPL").subList(0, 130);
        LocalDate exDate = clean.get(SPLIT).date();
        Outputs raw = run(DirtySeries.untoldSplit(clean, exDate, 2), -1);

        assertThat(raw.quality).hasSize(1);
        JsonNode q = raw.quality.get(0);
        assertThat(q.get("kind").asText()).isEqualTo("SUSPECTED_SPLIT");
        assertThat(q.get("action").asText()).isEqualTo("ADJUSTED");
        assertThat(q.get("date").asText()).isEqualTo(exDate.toString());
        assertThat(q.get("offset").asLong()).isEqualTo(SPLIT);
        JsonNode outcome = raw.outcomes.stream().filter(o -> o.get("targetDate").asText().equals(exDate.toString())).findFirst().orElseThrow();
        assertThat(outcome.get("adjustment").asDouble()).isEqualTo(0.5);
        assertThat(outcome.get("dataQuality").get(0).asText()).isEqualTo("SUSPECTED_SPLIT");
        assertThat(outcome.get("lastClose").asDouble()).isCloseTo(clean.get(SPLIT - 1).close(), within(1e-9));
        JsonNode next = raw.predictions.stream().filter(p -> p.get("asOf").asText().equals(exDate.toString())).findFirst().orElseThrow();
        assertThat(next.get("lastClose").asDouble()).isEqualTo(clean.get(SPLIT).close());
        assertThat(next.get("dataQuality").get(0).asText()).isEqualTo("SUSPECTED_SPLIT");
        double width = next.get("intervals").get(1).get("upper").asDouble() - next.get("intervals").get(1).get("lower").asDouble();
        assertThat(width / next.get("lastClose").asDouble()).as("the 95% width after the split, relative").isLessThan(0.15);
    }

    @Test
    void shouldGoOnAfterARestartInTheMiddleOfAnAdjustmentAsWithoutIt() throws IOException {
        List<Bar> told = DirtySeries.toldSplit(CsvBarReader.read("aapl", "AAPL").subList(0, 120), CsvBarReader.read("aapl", "AAPL").get(SPLIT).date(), 7);
        Outputs straight = run(told, -1);
        close();
        executor = null;
        driver = null;
        Outputs restarted = runFresh(told, SPLIT);

        assertThat(restarted.quality).hasSize(1);
        assertThat(restarted.quality.get(0).get("kind").asText()).isEqualTo("SPLIT_TOLD");
        assertThat(restarted.predictions).hasSameSizeAs(straight.predictions);
        for (int i = 0; i < straight.predictions.size(); i++) {
            JsonNode a = straight.predictions.get(i);
            JsonNode b = restarted.predictions.get(i);
            assertThat(b.get("asOf")).isEqualTo(a.get("asOf"));
            assertThat(b.get("lastClose").asDouble()).isEqualTo(a.get("lastClose").asDouble());
            assertThat(b.get("predictedClose").asDouble()).isEqualTo(a.get("predictedClose").asDouble());
            assertThat(b.get("intervals")).isEqualTo(a.get("intervals"));
        }
        assertThat(restarted.outcomes).hasSameSizeAs(straight.outcomes);
        for (int i = 0; i < straight.outcomes.size(); i++) {
            assertThat(restarted.outcomes.get(i).get("runningRmse")).isEqualTo(straight.outcomes.get(i).get("runningRmse"));
            assertThat(restarted.outcomes.get(i).get("adjustment")).isEqualTo(straight.outcomes.get(i).get("adjustment"));
        }
    }

    private Outputs runFresh(List<Bar> bars, int restartAfter) throws IOException {
        java.nio.file.Files.walk(stateDir).sorted(java.util.Comparator.reverseOrder()).filter(p -> !p.equals(stateDir))
                .forEach(p -> p.toFile().delete());
        return run(bars, restartAfter);
    }
}
