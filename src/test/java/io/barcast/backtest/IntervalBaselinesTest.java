package io.barcast.backtest;

import io.barcast.bar.Bar;
import io.barcast.interval.Interval;
import io.barcast.interval.Normal;
import io.barcast.interval.Volatility;
import io.barcast.testing.GarchSeries;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class IntervalBaselinesTest {

    @Test
    void shouldInterpolateQuantilesBetweenOrderStatistics() {
        double[] sorted = {1, 2, 4, 8};

        // h = (n - 1)·p: p 0.5 -> h 1.5 -> 2 + 0.5·(4 - 2); p 0.9 -> h 2.7 -> 4 + 0.7·(8 - 4)
        assertThat(IntervalBaselines.quantile(sorted, 0.5)).isEqualTo(3.0);
        assertThat(IntervalBaselines.quantile(sorted, 0.9)).isCloseTo(6.8, within(1e-12));
        assertThat(IntervalBaselines.quantile(sorted, 0.0)).isEqualTo(1.0);
        assertThat(IntervalBaselines.quantile(sorted, 1.0)).isEqualTo(8.0);
        assertThat(IntervalBaselines.quantile(new double[]{5}, 0.3)).isEqualTo(5.0);
    }

    @Test
    void shouldBoundTheHistoricalSimulationByHandComputedQuantilesOfTheReturns() {
        // 20 returns: -0.010, -0.009, ..., 0.009, in a scrambled order (each k·0.001 once, k = -10..9).
        int[] ks = {3, -7, 0, 9, -10, 5, -2, 1, -5, 7, -9, 2, 8, -1, -4, 6, -8, 4, -3, -6};
        List<Bar> bars = barsFromReturns(100, ks, 0.001);
        IntervalBaselines baselines = new IntervalBaselines(bars);

        Interval i80 = baselines.historical(20, 0.8);

        // Sorted x_j = (j - 10)·0.001. p = 0.1: h = 19·0.1 = 1.9 -> x_1 + 0.9·(x_2 - x_1) = -0.009 + 0.0009 = -0.0081;
        // p = 0.9: h = 17.1 -> x_17 + 0.1·(x_18 - x_17) = 0.007 + 0.0001 = 0.0071.
        double last = bars.get(20).close();
        assertThat(baselines.lastClose(20)).isEqualTo(last);
        assertThat(i80.level()).isEqualTo(0.8);
        assertThat(i80.lower()).isCloseTo(last * Math.exp(-0.0081), within(1e-9));
        assertThat(i80.upper()).isCloseTo(last * Math.exp(0.0071), within(1e-9));
    }

    @Test
    void shouldTakeTheLast250ReturnsUpToAsOf() {
        // Returns 1..10 are -0.5 (a crash), then 250 returns (g - 25)·0.0004 for g = t mod 50: each of 50 values 5 times.
        int[] ks = new int[260];
        for (int t = 0; t < 260; t++) {
            ks[t] = t < 10 ? -1250 : (t % 50) - 25;
        }
        List<Bar> bars = barsFromReturns(100, ks, 0.0004);
        IntervalBaselines baselines = new IntervalBaselines(bars);

        Interval atEnd = baselines.historical(260, 0.8);
        Interval withCrash = baselines.historical(259, 0.8);

        // Without the crash, sorted x_j = (⌊j/5⌋ - 25)·0.0004. p = 0.1: h = 24.9 -> x_24 + 0.9·(x_25 - x_24)
        // = -0.0084 + 0.9·0.0004 = -0.00804; p = 0.9: h = 224.1 -> x_224 + 0.1·(x_225 - x_224) = 0.0076 + 0.00004 = 0.00764.
        double last = bars.get(260).close();
        assertThat(atEnd.lower()).isCloseTo(last * Math.exp(-0.00804), within(1e-9));
        assertThat(atEnd.upper()).isCloseTo(last * Math.exp(0.00764), within(1e-9));
        // One bar earlier the window still holds the crash's last day, which moves the lower quantile.
        assertThat(withCrash.lower() / bars.get(259).close()).isNotCloseTo(Math.exp(-0.00804), within(1e-6));
    }

    @Test
    void shouldAgreeWithTheEwmaOfTheBarsUpToAsOf() {
        List<Bar> bars = GarchSeries.simulate("G", 400, 3).bars();
        IntervalBaselines baselines = new IntervalBaselines(bars);

        for (int asOf = 0; asOf < bars.size(); asOf++) {
            assertThat(baselines.ewmaSigma(asOf)).as("asOf %d", asOf)
                    .isEqualTo(Volatility.ewma(bars.subList(0, asOf + 1), Volatility.RISKMETRICS_LAMBDA));
        }
        assertThat(baselines.ewmaSigma(399)).isNotEqualTo(baselines.ewmaSigma(398));
    }

    @Test
    void shouldCentreTheEwmaIntervalOnTheLastCloseAtTheNormalQuantileOfTheTarget() {
        List<Bar> bars = GarchSeries.simulate("G", 300, 5).bars();
        IntervalBaselines baselines = new IntervalBaselines(bars);
        double c = bars.get(250).close();
        double sigma = baselines.ewmaSigma(250);

        Interval nominal = baselines.ewma(250, 0.8, 0.8);
        Interval adapted = baselines.ewma(250, 0.8, 0.9);

        assertThat(nominal.level()).isEqualTo(adapted.level()).isEqualTo(0.8);
        assertThat(nominal.lower()).isCloseTo(c * Math.exp(-Normal.quantile(0.9) * sigma), within(1e-9));
        assertThat(nominal.upper()).isCloseTo(c * Math.exp(Normal.quantile(0.9) * sigma), within(1e-9));
        assertThat(adapted.upper()).isCloseTo(c * Math.exp(Normal.quantile(0.95) * sigma), within(1e-9));
        assertThat(baselines.ewma(250, 0.8, -0.1).width()).isZero();
        assertThat(baselines.ewma(250, 0.8, 1.0).upper()).isCloseTo(c * Math.exp(Normal.quantile(0.99995) * sigma), within(1e-9));
    }

    @Test
    void shouldIndexBarsByDateAndNeedTwentyReturns() {
        List<Bar> bars = GarchSeries.simulate("G", 30, 1).bars();
        IntervalBaselines baselines = new IntervalBaselines(bars);

        assertThat(baselines.indexOf(bars.get(17).date())).isEqualTo(17);
        assertThat(baselines.indexOf(LocalDate.of(1990, 1, 1))).isEqualTo(-1);
        assertThat(baselines.covers(19)).isFalse();
        assertThat(baselines.covers(20)).isTrue();
        assertThat(baselines.covers(30)).isFalse();
        assertThat(baselines.realisedVolatility(25)).isEqualTo(Volatility.realised(bars.subList(0, 26), 20));
    }

    /** Bars whose log returns are {@code ks[t]·unit}, from {@code start}. */
    static List<Bar> barsFromReturns(double start, int[] ks, double unit) {
        List<Bar> bars = new ArrayList<>();
        LocalDate date = LocalDate.of(2020, 1, 1);
        double close = start;
        bars.add(new Bar("H", date, close, close, close, close, 1));
        for (int k : ks) {
            date = date.plusDays(1);
            double prev = close;
            close = prev * Math.exp(k * unit);
            bars.add(new Bar("H", date, prev, Math.max(prev, close), Math.min(prev, close), close, 1));
        }
        return bars;
    }
}
