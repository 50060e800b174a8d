package io.barcast.interval;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Kupiec, Christoffersen and the Basel zone against textbook figures (Jorion's table; values checked with SciPy). */
class VarBacktestTest {

    @Test
    void shouldMatchJorionsKupiecNonRejectionRegionsFor255Days() {
        // Jorion, Value at Risk, table of the 95% non-rejection regions of the POF test for T = 255 days:
        // p = 0.01: N < 7; p = 0.025: 2 < N < 12; p = 0.05: 6 < N < 21.
        assertThat(pass(255, 6, 0.01)).isTrue();
        assertThat(pass(255, 7, 0.01)).isFalse();
        assertThat(pass(255, 2, 0.025)).isFalse();
        assertThat(pass(255, 3, 0.025)).isTrue();
        assertThat(pass(255, 11, 0.025)).isTrue();
        assertThat(pass(255, 12, 0.025)).isFalse();
        assertThat(pass(255, 6, 0.05)).isFalse();
        assertThat(pass(255, 7, 0.05)).isTrue();
        assertThat(pass(255, 20, 0.05)).isTrue();
        assertThat(pass(255, 21, 0.05)).isFalse();
    }

    @Test
    void shouldGiveKupiecsStatisticAndPValue() {
        // 10 exceptions in 250 days at 99%: LR 12.9555, p 3.19e-4 (scipy.stats.chi2.sf)
        assertThat(VarBacktest.kupiecLr(250, 10, 0.01)).isCloseTo(12.955491, within(1e-5));
        assertThat(VarBacktest.of(0.99, flags(250, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9)).kupiecP()).isCloseTo(3.18985e-4, within(1e-7));
        assertThat(VarBacktest.of(0.99, flags(250, 10, 50, 90, 130)).kupiecP()).isCloseTo(0.380484, within(1e-5));
    }

    @Test
    void shouldRejectClusteredExceptionsByChristoffersensIndependenceTest() {
        // exceptions on days 50-52 and 120-121: transitions n00 242, n01 2, n10 2, n11 3
        VarBacktest clustered = VarBacktest.of(0.99, flags(250, 50, 51, 52, 120, 121));
        assertThat(VarBacktest.independenceLr(flags(250, 50, 51, 52, 120, 121))).isCloseTo(19.049307, within(1e-5));
        assertThat(clustered.exceptions()).isEqualTo(5);
        assertThat(clustered.kupiecP()).isCloseTo(0.161855, within(1e-5));
        assertThat(clustered.independenceP()).isCloseTo(1.27384e-5, within(1e-8));
        assertThat(clustered.conditionalCoverageP()).isCloseTo(2.74524e-5, within(1e-8));
        // the same five exceptions spread out: independent
        VarBacktest spread = VarBacktest.of(0.99, flags(250, 20, 70, 120, 170, 220));
        assertThat(spread.independenceP()).isCloseTo(0.650769, within(1e-5));
        assertThat(spread.conditionalCoverageP()).isCloseTo(0.339300, within(1e-5));
    }

    @Test
    void shouldPassASequenceWithoutExceptionsOnIndependenceAndGiveNaNOverNoOutcome() {
        VarBacktest none = VarBacktest.of(0.975, new boolean[100]);
        assertThat(none.independenceP()).isEqualTo(1.0);
        assertThat(none.kupiecP()).isBetween(0.0, 1.0);
        VarBacktest empty = VarBacktest.of(0.99, new boolean[0]);
        assertThat(empty.kupiecP()).isNaN();
        assertThat(empty.rate()).isNaN();
    }

    @Test
    void shouldPlaceExceptionCountsInBaselZones() {
        assertThat(BaselZone.of(0)).isEqualTo(BaselZone.GREEN);
        assertThat(BaselZone.of(4)).isEqualTo(BaselZone.GREEN);
        assertThat(BaselZone.of(5)).isEqualTo(BaselZone.YELLOW);
        assertThat(BaselZone.of(9)).isEqualTo(BaselZone.YELLOW);
        assertThat(BaselZone.of(10)).isEqualTo(BaselZone.RED);
        assertThat(BaselZone.RED.code()).isEqualTo(2);
    }

    @Test
    void shouldComputeTheNormalDistributionFunction() {
        assertThat(Normal.cdf(0)).isCloseTo(0.5, within(1e-7));
        assertThat(Normal.cdf(1.959964)).isCloseTo(0.975, within(1e-7));
        assertThat(Normal.cdf(-2.326348)).isCloseTo(0.01, within(1e-8));
        assertThat(VarBacktest.chiSquare1(3.841459)).isCloseTo(0.05, within(1e-7));
    }

    private static boolean pass(int n, int x, double p) {
        return VarBacktest.chiSquare1(VarBacktest.kupiecLr(n, x, p)) > 0.05;
    }

    private static boolean[] flags(int n, int... exceptions) {
        boolean[] f = new boolean[n];
        for (int i : exceptions) {
            f[i] = true;
        }
        return f;
    }
}
