package io.barcast.forecast;

import io.barcast.model.Forecast;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class PredictionTest {

    private static final Forecast DOWN = new Forecast("S", LocalDate.of(2018, 5, 4), 100.0, -0.02, 100.0 * Math.exp(-0.02), 3,
            LocalDate.of(2018, 4, 20), 1.01);

    @Test
    void shouldServeTheNaiveForecastExactlyAtWeightZero() {
        Prediction p = new Prediction(DOWN, 0.0, null, false);

        assertThat(p.servedClose()).isEqualTo(100.0);
        assertThat(Double.doubleToRawLongBits(p.servedReturn())).as("+0.0, not -0.0").isEqualTo(Double.doubleToRawLongBits(0.0));
    }

    @Test
    void shouldShrinkTheModelsReturnByTheWeight() {
        Prediction p = new Prediction(DOWN, 0.25, null, false);

        assertThat(p.servedReturn()).isEqualTo(-0.005);
        assertThat(p.servedClose()).isCloseTo(100.0 * Math.exp(-0.005), within(1e-12));
        assertThat(new Prediction(DOWN, 1.0, null, false).servedClose()).isEqualTo(DOWN.predictedClose());
    }
}
