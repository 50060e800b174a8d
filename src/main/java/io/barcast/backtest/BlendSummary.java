package io.barcast.backtest;

import io.barcast.interval.VolatilityBlend;
import io.barcast.interval.VolatilityMember;
import io.barcast.interval.VolatilityMethod;

/**
 * The volatility blend's weights over a backtest's published predictions: their mean per member and the last
 * prediction's ({@link VolatilityMember#ALL}'s order).
 *
 * @param method      what the intervals were built on ({@code interval.volatility})
 * @param predictions the predictions that carried a blend
 * @param mean        per member, the mean weight (NaN without predictions)
 * @param last        per member, the last prediction's weight (NaN without predictions)
 */
public record BlendSummary(VolatilityMethod method, int predictions, double[] mean, double[] last) {

    public static final BlendSummary NONE = new BlendSummary(VolatilityMethod.BLEND, 0, nan(), nan());

    public BlendSummary {
        mean = mean.clone();
        last = last.clone();
    }

    public double mean(VolatilityMember m) {
        return mean[m.ordinal()];
    }

    public double last(VolatilityMember m) {
        return last[m.ordinal()];
    }

    /** Adds up the weights of published predictions, in order. */
    static final class Builder {
        private final VolatilityMethod method;
        private final double[] sum = new double[VolatilityMember.ALL.length];
        private double[] last = nan();
        private int n;

        Builder(VolatilityMethod method) {
            this.method = method;
        }

        void add(VolatilityBlend.Blended b) {
            if (b == null) {
                return;
            }
            for (int k = 0; k < sum.length; k++) {
                sum[k] += b.weights()[k];
            }
            last = b.weights();
            n++;
        }

        BlendSummary build() {
            if (n == 0) {
                return new BlendSummary(method, 0, NONE.mean, NONE.last);
            }
            double[] mean = new double[sum.length];
            for (int k = 0; k < sum.length; k++) {
                mean[k] = sum[k] / n;
            }
            return new BlendSummary(method, n, mean, last);
        }
    }

    private static double[] nan() {
        double[] v = new double[VolatilityMember.ALL.length];
        java.util.Arrays.fill(v, Double.NaN);
        return v;
    }
}
