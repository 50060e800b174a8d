package io.barcast.interval;

import io.barcast.bar.Bar;
import io.barcast.testing.SyntheticBars;
import io.barcast.window.BarWindow;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class EwmaVarianceTest {

    private static final double LAMBDA = Volatility.RISKMETRICS_LAMBDA;

    private final List<Bar> bars = SyntheticBars.autoregressive("S", 1_300, 0.2, 0.012, 4);

    @Test
    void shouldGiveExactlyWhatAPassOverTheWindowGivesUntilTheWindowIsFull() {
        BarWindow window = new BarWindow(500);
        EwmaVariance kept = null;
        for (int i = 0; i < 500; i++) {
            window.offer(bars.get(i));
            kept = EwmaVariance.next(kept, window.bars(), LAMBDA);
            assertThat(kept.through()).isEqualTo(bars.get(i).date());
            assertThat(kept.volatility()).as("bar %d", i).isEqualTo(Volatility.ewma(window.bars(), LAMBDA));
        }
    }

    @Test
    void shouldStayWithinTheStartsWeightOfAPassOverARollingWindow() {
        BarWindow window = new BarWindow(500);
        EwmaVariance kept = null;
        for (Bar bar : bars) {
            window.offer(bar);
            kept = EwmaVariance.next(kept, window.bars(), LAMBDA);
            double pass = Volatility.ewma(window.bars(), LAMBDA);
            assertThat(kept.volatility()).as("%s", bar.date()).isCloseTo(pass, within(pass * 1e-9));
        }
    }

    @Test
    void shouldComputeAgainFromTheWindowWhenItIsNotOneBarBehind() {
        BarWindow window = new BarWindow(500);
        for (int i = 0; i < 100; i++) {
            window.offer(bars.get(i));
        }
        double pass = Volatility.ewma(window.bars(), LAMBDA);
        // a stale or wrong kept value is not updated from: two bars behind, or through the last bar already
        EwmaVariance stale = new EwmaVariance(bars.get(97).date(), 123.0, 123.0);
        EwmaVariance sameDay = new EwmaVariance(bars.get(99).date(), 123.0, Double.NaN);
        assertThat(EwmaVariance.next(stale, window.bars(), LAMBDA).volatility()).isEqualTo(pass);
        assertThat(EwmaVariance.next(sameDay, window.bars(), LAMBDA).volatility()).isEqualTo(pass);
        assertThat(EwmaVariance.next(null, window.bars(), LAMBDA).volatility()).isEqualTo(pass);
        // one bar behind: updated from, wrong or not (that is what keeping it means)
        EwmaVariance behind = new EwmaVariance(bars.get(98).date(), 123.0, Double.NaN);
        assertThat(EwmaVariance.next(behind, window.bars(), LAMBDA).variance()).isGreaterThan(100);
    }

    @Test
    void shouldRedoTheLastUpdateWhenTheLastBarIsCorrected() {
        BarWindow window = new BarWindow(500);
        EwmaVariance kept = null;
        for (int i = 0; i < 100; i++) {
            window.offer(bars.get(i));
            kept = EwmaVariance.next(kept, window.bars(), LAMBDA);
        }
        Bar last = bars.get(99);
        window.offer(new Bar("S", last.date(), last.open(), last.high() * 1.05, last.low(), last.close() * 1.04, last.volume()));

        EwmaVariance redone = EwmaVariance.next(kept, window.bars(), LAMBDA);

        assertThat(redone.variance()).isNotEqualTo(kept.variance());
        assertThat(redone.volatility()).isEqualTo(Volatility.ewma(window.bars(), LAMBDA));
        assertThat(EwmaVariance.next(redone, window.bars(), LAMBDA)).isEqualTo(redone); // a second look changes nothing
    }

    @Test
    void shouldGiveTheFloorWithoutAReturn() {
        BarWindow window = new BarWindow(500);
        window.offer(bars.get(0));
        EwmaVariance first = EwmaVariance.next(null, window.bars(), LAMBDA);
        assertThat(first.variance()).isNaN();
        assertThat(first.volatility()).isEqualTo(Volatility.FLOOR);
        window.offer(bars.get(1));
        assertThat(EwmaVariance.next(first, window.bars(), LAMBDA).volatility()).isEqualTo(Volatility.ewma(window.bars(), LAMBDA));
    }
}
