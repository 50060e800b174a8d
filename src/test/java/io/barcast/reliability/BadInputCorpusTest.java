package io.barcast.reliability;

import io.barcast.bar.Bar;
import io.barcast.bar.BarJson;
import io.barcast.bar.CsvBarReader;
import io.barcast.bar.RejectReason;
import io.barcast.broker.EmbeddedKafka;
import io.barcast.forecast.Trainer;
import io.barcast.service.BarcastService;
import io.barcast.service.ServiceConfig;
import io.barcast.stream.Topics;
import io.barcast.testing.BadInputCorpus;
import io.barcast.testing.BadInputCorpus.Case;
import io.barcast.testing.BrokerKit;
import io.barcast.testing.RecordSchemas;
import io.barcast.testing.ServiceHttp;
import io.barcast.testing.ServiceProcess;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import static io.barcast.testing.BrokerKit.json;
import static io.barcast.testing.ServiceHttp.seriesOrZero;
import static io.barcast.testing.SmallServiceConfig.smallConfig;
import static io.barcast.testing.SmallServiceConfig.uniqueId;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Feeds the bad-input corpus ({@code src/test/resources/bad-input/corpus.json}) interleaved with 60 real bars of
 * SPX and of AAPL, verbatim, through a plain byte producer into a one-partition bars topic of the real service on a
 * real in-JVM broker (exactly-once v2), and checks, reading with read_committed, that every bad record is
 * dead-lettered exactly once with its reason, that redeliveries and corrections behave as documented, that every
 * valid bar is still processed, and that every output record matches its topic's JSON Schema.
 */
@Tag("integration")
class BadInputCorpusTest {

    static final int WINDOW = 40;
    static final int BARS = 60;
    static final List<String> SYMBOLS = List.of("SPX", "AAPL");
    static final Set<String> BEHAVIOURS = Set.of("REJECTED", "DUPLICATE_IGNORED", "CORRECTION_REPREDICTED");

    static EmbeddedKafka broker;
    static BrokerKit kit;
    static Map<String, List<Bar>> bars;
    static List<Case> corpus;

    @TempDir
    Path stateDir;

    /** One record sent to the bars topic: a valid bar or a corpus case. */
    record Item(Case bad, Bar valid, int index, byte[] key, byte[] value) {
    }

    @BeforeAll
    static void startBroker() throws IOException {
        broker = EmbeddedKafka.start(EmbeddedKafka.Options.defaults());
        kit = BrokerKit.of(broker);
        bars = Map.of("SPX", CsvBarReader.read("sp500", "SPX").subList(0, BARS),
                "AAPL", CsvBarReader.read("aapl", "AAPL").subList(0, BARS));
        corpus = BadInputCorpus.load(bars, BARS);
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void shouldKeepACorpusOfAtLeastFortyWellFormedCasesCoveringEveryReason() {
        assertThat(corpus).hasSizeGreaterThanOrEqualTo(40);
        assertThat(corpus).extracting(Case::name).doesNotHaveDuplicates().allSatisfy(n -> assertThat(n).isNotBlank());
        Set<String> reasons = corpus.stream().map(Case::reason).filter(r -> r != null).collect(Collectors.toSet());
        assertThat(reasons).as("every reject reason is exercised")
                .containsExactlyInAnyOrderElementsOf(EnumSet.allOf(RejectReason.class).stream().map(Enum::name).toList());
        assertThat(corpus).extracting(Case::behaviour).contains("DUPLICATE_IGNORED", "CORRECTION_REPREDICTED");
        for (Case c : corpus) {
            assertThat(c.behaviour()).as(c.name()).isIn(BEHAVIOURS);
            assertThat(c.rejected()).as(c.name() + ": a reason exactly when rejected").isEqualTo(c.behaviour().equals("REJECTED"));
            if (!c.stateful()) {
                assertThat(c.rejected()).as(c.name() + ": a stateless case must be rejected").isTrue();
            }
            if (c.behaviour().equals("CORRECTION_REPREDICTED")) {
                assertThat(c.afterIndex()).as(c.name() + ": needs a serving model").isGreaterThanOrEqualTo(WINDOW);
            }
        }
        assertThat(corpus.stream().filter(c -> "TOO_LARGE".equals(c.reason())).mapToInt(c -> c.value().length).max().orElse(0))
                .as("a ~1 MB value").isGreaterThanOrEqualTo(1_000_000);
    }

    @Test
    void shouldDeadLetterEveryBadRecordOnceWithItsReasonAndStillProcessEveryValidBar() throws Exception {
        Properties p = smallConfig(broker.bootstrapServers(), uniqueId("corpus"), stateDir, 1);
        p.setProperty("window.bars", Integer.toString(WINDOW));
        p.setProperty("retrain.every.bars", "1000");
        p.setProperty("quality.split.policy", "reject"); // the corpus's suspected split is a dead letter
        ServiceConfig config = ServiceConfig.of(p);
        Topics topics = config.topics();
        List<List<Item>> phases = schedule();

        try (BarcastService service = ServiceProcess.inJvm(config, Trainer.lstm());
             KafkaProducer<byte[], byte[]> producer = producer()) {
            // Phase 1: bars 0..39 of both symbols with bad records in between; both first models train.
            Map<Item, Long> offsets = new IdentityHashMap<>(send(producer, topics.bars(), phases.get(0)));
            List<JsonNode> losses = kit.readUntil(topics.trainingLoss(), Duration.ofSeconds(90),
                    l -> l.stream().filter(x -> x.get("promoted").asBoolean()).map(x -> x.get("symbol").asText())
                            .collect(Collectors.toSet()).containsAll(SYMBOLS), service);
            assertThat(losses).allSatisfy(l -> assertThat(l.get("modelVersion").asLong()).isEqualTo(1));

            // Phase 2: bars 40..59, bad records, redeliveries, corrections and out-of-order bars; every bar predicts.
            offsets.putAll(send(producer, topics.bars(), phases.get(1)));
            kit.readUntil(topics.predictions(), Duration.ofSeconds(90), ps -> SYMBOLS.stream().allMatch(s ->
                    ps.stream().anyMatch(x -> x.get("symbol").asText().equals(s)
                            && x.get("asOf").asText().equals(bars.get(s).get(BARS - 1).date().toString()))), service);
            // The last record sent is AAPL's last valid bar: its prediction is committed, so is everything before it.

            List<Item> all = new ArrayList<>(phases.get(0));
            all.addAll(phases.get(1));
            assertThat(all.get(all.size() - 1).valid()).isEqualTo(bars.get("AAPL").get(BARS - 1));
            assertThat(offsets.values()).as("offsets are 0..n-1 in send order").containsExactlyInAnyOrderElementsOf(
                    java.util.stream.LongStream.range(0, all.size()).boxed().toList());

            checkDeadLetters(topics, all, offsets);
            checkPredictionsAndOutcomes(topics);
            checkMetrics(service, config);
            checkSchemas(topics);
            assertThat(service.isRunning()).as("the service is still RUNNING after the whole corpus").isTrue();
        }
    }

    // ---- checks ----

    private void checkDeadLetters(Topics topics, List<Item> all, Map<Item, Long> offsets) {
        List<ConsumerRecord<byte[], byte[]>> dead = kit.records(topics.rejected());
        Map<Long, List<ConsumerRecord<byte[], byte[]>>> byOffset = dead.stream()
                .collect(Collectors.groupingBy(r -> json(r.value()).get("offset").asLong()));
        SoftAssertions soft = new SoftAssertions();
        int expected = 0;
        for (Item item : all) {
            long offset = offsets.get(item);
            List<ConsumerRecord<byte[], byte[]>> found = byOffset.getOrDefault(offset, List.of());
            String what = item.bad() == null ? "valid bar " + item.valid().symbol() + " " + item.valid().date()
                    : "case " + item.bad().name();
            if (item.bad() == null || !item.bad().rejected()) {
                soft.assertThat(found).as(what + " (offset " + offset + ") must not be dead-lettered").isEmpty();
                continue;
            }
            expected++;
            Case c = item.bad();
            soft.assertThat(found).as(what + " (offset " + offset + ") is dead-lettered exactly once").hasSize(1);
            if (found.size() != 1) {
                continue;
            }
            ConsumerRecord<byte[], byte[]> r = found.get(0);
            JsonNode v = json(r.value());
            soft.assertThat(v.get("reason").asText()).as(what + " reason; detail: " + v.get("detail")).isEqualTo(c.reason());
            soft.assertThat(v.get("detail").asText()).as(what + " detail").isNotBlank();
            Header h = r.headers().lastHeader("barcast.reject.reason");
            soft.assertThat(h == null ? null : new String(h.value(), StandardCharsets.UTF_8)).as(what + " header").isEqualTo(c.reason());
            soft.assertThat(v.get("sourceTopic").asText()).as(what + " sourceTopic").isEqualTo(topics.bars());
            soft.assertThat(v.get("partition").asInt()).as(what + " partition").isZero();
            soft.assertThat(r.key()).as(what + " key bytes kept").isEqualTo(c.key());
            JsonNode base64 = v.get("originalValueBase64");
            int size = (c.key() == null ? 0 : c.key().length) + (c.value() == null ? 0 : c.value().length);
            if (c.value() == null) {
                soft.assertThat(base64.isNull()).as(what + " no original value").isTrue();
            } else if (size <= 64 * 1024 || !base64.isNull()) {
                // Small records keep their original bytes; huge ones may drop them to keep the dead letter producible.
                soft.assertThat(base64.asText()).as(what + " original bytes").isEqualTo(Base64.getEncoder().encodeToString(c.value()));
            }
            soft.assertThat(r.serializedKeySize() + r.serializedValueSize()).as(what + " dead letter size").isLessThan(1024 * 1024);
        }
        soft.assertThat(dead).as("dead letters, one per rejected case and nothing else").hasSize(expected);
        soft.assertAll();
    }

    private void checkPredictionsAndOutcomes(Topics topics) {
        List<JsonNode> predictions = kit.readAll(topics.predictions());
        List<JsonNode> outcomes = kit.readAll(topics.outcomes());
        SoftAssertions soft = new SoftAssertions();
        int expectedTotal = 0;
        for (String symbol : SYMBOLS) {
            List<Bar> series = bars.get(symbol);
            // The first model predicts at once from bar 39; then every valid bar 40..59 predicts exactly once.
            for (int i = WINDOW - 1; i < BARS; i++) {
                String date = series.get(i).date().toString();
                int index = i;
                List<JsonNode> plain = predictions.stream().filter(x -> x.get("symbol").asText().equals(symbol)
                        && x.get("asOf").asText().equals(date) && !x.get("correction").asBoolean()).toList();
                soft.assertThat(plain).as("%s %s (bar %d): one prediction, none for its redeliveries", symbol, date, index).hasSize(1);
                List<Case> corrections = corpus.stream().filter(c -> c.behaviour().equals("CORRECTION_REPREDICTED")
                        && c.afterSymbol().equals(symbol) && c.afterIndex() == index).toList();
                List<JsonNode> corrected = predictions.stream().filter(x -> x.get("symbol").asText().equals(symbol)
                        && x.get("asOf").asText().equals(date) && x.get("correction").asBoolean()).toList();
                soft.assertThat(corrected).as("%s %s: one correction=true prediction per correction", symbol, date)
                        .hasSize(corrections.size());
                expectedTotal += 1 + corrections.size();
                for (int k = 0; k < Math.min(corrections.size(), corrected.size()); k++) {
                    Bar fixed = BarJson.fromBytes(corrections.get(k).value());
                    soft.assertThat(corrected.get(k).get("lastClose").asDouble()).as("corrected close of " + corrections.get(k).name())
                            .isEqualTo(fixed.close());
                    List<JsonNode> redone = outcomes.stream().filter(o -> o.get("symbol").asText().equals(symbol)
                            && o.get("targetDate").asText().equals(date) && o.get("correction").asBoolean()).toList();
                    soft.assertThat(redone).as("outcome redone for " + corrections.get(k).name()).hasSize(1);
                    if (redone.size() == 1) {
                        soft.assertThat(redone.get(0).get("actualClose").asDouble()).isEqualTo(fixed.close());
                    }
                }
            }
        }
        soft.assertThat(predictions).as("no other predictions").hasSize(expectedTotal);
        soft.assertThat(predictions).allSatisfy(x -> {
            assertThat(x.get("modelVersion").asLong()).isEqualTo(1);
            assertThat(x.get("predictedClose").isNumber()).isTrue();
        });
        soft.assertAll();
    }

    private void checkMetrics(BarcastService service, ServiceConfig config) throws IOException, InterruptedException {
        String metrics = ServiceHttp.metrics(service.httpPort());
        String app = "application=\"" + config.applicationId() + "\"";
        SoftAssertions soft = new SoftAssertions();
        for (String symbol : SYMBOLS) {
            long corrections = corpus.stream().filter(c -> c.behaviour().equals("CORRECTION_REPREDICTED") && c.afterSymbol().equals(symbol)).count();
            long duplicates = corpus.stream().filter(c -> c.behaviour().equals("DUPLICATE_IGNORED") && c.afterSymbol().equals(symbol)).count();
            soft.assertThat(seriesOrZero(metrics, "barcast_bars_ingested_total{" + app + ",symbol=\"" + symbol + "\"}"))
                    .as("%s: every valid new bar and every correction ingested", symbol).isEqualTo(BARS + corrections);
            soft.assertThat(seriesOrZero(metrics, "barcast_bars_duplicate_total{" + app + ",symbol=\"" + symbol + "\"}"))
                    .as("%s: redeliveries ignored", symbol).isEqualTo(duplicates);
        }
        for (RejectReason reason : RejectReason.values()) {
            long n = corpus.stream().filter(c -> reason.name().equals(c.reason())).count();
            soft.assertThat(seriesOrZero(metrics, "barcast_bars_rejected_total{" + app + ",reason=\"" + reason + "\"}"))
                    .as("rejected %s", reason).isEqualTo(n);
        }
        soft.assertThat(metrics.lines().filter(l -> l.startsWith("barcast_")))
                .noneMatch(l -> l.endsWith("NaN") || l.contains("Inf"));
        soft.assertAll();
    }

    /** Every committed record of the four output topics matches its topic's JSON Schema (as the jar ships it). */
    private void checkSchemas(Topics topics) {
        Map<String, String> schemaOf = Map.of(topics.predictions(), RecordSchemas.PREDICTIONS,
                topics.outcomes(), RecordSchemas.OUTCOMES, topics.trainingLoss(), RecordSchemas.TRAINING_LOSS,
                topics.rejected(), RecordSchemas.REJECTED);
        SoftAssertions soft = new SoftAssertions();
        schemaOf.forEach((topic, schema) -> {
            List<ConsumerRecord<byte[], byte[]>> records = kit.records(topic);
            soft.assertThat(records).as(topic).isNotEmpty();
            for (ConsumerRecord<byte[], byte[]> r : records) {
                List<String> errors = RecordSchemas.errors(schema, r.value());
                if (!errors.isEmpty()) {
                    soft.assertThat(errors).as("%s-%d@%d matches %s.schema.json", topic, r.partition(), r.offset(), schema).isEmpty();
                }
            }
        });
        soft.assertAll();
    }

    // ---- the stream: valid bars, the corpus spread over it, stateful cases after the bar they refer to ----

    /** Two phases of records: slots 0..79 (bars 0..39) and 80..119 (bars 40..59), SPX and AAPL alternating. */
    private static List<List<Item>> schedule() {
        List<Case> stateless = corpus.stream().filter(c -> !c.stateful()).toList();
        int slots = BARS * SYMBOLS.size();
        List<List<Item>> phases = List.of(new ArrayList<>(), new ArrayList<>());
        int next = 0;
        for (int slot = 0; slot < slots; slot++) {
            int index = slot / SYMBOLS.size();
            String symbol = SYMBOLS.get(slot % SYMBOLS.size());
            List<Item> phase = phases.get(index < WINDOW ? 0 : 1);
            // The stateless cases of this slot go before its valid bar, so that the last record is a valid bar.
            while (next < stateless.size() && (long) next * slots / stateless.size() == slot) {
                Case c = stateless.get(next++);
                phase.add(new Item(c, null, -1, c.key(), c.value()));
            }
            Bar bar = bars.get(symbol).get(index);
            phase.add(new Item(null, bar, index, symbol.getBytes(StandardCharsets.UTF_8), BarJson.toBytes(bar)));
            for (Case c : corpus) {
                if (c.stateful() && c.afterSymbol().equals(symbol) && c.afterIndex() == index) {
                    phase.add(new Item(c, null, index, c.key(), c.value()));
                }
            }
        }
        assertThat(next).isEqualTo(stateless.size());
        return phases;
    }

    private static KafkaProducer<byte[], byte[]> producer() {
        Map<String, Object> p = broker.clientProperties();
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        // The default max.request.size (1,048,576) takes the 1,000,000-byte case; so does the broker's message.max.bytes.
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Sends the items in order and returns the offset of each; the idempotent producer keeps the order. */
    private static Map<Item, Long> send(KafkaProducer<byte[], byte[]> producer, String topic, List<Item> items) throws Exception {
        List<Map.Entry<Item, Future<RecordMetadata>>> futures = new ArrayList<>();
        for (Item item : items) {
            futures.add(Map.entry(item, producer.send(new ProducerRecord<>(topic, 0, item.key(), item.value()))));
        }
        producer.flush();
        Map<Item, Long> offsets = new IdentityHashMap<>();
        for (Map.Entry<Item, Future<RecordMetadata>> e : futures) {
            offsets.put(e.getKey(), e.getValue().get().offset());
        }
        return offsets;
    }
}
