package io.barcast.feature;

import io.barcast.bar.Bar;
import io.barcast.testing.SyntheticBars;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class WindowDatasetTest {

    private final List<Bar> bars = SyntheticBars.autoregressive("F", 200, 0.3, 0.01, 3);

    @Test
    void shouldComputeStationaryFeaturesRelativeToThePreviousClose() {
        Bar prev = bars.get(0);
        Bar bar = bars.get(1);
        double[] row = FeatureExtractor.rows(bars, FeatureSet.OHLCV)[0];
        assertThat(row[0]).isCloseTo(Math.log(bar.close() / prev.close()), within(1e-15));
        assertThat(row[1]).isCloseTo(Math.log(bar.open() / prev.close()), within(1e-15));
        assertThat(row[2]).isCloseTo(Math.log(bar.high() / prev.close()), within(1e-15));
        assertThat(row[3]).isCloseTo(Math.log(bar.low() / prev.close()), within(1e-15));
        assertThat(row[4]).isCloseTo(Math.log((bar.volume() + 1) / (prev.volume() + 1)), within(1e-15));
        assertThat(FeatureExtractor.rows(bars, FeatureSet.OHLC)[0]).hasSize(4);
    }

    @Test
    void shouldNotChangeFeatureRowsWhenLaterBarsAreAppended() {
        double[][] prefix = FeatureExtractor.rows(bars.subList(0, 120), FeatureSet.OHLCV);
        double[][] full = FeatureExtractor.rows(bars, FeatureSet.OHLCV);
        for (int i = 0; i < prefix.length; i++) {
            assertThat(full[i]).containsExactly(prefix[i]);
        }
    }

    @Test
    void shouldFitTheNormaliserOnTrainingRowsOnly() {
        WindowDataset data = WindowDataset.build(bars, FeatureSet.OHLCV, 10, 0.2);
        double[][] rows = FeatureExtractor.rows(bars, FeatureSet.OHLCV);
        assertThat(data.trainCount() + data.valCount()).isEqualTo(WindowDataset.sampleCount(200, 10)).isEqualTo(189);
        assertThat(data.normaliser()).isEqualTo(Normaliser.fit(rows, 0, 10 + data.trainCount()));

        // Wildly different validation-period bars must not move the normaliser or the training samples.
        List<Bar> altered = new ArrayList<>(bars);
        int firstValTarget = 10 + data.trainCount() + 1; // bar index of the first validation target
        for (int i = firstValTarget; i < altered.size(); i++) {
            Bar b = altered.get(i);
            altered.set(i, new Bar(b.symbol(), b.date(), b.open() * 3, b.high() * 3, b.low() * 3, b.close() * 3, b.volume() * 50));
        }
        WindowDataset other = WindowDataset.build(altered, FeatureSet.OHLCV, 10, 0.2);
        assertThat(other.normaliser()).isEqualTo(data.normaliser());
        assertThat(other.xTrain()).containsExactly(data.xTrain());
        assertThat(other.yTrain()).containsExactly(data.yTrain());
        assertThat(other.yVal()).isNotEqualTo(data.yVal());
    }

    @Test
    void shouldSplitChronologically() {
        WindowDataset data = WindowDataset.build(bars, FeatureSet.OHLCV, 10, 0.2);
        // The last validation sample predicts the last bar's close from the one before it.
        assertThat(data.valNextClose()[data.valCount() - 1]).isEqualTo(bars.get(199).close());
        assertThat(data.valLastClose()[data.valCount() - 1]).isEqualTo(bars.get(198).close());
        assertThat(data.valCount()).isEqualTo(38);
    }

    @Test
    void shouldRefuseAWindowTooShortForTheLookback() {
        assertThatThrownBy(() -> WindowDataset.build(bars.subList(0, 15), FeatureSet.OHLCV, 10, 0.2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("training samples");
    }
}
