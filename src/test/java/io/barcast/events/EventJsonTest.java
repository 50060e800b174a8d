package io.barcast.events;

import io.barcast.evaluation.ReturnFit;
import io.barcast.interval.VolatilityMember;
import io.barcast.model.TrainingReport;
import io.barcast.model.TrainingStatus;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class EventJsonTest {

    private final Random random = new Random(5);

    @Test
    void shouldWritePredictionsExactlyAsDataBindingDoes() {
        for (int i = 0; i < 2_000; i++) {
            PredictionEvent e = new PredictionEvent(symbol(i), date(), price(), price(), random.nextGaussian() * 0.01,
                    random.nextInt(1000), i % 7 == 0 ? null : date(), maybe(), maybe(), maybe(), i % 3 == 0,
                    1_700_000_000_000L + random.nextInt(), 1_700_000_000_000L + random.nextInt(),
                    random.nextGaussian() * 0.01, price(), random.nextDouble(), maybe(), bands(), kinds(),
                    i % 5 == 0 ? null : date(), maybe(), maybe(), maybe(), maybe(), members(i), members(i + 1));
            assertSame(Json.bytes(e), EventJson.prediction(e));
        }
    }

    @Test
    void shouldWriteOutcomesExactlyAsDataBindingDoes() {
        for (int i = 0; i < 2_000; i++) {
            OutcomeEvent e = new OutcomeEvent(symbol(i), date(), date(), price(), price(), price(),
                    random.nextGaussian(), random.nextGaussian(), random.nextInt(1000), i % 5 == 0 ? null : date(),
                    i % 2 == 0, random.nextInt(10_000), maybe(), maybe(), maybe(), maybe(), maybe(), maybe(), maybe(), maybe(),
                    bandOutcomes(), i % 4 == 0 ? null : maybe(), i % 6 != 0, kinds(), maybe(), maybe(), maybe(),
                    i % 3 == 0 ? null : random.nextBoolean(), i % 3 == 0 ? null : random.nextBoolean(), varFigures(),
                    i % 3 == 0 ? null : "YELLOW");
            assertSame(Json.bytes(e), EventJson.outcome(e));
        }
    }

    @Test
    void shouldWriteRecordsLargerThanTheThreadsBufferAndSmallerOnesAfterThem() {
        for (int bands : new int[] {1, 300, 2, 600, 0}) {
            List<PredictionEvent.Band> b = new ArrayList<>();
            for (int k = 0; k < bands; k++) {
                b.add(new PredictionEvent.Band(random.nextDouble(), price(), price()));
            }
            PredictionEvent e = new PredictionEvent("S", date(), price(), price(), 0.01, 1, date(), maybe(), maybe(),
                    maybe(), false, 1L, 2L, 0.02, price(), 0.5, maybe(), b, List.of(), date(), maybe(), maybe(), maybe(), maybe());
            byte[] written = EventJson.prediction(e);

            assertSame(Json.bytes(e), written);
            assertThat(written.length > 4_096).isEqualTo(bands >= 300);
        }
    }

    @Test
    void shouldGrowPastItsSizeHint() {
        JsonBytes w = new JsonBytes(1).startObject();
        w.name(new JsonBytes.Name("a")).value(Long.MIN_VALUE);
        w.name(new JsonBytes.Name("b")).startArray().value(-1.25E-300).value("x\u0000").nullValue().endArray();

        assertThat(new String(w.endObject().toBytes(), StandardCharsets.UTF_8))
                .isEqualTo("{\"a\":-9223372036854775808,\"b\":[-1.25E-300,\"x\\u0000\",null]}");
    }

    /** training-loss records are written by data binding; fields are only ever added, warmStart last. */
    @Test
    void shouldSayInEveryTrainingLossRecordWhetherTheRetrainStartedWarmAndHowManyEpochsRan() throws Exception {
        TrainingReport warm = new TrainingReport("AAPL", 7, LocalDate.of(2018, 5, 11), TrainingStatus.OK, null,
                List.of(0.9, 0.8, 0.85), List.of(0.95, 0.9, 0.92), 1, 1.2, 1.3, 1.25, 380, 95, 640, ReturnFit.EMPTY, true);
        TrainingReport cold = new TrainingReport("AAPL", 8, LocalDate.of(2018, 6, 8), TrainingStatus.FAILED, "boom",
                List.of(), List.of(), -1, Double.NaN, Double.NaN, Double.NaN, 0, 0, 0);

        JsonNode w = Json.mapper().readTree(Json.bytes(TrainingLossEvent.of(warm, true, 0.5, 1_700_000_000_000L)));
        JsonNode c = Json.mapper().readTree(Json.bytes(TrainingLossEvent.of(cold, false, 0.5, 1_700_000_000_000L)));

        assertThat(w.get("warmStart").isBoolean()).isTrue();
        assertThat(w.get("warmStart").asBoolean()).isTrue();
        assertThat(w.get("epochs").asInt()).isEqualTo(3);
        assertThat(c.get("warmStart").asBoolean()).isFalse();
        assertThat(c.get("epochs").asInt()).isZero();
        assertThat(w.fieldNames()).toIterable().containsExactly("symbol", "modelVersion", "windowEnd", "status", "reason",
                "promoted", "epochs", "bestEpoch", "trainLoss", "valLoss", "valRmseModel", "valRmseNaive", "valTheilU",
                "servingModelValRmse", "trainSamples", "valSamples", "durationMs", "finishedAt", "beatsNaive", "skillWeight",
                "warmStart");
    }

    /** Volatility members or weights by name, or null (every fourth); a {@link MemberMap} every other. */
    private Map<String, Double> members(int i) {
        if (i % 4 == 0) {
            return null;
        }
        Double[] v = new Double[VolatilityMember.ALL.length];
        Map<String, Double> m = new LinkedHashMap<>();
        for (VolatilityMember k : VolatilityMember.ALL) {
            v[k.ordinal()] = maybe();
            m.put(k.key(), v[k.ordinal()]);
        }
        return i % 2 == 0 ? m : new MemberMap(v); // as a caller builds it, or as PredictionEvent.of does
    }

    private List<PredictionEvent.Band> bands() {
        List<PredictionEvent.Band> b = new ArrayList<>();
        for (int k = random.nextInt(4); k > 0; k--) {
            b.add(new PredictionEvent.Band(random.nextDouble(), price(), price()));
        }
        return b;
    }

    private List<OutcomeEvent.BandOutcome> bandOutcomes() {
        List<OutcomeEvent.BandOutcome> b = new ArrayList<>();
        for (int k = random.nextInt(4); k > 0; k--) {
            b.add(new OutcomeEvent.BandOutcome(random.nextDouble(), price(), price(), random.nextBoolean(), maybe(), maybe(),
                    random.nextInt(251)));
        }
        return b;
    }

    private static void assertSame(byte[] expected, byte[] actual) {
        assertThat(new String(actual, StandardCharsets.UTF_8)).isEqualTo(new String(expected, StandardCharsets.UTF_8));
    }

    /** Mostly plain symbols; some with what JSON escapes or encodes (quotes, controls, DEL, non-ASCII, a surrogate pair). */
    private static String symbol(int i) {
        return switch (i % 6) {
            case 0 -> "S\"" + i + "\u00e9";
            case 1 -> "A\\B\n\t\u0001\u001f" + i;
            case 2 -> "\u007f\u4e2d\ud83d\ude00/" + i;
            default -> "S" + i;
        };
    }

    /** Mostly recent dates; some with a year of other than four digits (written as LocalDate writes them). */
    private LocalDate date() {
        return switch (random.nextInt(20)) {
            case 0 -> LocalDate.of(random.nextInt(999), 1, 1).plusDays(random.nextInt(365));
            case 1 -> LocalDate.of(10_000 + random.nextInt(5_000), 12, 31);
            case 2 -> LocalDate.of(-random.nextInt(100), 6, 30);
            default -> LocalDate.of(1990, 1, 1).plusDays(random.nextInt(20_000));
        };
    }

    private double price() {
        return switch (random.nextInt(5)) {
            case 4 -> new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, 0.0}[random.nextInt(5)];
            case 0 -> Math.round(random.nextDouble() * 1e6) / 100.0;
            case 1 -> random.nextDouble() * 5000;
            case 2 -> 1e-7 * random.nextDouble();
            default -> 1e9 * random.nextDouble();
        };
    }

    private Double maybe() {
        return random.nextInt(4) == 0 ? null : random.nextGaussian();
    }

    private List<String> kinds() {
        List<String> k = new java.util.ArrayList<>();
        if (random.nextInt(10) == 0) {
            k.add(symbol(random.nextInt(6)));
        }
        for (int j = random.nextInt(3); j > 0; j--) {
            k.add(io.barcast.quality.QualityKind.values()[random.nextInt(io.barcast.quality.QualityKind.values().length)].name());
        }
        return k;
    }

    private List<OutcomeEvent.VarFigures> varFigures() {
        int n = random.nextInt(3);
        List<OutcomeEvent.VarFigures> out = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new OutcomeEvent.VarFigures(i == 0 ? 0.975 : 0.99, random.nextInt(20), random.nextInt(251), maybe(), maybe(), maybe()));
        }
        return out;
    }
}
