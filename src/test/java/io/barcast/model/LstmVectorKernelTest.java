package io.barcast.model;

import jdk.incubator.vector.DoubleVector;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The inference kernel's own exponential: its accuracy over the range it serves, and its edges. */
class LstmVectorKernelTest {

    private static double[] exp(double... x) {
        DoubleVector one = DoubleVector.broadcast(DoubleVector.SPECIES_PREFERRED, 1.0);
        int lanes = DoubleVector.SPECIES_PREFERRED.length();
        double[] y = java.util.Arrays.copyOf(x, (x.length + lanes - 1) / lanes * lanes);
        LstmVectorKernel.expInPlace(y, 0, y.length, one);
        return java.util.Arrays.copyOf(y, x.length);
    }

    @Test
    void shouldMatchMathExpWithinOneUlpFromMinus708To709() {
        int n = 400_001;
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = -708.0 + 1417.0 * i / (n - 1);
        }
        double[] near = new double[20_001]; // where the gates live: the worst relative error is near 0 if anywhere
        for (int i = 0; i < near.length; i++) {
            near[i] = -10.0 + 20.0 * i / (near.length - 1);
        }
        for (double[] range : new double[][]{x, near}) {
            double[] y = exp(range);
            double worst = 0;
            for (int i = 0; i < range.length; i++) {
                double exact = Math.exp(range[i]);
                worst = Math.max(worst, Math.abs(y[i] - exact) / Math.ulp(exact));
            }
            assertThat(worst).as("worst error in ulps").isLessThanOrEqualTo(1);
        }
    }

    @Test
    void shouldSaturateOutsideTheRangeAndKeepNaN() {
        double[] y = exp(-1e6, 1e6, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, Double.NaN, 0.0);
        assertThat(y[0]).isEqualTo(Math.exp(-708), org.assertj.core.data.Offset.offset(1e-320));
        assertThat(y[1]).isFinite().isGreaterThan(1e307);
        assertThat(y[2]).isGreaterThanOrEqualTo(0.0).isLessThan(1e-307);
        assertThat(y[3]).isFinite();
        assertThat(y[4]).isNaN();
        assertThat(y[5]).isEqualTo(1.0);
    }

    /**
     * The same bits before and after the JIT compiles the exponential ({@code VectorOperators.EXP} changed 191 of 4,096
     * such double exponentials in the last bit, BENCHMARKS.md). Telling only when this class is the first in its JVM
     * to call it, as in a fresh run.
     */
    @Test
    void shouldGiveTheSameBitsBeforeAndAfterTheJitCompilesIt() {
        java.util.Random random = new java.util.Random(1);
        double[] x = new double[4096];
        for (int i = 0; i < x.length; i++) {
            x[i] = (random.nextGaussian() * 5);
        }
        double[] first = exp(x);
        for (int i = 0; i < 20_000; i++) {
            exp(x);
        }
        assertThat(exp(x)).containsExactly(first);
    }
}
