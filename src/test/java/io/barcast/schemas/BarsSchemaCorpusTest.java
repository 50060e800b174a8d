package io.barcast.schemas;

import io.barcast.bar.Bar;
import io.barcast.bar.BarJson;
import io.barcast.bar.CsvBarReader;
import io.barcast.bar.InvalidBarException;
import io.barcast.bar.RejectReason;
import io.barcast.stream.BarcastTopology;
import io.barcast.testing.BadInputCorpus;
import io.barcast.testing.BadInputCorpus.Case;
import io.barcast.testing.RecordSchemas;
import io.barcast.testing.RecordSchemas.Stage;
import io.barcast.testing.RecordSchemas.Verdict;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static io.barcast.bar.RejectReason.HIGH_BELOW_BODY;
import static io.barcast.bar.RejectReason.INVALID_DATE;
import static io.barcast.bar.RejectReason.INVALID_SYMBOL;
import static io.barcast.bar.RejectReason.INVALID_VOLUME;
import static io.barcast.bar.RejectReason.KEY_MISMATCH;
import static io.barcast.bar.RejectReason.LOW_ABOVE_BODY;
import static io.barcast.bar.RejectReason.MALFORMED_JSON;
import static io.barcast.bar.RejectReason.MISSING_FIELD;
import static io.barcast.bar.RejectReason.NON_FINITE_PRICE;
import static io.barcast.bar.RejectReason.NON_POSITIVE_PRICE;
import static io.barcast.bar.RejectReason.OUT_OF_ORDER;
import static io.barcast.bar.RejectReason.TOO_LARGE;
import static io.barcast.bar.RejectReason.WRONG_TYPE;
import static io.barcast.testing.RecordSchemas.BARS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bars schema against the bad-input corpus ({@code src/test/resources/bad-input/corpus.json}) and the bundled
 * real bars, judged as a consumer would judge a value: strict UTF-8, one JSON text with unique names, then the schema
 * ({@link RecordSchemas#check}). Every value the service rejects for its shape fails there; the rejections a schema
 * of the value cannot express are listed here, and they pass the schema and are still rejected by the service.
 */
class BarsSchemaCorpusTest {

    /** Reasons about the value's shape: types, presence, ranges, patterns. A value rejected for one fails the contract. */
    static final Set<RejectReason> SHAPE = EnumSet.of(MALFORMED_JSON, MISSING_FIELD, WRONG_TYPE, INVALID_SYMBOL,
            INVALID_DATE, NON_FINITE_PRICE, NON_POSITIVE_PRICE, INVALID_VOLUME, RejectReason.INVALID_SPLIT_FACTOR);

    /** Reasons that no schema of the value can express, and why: these values pass the schema when they are JSON. */
    static final Map<RejectReason, String> BEYOND_THE_SCHEMA = Map.of(
            LOW_ABOVE_BODY, "low <= min(open, close) compares fields with each other",
            HIGH_BELOW_BODY, "high >= max(open, close) compares fields with each other",
            KEY_MISMATCH, "the Kafka record key must equal the symbol: the key is not part of the value",
            OUT_OF_ORDER, "a bar older than the symbol's latest one: depends on the bars that came before",
            TOO_LARGE, "over 64 KiB: the size of the bytes, not the shape of the value");

    /**
     * Reasons a configuration chooses, not the value: the corpus's case is a valid bar, dead-lettered where the tests
     * that send the corpus set quality.split.policy=reject.
     */
    static final Map<RejectReason, String> BY_POLICY = Map.of(
            RejectReason.SUSPECTED_SPLIT, "a jump from the symbol's previous close that matches a split ratio, under"
                    + " quality.split.policy=reject: depends on the bars that came before and on the configuration");

    /** Cases with a shape reason that still pass any static schema, and why. */
    static final Map<String, String> SEMANTIC_CASES = Map.of(
            "far-future-date", "INVALID_DATE for a date more than 7 days after today: relative to the clock");

    static Map<String, List<Bar>> bars;
    static List<Case> corpus;

    @BeforeAll
    static void load() throws IOException {
        bars = Map.of("SPX", CsvBarReader.read("sp500", "SPX"), "AAPL", CsvBarReader.read("aapl", "AAPL"));
        corpus = BadInputCorpus.load(bars, 60);
    }

    @Test
    void shouldSortEveryRejectReasonIntoShapeOrBeyondTheSchema() {
        assertThat(SHAPE).doesNotContainAnyElementsOf(BEYOND_THE_SCHEMA.keySet()).doesNotContainAnyElementsOf(BY_POLICY.keySet());
        assertThat(BEYOND_THE_SCHEMA.keySet()).doesNotContainAnyElementsOf(BY_POLICY.keySet());
        Set<RejectReason> all = EnumSet.copyOf(SHAPE);
        all.addAll(BEYOND_THE_SCHEMA.keySet());
        all.addAll(BY_POLICY.keySet());
        assertThat(all).as("a new reason must be sorted here").isEqualTo(EnumSet.allOf(RejectReason.class));
        assertThat(corpus).extracting(Case::name).containsAll(SEMANTIC_CASES.keySet());
    }

    @Test
    void shouldFailTheBarsSchemaForEveryBarRejectedForItsShape() {
        SoftAssertions soft = new SoftAssertions();
        int checked = 0;
        for (Case c : corpus) {
            if (!c.rejected() || !SHAPE.contains(RejectReason.valueOf(c.reason())) || SEMANTIC_CASES.containsKey(c.name())) {
                continue;
            }
            checked++;
            Verdict v = RecordSchemas.check(BARS, c.value());
            if (c.reason().equals(MALFORMED_JSON.name())) {
                // Not UTF-8, not one JSON text (duplicate names, trailing data, NaN tokens, ...), or JSON but not an object.
                soft.assertThat(v.stage()).as(c.name()).isIn(Stage.NOT_UTF8, Stage.NOT_JSON, Stage.SCHEMA_INVALID);
            } else {
                // Well-formed JSON: the schema itself must refuse it.
                soft.assertThat(v.stage()).as(c.name() + " (" + c.reason() + ") is refused by the schema").isEqualTo(Stage.SCHEMA_INVALID);
            }
            soft.assertThat(v.errors()).as(c.name() + ": says why").isNotEmpty();
        }
        soft.assertAll();
        assertThat(checked).as("shape cases in the corpus").isGreaterThanOrEqualTo(50);
    }

    @Test
    void shouldFailTheSchemaOnTheFieldTheServiceNames() {
        SoftAssertions soft = new SoftAssertions();
        for (Case c : corpus) {
            if (!c.rejected() || c.reason().equals(MALFORMED_JSON.name()) || !SHAPE.contains(RejectReason.valueOf(c.reason()))
                    || SEMANTIC_CASES.containsKey(c.name())) {
                continue;
            }
            InvalidBarException rejection = catchRejection(c.value());
            soft.assertThat(rejection).as(c.name() + " is rejected by BarJson").isNotNull();
            if (rejection == null) {
                continue;
            }
            soft.assertThat(rejection.reason().name()).as(c.name()).isEqualTo(c.reason());
            // A missing field is reported at the object ("required property 'x'"), any other at the field itself.
            soft.assertThat(RecordSchemas.check(BARS, c.value()).errors()).as(c.name() + " names " + rejection.field())
                    .anySatisfy(e -> assertThat(e).contains(rejection.field()));
        }
        soft.assertAll();
    }

    @Test
    void shouldPassTheSchemaForRejectionsBeyondItWhichTheServiceStillRejects() {
        SoftAssertions soft = new SoftAssertions();
        Set<String> seen = new TreeSet<>();
        for (Case c : corpus) {
            boolean semantic = SEMANTIC_CASES.containsKey(c.name());
            if (!c.rejected() || !(semantic || BEYOND_THE_SCHEMA.containsKey(RejectReason.valueOf(c.reason()))
                    || BY_POLICY.containsKey(RejectReason.valueOf(c.reason())))) {
                continue;
            }
            Verdict v = RecordSchemas.check(BARS, c.value());
            if (v.stage() == Stage.NOT_UTF8 || v.stage() == Stage.NOT_JSON) {
                soft.assertThat(c.reason()).as(c.name() + ": only an oversized value may also be malformed").isEqualTo(TOO_LARGE.name());
                continue;
            }
            seen.add(semantic ? c.name() : c.reason());
            soft.assertThat(v.errors()).as(c.name() + " (" + c.reason() + ") passes the schema").isEmpty();
            switch (semantic ? INVALID_DATE : RejectReason.valueOf(c.reason())) {
                case LOW_ABOVE_BODY, HIGH_BELOW_BODY, INVALID_DATE -> {
                    InvalidBarException rejection = catchRejection(c.value());
                    soft.assertThat(rejection == null ? null : rejection.reason().name()).as(c.name() + ": BarValidator rejects it")
                            .isEqualTo(c.reason());
                }
                case TOO_LARGE -> soft.assertThat(c.value().length).as(c.name()).isGreaterThan(BarcastTopology.MAX_VALUE_BYTES);
                case KEY_MISMATCH -> soft.assertThat(BarJson.fromBytes(c.value()).symbol().getBytes(StandardCharsets.UTF_8))
                        .as(c.name() + ": a valid bar under another key").isNotEqualTo(c.key());
                default -> soft.assertThat(BarJson.fromBytes(c.value())).as(c.name() + ": a valid bar, rejected later").isNotNull();
            }
        }
        soft.assertAll();
        List<String> expected = new ArrayList<>(BEYOND_THE_SCHEMA.keySet().stream().map(Enum::name).toList());
        expected.addAll(BY_POLICY.keySet().stream().map(Enum::name).toList());
        expected.addAll(SEMANTIC_CASES.keySet());
        assertThat(seen).as("every rejection beyond the schema or by policy is exercised by a value that is JSON")
                .containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void shouldPassTheSchemaForEveryBarTheServiceAccepts() {
        SoftAssertions soft = new SoftAssertions();
        int n = 0;
        for (List<Bar> series : bars.values()) {
            for (Bar bar : series) {
                List<String> errors = RecordSchemas.errors(BARS, BarJson.toBytes(bar));
                if (!errors.isEmpty()) {
                    soft.assertThat(errors).as(bar.toString()).isEmpty();
                }
                n++;
            }
        }
        assertThat(n).as("bundled bars").isGreaterThan(6000);
        for (Case c : corpus) {
            if (!c.rejected()) {
                soft.assertThat(RecordSchemas.errors(BARS, c.value())).as(c.name() + " (" + c.behaviour() + ")").isEmpty();
            }
        }
        // Added fields are tolerated by the schema and by the service alike (the compatibility rule).
        byte[] extra = "{\"symbol\":\"SPX\",\"date\":\"2000-01-03\",\"open\":1469.25,\"high\":1478.0,\"low\":1438.36,\"close\":1455.22,\"volume\":931800000,\"adjClose\":1455.22}"
                .getBytes(StandardCharsets.UTF_8);
        soft.assertThat(RecordSchemas.errors(BARS, extra)).isEmpty();
        soft.assertThat(BarJson.fromBytes(extra).close()).isEqualTo(1455.22);
        // Bounds the service accepts: a 32-character symbol, 1800-01-01, a zero volume, integer prices.
        byte[] edge = ("{\"symbol\":\"" + "S".repeat(32) + "\",\"date\":\"1800-01-01\",\"open\":1,\"high\":2,\"low\":1,\"close\":2,\"volume\":0}")
                .getBytes(StandardCharsets.UTF_8);
        soft.assertThat(RecordSchemas.errors(BARS, edge)).isEmpty();
        soft.assertThat(BarJson.fromBytes(edge).volume()).isZero();
        soft.assertAll();
    }

    private static InvalidBarException catchRejection(byte[] value) {
        try {
            BarJson.fromBytes(value);
            return null;
        } catch (InvalidBarException e) {
            return e;
        }
    }
}
