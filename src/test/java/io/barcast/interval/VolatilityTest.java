package io.barcast.interval;

import io.barcast.bar.Bar;
import io.barcast.testing.SyntheticBars;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class VolatilityTest {

    private final List<Bar> bars = SyntheticBars.autoregressive("S", 300, 0.2, 0.012, 4);

    @Test
    void shouldGiveAtEachBarWhatTheEstimateOverTheBarsUpToItGives() {
        double[] path = Volatility.ewmaPath(bars, 0.94);
        assertThat(path[bars.size() - 1]).isEqualTo(Volatility.ewma(bars, 0.94));
        // Past its 20-return start, the path at bar i is the estimate over bars 0..i (the start's weight 0.94^i
        // differs only in its first 20 returns' mean)
        for (int i = 120; i < bars.size(); i += 7) {
            assertThat(path[i]).as("bar %d", i).isCloseTo(Volatility.ewma(bars.subList(0, i + 1), 0.94), within(1e-6));
        }
        // Nothing after bar i moves it
        List<Bar> changed = new java.util.ArrayList<>(bars.subList(0, 200));
        changed.addAll(SyntheticBars.autoregressive("S", 100, 0.2, 0.05, 9));
        assertThat(Volatility.ewmaPath(changed.subList(0, 200), 0.94)[150]).isEqualTo(path[150]);
    }

    @Test
    void shouldCombineTheModelsAndTheEwmasVolatilityGeometrically() {
        assertThat(Volatility.combined(0.04, 0.01)).isCloseTo(0.02, within(1e-15));
        assertThat(Volatility.combined(Double.NaN, 0.01)).isEqualTo(0.01);
        assertThat(Volatility.combined(0, 0.01)).isEqualTo(0.01);
        assertThat(Volatility.combined(Double.POSITIVE_INFINITY, 0.01)).isEqualTo(0.01);
        assertThat(Volatility.combined(1e-3, 1e-10)).isEqualTo(Volatility.FLOOR);
    }
}
