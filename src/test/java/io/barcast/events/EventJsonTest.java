package io.barcast.events;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class EventJsonTest {

    private final Random random = new Random(5);

    @Test
    void shouldWritePredictionsExactlyAsDataBindingDoes() {
        for (int i = 0; i < 2_000; i++) {
            PredictionEvent e = new PredictionEvent("S" + i, date(), price(), price(), random.nextGaussian() * 0.01,
                    random.nextInt(1000), i % 7 == 0 ? null : date(), maybe(), maybe(), maybe(), i % 3 == 0,
                    1_700_000_000_000L + random.nextInt(), 1_700_000_000_000L + random.nextInt(),
                    random.nextGaussian() * 0.01, price(), random.nextDouble(), maybe(), bands());
            assertSame(Json.bytes(e), EventJson.prediction(e));
        }
    }

    @Test
    void shouldWriteOutcomesExactlyAsDataBindingDoes() {
        for (int i = 0; i < 2_000; i++) {
            OutcomeEvent e = new OutcomeEvent("S\"" + i + "\u00e9", date(), date(), price(), price(), price(),
                    random.nextGaussian(), random.nextGaussian(), random.nextInt(1000), i % 5 == 0 ? null : date(),
                    i % 2 == 0, random.nextInt(10_000), maybe(), maybe(), maybe(), maybe(), maybe(), maybe(), maybe(), maybe(),
                    bandOutcomes());
            assertSame(Json.bytes(e), EventJson.outcome(e));
        }
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

    private LocalDate date() {
        return LocalDate.of(1990, 1, 1).plusDays(random.nextInt(20_000));
    }

    private double price() {
        return switch (random.nextInt(4)) {
            case 0 -> Math.round(random.nextDouble() * 1e6) / 100.0;
            case 1 -> random.nextDouble() * 5000;
            case 2 -> 1e-7 * random.nextDouble();
            default -> 1e9 * random.nextDouble();
        };
    }

    private Double maybe() {
        return random.nextInt(4) == 0 ? null : random.nextGaussian();
    }
}
