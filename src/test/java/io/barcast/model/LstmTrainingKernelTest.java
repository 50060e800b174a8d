package io.barcast.model;

import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The training kernel's own exponential: its accuracy over the range it serves, and its edges. */
class LstmTrainingKernelTest {

    private static float[] exp(float... x) {
        FloatVector one = FloatVector.broadcast(FloatVector.SPECIES_PREFERRED, 1f);
        int lanes = FloatVector.SPECIES_PREFERRED.length();
        float[] y = java.util.Arrays.copyOf(x, (x.length + lanes - 1) / lanes * lanes);
        LstmTrainingKernel.expInPlace(y, 0, y.length, one);
        return java.util.Arrays.copyOf(y, x.length);
    }

    @Test
    void shouldMatchMathExpWithinThreeUlpsFromMinus87To88() {
        int n = 200_001;
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = -87f + 175f * i / (n - 1);
        }
        float[] y = exp(x);
        double worst = 0;
        for (int i = 0; i < n; i++) {
            double exact = Math.exp(x[i]);
            worst = Math.max(worst, Math.abs(y[i] - exact) / Math.ulp((float) exact));
        }
        assertThat(worst).as("worst error in ulps").isLessThan(3);
    }

    @Test
    void shouldSaturateOutsideTheRangeAndKeepNaN() {
        float[] y = exp(-1000f, 1000f, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY, Float.NaN, 0f);
        assertThat(y[0]).isEqualTo((float) Math.exp(-87), org.assertj.core.data.Offset.offset(1e-43f));
        assertThat(y[1]).isFinite().isGreaterThan(1e38f);
        assertThat(y[2]).isGreaterThanOrEqualTo(0f).isLessThan(1e-37f);
        assertThat(y[3]).isFinite();
        assertThat(y[4]).isNaN();
        assertThat(y[5]).isEqualTo(1f);
    }

    /**
     * The same bits before and after the JIT compiles the exponential ({@code VectorOperators.EXP} changed 191 of 4,096
     * such double exponentials in the last bit, BENCHMARKS.md). Telling only when this class is the first in its JVM
     * to call it, as in a fresh run.
     */
    @Test
    void shouldGiveTheSameBitsBeforeAndAfterTheJitCompilesIt() {
        java.util.Random random = new java.util.Random(1);
        float[] x = new float[4096];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (random.nextGaussian() * 5);
        }
        float[] first = exp(x);
        for (int i = 0; i < 20_000; i++) {
            exp(x);
        }
        assertThat(exp(x)).containsExactly(first);
    }
}
