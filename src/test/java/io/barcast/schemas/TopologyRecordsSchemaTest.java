package io.barcast.schemas;

import io.barcast.bar.Bar;
import io.barcast.bar.BarJson;
import io.barcast.bar.CsvBarReader;
import io.barcast.bar.RejectReason;
import io.barcast.forecast.ForecastSettings;
import io.barcast.forecast.WarmStartPolicy;
import io.barcast.interval.IntervalSettings;
import io.barcast.quality.QualitySettings;
import io.barcast.quality.SplitPolicy;
import io.barcast.forecast.Trainer;
import io.barcast.model.ModelConfig;
import io.barcast.service.ServiceConfig;
import io.barcast.stream.BarcastTopology;
import io.barcast.stream.StreamMetrics;
import io.barcast.stream.Topics;
import io.barcast.stream.TrainingExecutor;
import io.barcast.testing.BadInputCorpus;
import io.barcast.testing.BadInputCorpus.Case;
import io.barcast.testing.ModelConfigs;
import io.barcast.testing.RecordSchemas;
import io.barcast.testing.TopologyKit;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

import static io.barcast.testing.RecordSchemas.DATA_QUALITY;
import static io.barcast.testing.RecordSchemas.OUTCOMES;
import static io.barcast.testing.RecordSchemas.PREDICTIONS;
import static io.barcast.testing.RecordSchemas.REJECTED;
import static io.barcast.testing.RecordSchemas.TRAINING_LOSS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The records the real topology writes, validated against the schemas the jar ships: 62 real bars of SPX and of AAPL
 * (bundled data) through TopologyTestDriver with real RocksDB stores and real (tiny) DL4J training, with the whole
 * bad-input corpus in between (every reject reason, redeliveries and corrections) and one training job that throws
 * (a FAILED record, whose figures are null). Every record of the four output topics must be valid.
 */
class TopologyRecordsSchemaTest {

    static final int WINDOW = 40;
    static final int EVERY = 10;
    static final int BARS = 62;
    static final long POLL_MS = 100;
    static final ModelConfig TINY = ModelConfigs.config("model.hidden.size=8", "model.lookback=5", "model.epochs=8");

    @TempDir
    Path stateDir;

    @Test
    void shouldWriteOnlyRecordsThatMatchTheirSchemasOnEveryOutputTopic() throws Exception {
        Map<String, List<Bar>> bars = Map.of("SPX", CsvBarReader.read("sp500", "SPX").subList(0, BARS),
                "AAPL", CsvBarReader.read("aapl", "AAPL").subList(0, BARS));
        List<Case> corpus = BadInputCorpus.load(bars, BARS);
        Trainer trainer = job -> {
            if (job.symbol().equals("AAPL") && job.version() == 2) {
                throw new IllegalStateException("injected training fault");
            }
            return Trainer.lstm().train(job);
        };
        Topics topics = ServiceConfig.of(new Properties()).topics();
        Map<String, List<byte[]>> out = new LinkedHashMap<>();

        try (TrainingExecutor executor = new TrainingExecutor(1, 100, trainer);
             TopologyTestDriver driver = driver(topics, executor)) {
            TestInputTopic<byte[], byte[]> input = driver.createInputTopic(topics.bars(), new ByteArraySerializer(), new ByteArraySerializer());
            List<Case> stateless = corpus.stream().filter(c -> !c.stateful()).toList();
            int next = 0;
            for (int i = 0; i < BARS; i++) {
                for (String symbol : List.of("SPX", "AAPL")) {
                    if (next < stateless.size()) { // the stateless cases spread over the first bars
                        Case c = stateless.get(next++);
                        input.pipeInput(c.key(), c.value());
                    }
                    Bar bar = bars.get(symbol).get(i);
                    input.pipeInput(symbol.getBytes(StandardCharsets.UTF_8), BarJson.toBytes(bar));
                    for (Case c : corpus) {
                        if (c.stateful() && c.afterSymbol().equals(symbol) && c.afterIndex() == i) {
                            input.pipeInput(c.key(), c.value());
                        }
                    }
                    // Hand finished training jobs back at once, so that every bar after a promotion is predicted.
                    TopologyKit.awaitIdle(executor);
                    driver.advanceWallClockTime(Duration.ofMillis(POLL_MS));
                }
            }
            for (String topic : List.of(topics.predictions(), topics.outcomes(), topics.trainingLoss(), topics.rejected(),
                    topics.dataQuality())) {
                out.put(topic, driver.createOutputTopic(topic, new ByteArrayDeserializer(), new ByteArrayDeserializer())
                        .readValuesToList());
            }
        }

        // Every kind of record is there, nulls and corrections included.
        List<JsonNode> losses = json(out.get(topics.trainingLoss()));
        assertThat(losses).extracting(l -> l.get("status").asText()).contains("OK", "FAILED");
        assertThat(losses).anySatisfy(l -> assertThat(l.get("valRmseModel").isNull()).isTrue());
        assertThat(json(out.get(topics.predictions()))).hasSizeGreaterThan(40)
                .anySatisfy(p -> assertThat(p.get("correction").asBoolean()).isTrue());
        assertThat(json(out.get(topics.outcomes()))).hasSizeGreaterThan(40)
                .anySatisfy(o -> assertThat(o.get("correction").asBoolean()).isTrue())
                .anySatisfy(o -> assertThat(o.get("intervals")).isNotEmpty());
        assertThat(json(out.get(topics.rejected())).stream().map(r -> r.get("reason").asText()).collect(Collectors.toSet()))
                .as("every reject reason").containsExactlyInAnyOrderElementsOf(
                        EnumSet.allOf(RejectReason.class).stream().map(Enum::name).toList());

        // Predictions carry their target date, VaR, ES and P(up), ordered and below the last close; outcomes their
        // exception flags, the VaR backtests of both levels and the Basel zone.
        assertThat(json(out.get(topics.predictions()))).allSatisfy(p -> {
            LocalDate asOf = LocalDate.parse(p.get("asOf").asText());
            assertThat(p.get("targetDate").asText()).isEqualTo(io.barcast.forecast.Prediction.nextTradingDay(asOf).toString());
            assertThat(asOf.getDayOfWeek() != java.time.DayOfWeek.FRIDAY || p.get("targetDate").asText().equals(asOf.plusDays(3).toString())).isTrue();
            double last = p.get("lastClose").asDouble();
            assertThat(p.get("valueAtRisk975").asDouble()).isPositive().isLessThanOrEqualTo(last);
            assertThat(p.get("valueAtRisk99").asDouble()).isPositive().isLessThanOrEqualTo(p.get("valueAtRisk975").asDouble());
            assertThat(p.get("expectedShortfall975").asDouble()).isPositive().isLessThanOrEqualTo(p.get("valueAtRisk975").asDouble());
            assertThat(p.get("probabilityUp").asDouble()).isBetween(0.0, 1.0);
        });
        assertThat(json(out.get(topics.outcomes()))).allSatisfy(o -> {
            assertThat(o.get("var99Exception").asBoolean()).isEqualTo(o.get("actualClose").asDouble() < o.get("valueAtRisk99").asDouble());
            assertThat(o.get("var975Exception").asBoolean()).isEqualTo(o.get("actualClose").asDouble() < o.get("valueAtRisk975").asDouble());
            assertThat(o.get("varBacktest")).hasSize(2);
            assertThat(o.get("baselZone").asText()).isIn("GREEN", "YELLOW", "RED");
        });

        // ... and every one of them matches its topic's schema.
        assertThat(json(out.get(topics.dataQuality()))).anySatisfy(q -> {
            assertThat(q.get("kind").asText()).isEqualTo("SUSPECTED_SPLIT");
            assertThat(q.get("action").asText()).isEqualTo("REJECTED");
        });
        Map<String, String> schemaOf = Map.of(topics.predictions(), PREDICTIONS, topics.outcomes(), OUTCOMES,
                topics.trainingLoss(), TRAINING_LOSS, topics.rejected(), REJECTED, topics.dataQuality(), DATA_QUALITY);
        SoftAssertions soft = new SoftAssertions();
        for (Map.Entry<String, List<byte[]>> topic : out.entrySet()) {
            soft.assertThat(topic.getValue()).as(topic.getKey()).isNotEmpty();
            for (byte[] value : topic.getValue()) {
                List<String> errors = RecordSchemas.errors(schemaOf.get(topic.getKey()), value);
                if (!errors.isEmpty()) {
                    soft.assertThat(errors).as(topic.getKey() + " record " + abbreviate(new String(value, StandardCharsets.UTF_8)))
                            .isEmpty();
                }
            }
        }
        soft.assertAll();
    }

    private TopologyTestDriver driver(Topics topics, TrainingExecutor executor) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "barcast-schema-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "dummy:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        // quality.split.policy=reject: the corpus's suspected split is a dead letter
        ForecastSettings forecast = new ForecastSettings(WINDOW, EVERY, 0.05, TINY, IntervalSettings.defaults(),
                WarmStartPolicy.defaults(), new QualitySettings(SplitPolicy.REJECT, 4, 8, 6, 12));
        BarcastTopology.Settings settings = new BarcastTopology.Settings(topics, POLL_MS, forecast);
        return new TopologyTestDriver(BarcastTopology.build(settings, executor, StreamMetrics.NONE), props);
    }

    private static List<JsonNode> json(List<byte[]> values) {
        List<JsonNode> nodes = new ArrayList<>();
        values.forEach(v -> nodes.add(TopologyKit.json(v)));
        return nodes;
    }

    private static String abbreviate(String s) {
        return s.length() <= 600 ? s : s.substring(0, 600) + "...";
    }
}
