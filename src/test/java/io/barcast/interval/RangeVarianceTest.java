package io.barcast.interval;

import io.barcast.bar.Bar;
import io.barcast.testing.SyntheticBars;
import io.barcast.window.BarWindow;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class RangeVarianceTest {

    private final List<Bar> bars = SyntheticBars.autoregressive("S", 700, 0.2, 0.012, 4);

    @Test
    void shouldGiveGarmanKlassWithTheOvernightGap() {
        Bar before = new Bar("S", LocalDate.of(2024, 1, 2), 100, 101, 99, 100, 1000);
        Bar bar = new Bar("S", LocalDate.of(2024, 1, 3), 102, 104, 101, 103, 1000);
        double hl = Math.log(104 / 101.0);
        double co = Math.log(103 / 102.0);
        double gap = Math.log(102 / 100.0);
        assertThat(RangeVariance.daily(before, bar)).isCloseTo(0.5 * hl * hl - (2 * Math.log(2) - 1) * co * co + gap * gap,
                within(1e-15));
        // a flat bar without a gap has no range
        Bar flat = new Bar("S", LocalDate.of(2024, 1, 4), 103, 103, 103, 103, 0);
        assertThat(RangeVariance.daily(bar, flat)).isZero();
    }

    @Test
    void shouldKeepExactlyWhatAPassOverTheWindowGivesUntilTheWindowIsFull() {
        BarWindow window = new BarWindow(500);
        RangeVariance kept = null;
        for (int i = 0; i < 500; i++) {
            window.offer(bars.get(i));
            kept = RangeVariance.next(kept, window.bars());
            if (i == 0) {
                assertThat(kept.fast()).isNaN();
                continue;
            }
            double[][] pass = RangeVariance.paths(window.bars());
            assertThat(kept.fast()).as("bar %d", i).isEqualTo(pass[0][i]);
            assertThat(kept.slow()).as("bar %d", i).isEqualTo(pass[1][i]);
            assertThat(kept.down()).as("bar %d", i).isEqualTo(pass[2][i]);
        }
        // the fast one follows the latest bars more than the slow one does
        assertThat(RangeVariance.FAST_LAMBDA).isLessThan(RangeVariance.SLOW_LAMBDA);
    }

    @Test
    void shouldRedoTheLastUpdateWhenTheLastBarIsCorrected() {
        BarWindow window = new BarWindow(500);
        RangeVariance kept = null;
        for (int i = 0; i < 100; i++) {
            window.offer(bars.get(i));
            kept = RangeVariance.next(kept, window.bars());
        }
        Bar last = bars.get(99);
        Bar corrected = new Bar("S", last.date(), last.open(), last.high() * 1.05, last.low(), last.close(), last.volume());
        window.offer(corrected);
        RangeVariance redone = RangeVariance.next(kept, window.bars());
        double[][] pass = RangeVariance.paths(window.bars());
        assertThat(redone.fast()).isCloseTo(pass[0][99], within(pass[0][99] * 1e-12));
        assertThat(redone.fast()).isGreaterThan(kept.fast());
        assertThat(redone.fastBefore()).isEqualTo(kept.fastBefore());
        assertThat(redone.down()).isCloseTo(pass[2][99], within(pass[2][99] * 1e-12));
        assertThat(redone.downBefore()).isEqualTo(kept.downBefore());
    }

    @Test
    void shouldRaiseTheDownsideVarianceMoreAfterAFallThanAfterARiseOfTheSameRange() {
        List<Bar> calm = bars.subList(0, 100);
        Bar last = calm.get(99);
        // the same high-low range, mirrored in logs: one bar closes 3% down, the other 3% up
        Bar fall = new Bar("S", last.date().plusDays(1), last.close(), last.close() * 1.005, last.close() * 0.965,
                last.close() * 0.97, 1000);
        Bar rise = new Bar("S", last.date().plusDays(1), last.close(), last.close() / 0.965, last.close() / 1.005,
                last.close() / 0.97, 1000);
        RangeVariance before = RangeVariance.next(null, calm);
        RangeVariance afterFall = RangeVariance.next(before, append(calm, fall));
        RangeVariance afterRise = RangeVariance.next(before, append(calm, rise));
        double vFall = RangeVariance.daily(last, fall);
        double vRise = RangeVariance.daily(last, rise);
        assertThat(vFall).isCloseTo(vRise, within(vRise * 1e-9));
        assertThat(afterFall.down()).isCloseTo(RangeVariance.FAST_LAMBDA * before.down()
                + (1 - RangeVariance.FAST_LAMBDA) * (1 + RangeVariance.DOWN_ASYMMETRY) * vFall, within(1e-15));
        assertThat(afterRise.down()).isCloseTo(RangeVariance.FAST_LAMBDA * before.down()
                + (1 - RangeVariance.FAST_LAMBDA) * (1 - RangeVariance.DOWN_ASYMMETRY) * vRise, within(1e-15));
        assertThat(afterFall.down()).isGreaterThan(afterRise.down() * 1.5);
        // the symmetric fast EWMA does not tell them apart
        assertThat(afterFall.fast()).isCloseTo(afterRise.fast(), within(afterRise.fast() * 1e-9));
    }

    @Test
    void shouldRecomputeARangeKeptWithoutTheDownsideOne() {
        List<Bar> some = bars.subList(0, 100);
        RangeVariance full = RangeVariance.next(null, some.subList(0, 99));
        RangeVariance old = new RangeVariance(full.through(), full.fast(), full.slow(), Double.NaN, full.fastBefore(),
                full.slowBefore(), Double.NaN);
        assertThat(old.complete()).isFalse();
        RangeVariance next = RangeVariance.next(old, some);
        double[][] pass = RangeVariance.paths(some);
        assertThat(next.complete()).isTrue();
        assertThat(next.down()).isEqualTo(pass[2][99]);
        assertThat(next.fast()).isEqualTo(pass[0][99]);
    }

    private static List<Bar> append(List<Bar> bars, Bar bar) {
        List<Bar> out = new java.util.ArrayList<>(bars);
        out.add(bar);
        return out;
    }
}
