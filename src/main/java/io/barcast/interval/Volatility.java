package io.barcast.interval;

import io.barcast.bar.Bar;

import java.util.List;

/** Volatility estimates from closes alone: the fallback when a model has no variance output, and a baseline's input. */
public final class Volatility {

    /** RiskMetrics' decay for daily data. */
    public static final double RISKMETRICS_LAMBDA = 0.94;
    /** No estimate goes below this (a flat series would otherwise give intervals of zero width). */
    public static final double FLOOR = 1e-6;
    /** The EWMAs start at the mean square of this many first log returns. */
    static final int START_RETURNS = 20;

    private Volatility() {
    }

    /**
     * The RiskMetrics EWMA estimate of the standard deviation of the next close-to-close log return:
     * {@code σ² ← λσ² + (1 − λ)r²} over the log returns of {@code bars} (oldest first), started at the mean
     * square of the first 20. {@link #FLOOR} for fewer than two bars.
     */
    public static double ewma(List<Bar> bars, double lambda) {
        return bars.size() < 2 ? FLOOR : Math.max(FLOOR, Math.sqrt(ewmaVariance(bars, lambda)[1]));
    }

    /** The variance behind {@link #ewma} (at least two bars): before the last return's update, and after it. */
    static double[] ewmaVariance(List<Bar> bars, double lambda) {
        double before = Double.NaN;
        double v = startVariance(bars);
        for (int i = 1; i < bars.size(); i++) {
            double r = logReturn(bars, i);
            before = v;
            v = lambda * v + (1 - lambda) * r * r;
        }
        return new double[] {before, v};
    }

    /**
     * {@link #ewma} after every bar: element {@code i} is the estimate known at bar {@code i} (from the returns up to
     * it), started like {@link #ewma} of the whole list. {@link #FLOOR} where there is no return yet.
     */
    public static double[] ewmaPath(List<Bar> bars, double lambda) {
        int n = bars.size();
        double[] path = new double[n];
        if (n < 2) {
            java.util.Arrays.fill(path, FLOOR);
            return path;
        }
        double v = startVariance(bars);
        path[0] = FLOOR;
        for (int i = 1; i < n; i++) {
            double r = logReturn(bars, i);
            v = lambda * v + (1 - lambda) * r * r;
            path[i] = Math.max(FLOOR, Math.sqrt(v));
        }
        return path;
    }

    /** Where both EWMAs start: the mean square of the first 20 log returns (of all, for fewer; two bars at least). */
    private static double startVariance(List<Bar> bars) {
        int m = Math.min(START_RETURNS, bars.size() - 1);
        double sum = 0;
        for (int i = 1; i <= m; i++) {
            double r = logReturn(bars, i);
            sum += r * r;
        }
        return sum / m;
    }

    private static double logReturn(List<Bar> bars, int i) {
        return Math.log(bars.get(i).close() / bars.get(i - 1).close());
    }

    /**
     * The volatility of {@link VolatilityMethod#GEOMETRIC}: the geometric mean of the model's and the EWMA's, or the EWMA's alone
     * when the model has none (NaN, or a legacy one-output model).
     */
    public static double combined(double model, double ewma) {
        if (!(Double.isFinite(model) && model >= FLOOR)) {
            return ewma;
        }
        return Math.max(FLOOR, Math.sqrt(model * ewma));
    }

    /** Sample standard deviation of the last {@code count} log returns up to the last of {@code bars}; NaN for fewer than two. */
    public static double realised(List<Bar> bars, int count) {
        int n = bars.size();
        int from = Math.max(1, n - count);
        int k = n - from;
        if (k < 2) {
            return Double.NaN;
        }
        double sum = 0;
        double sq = 0;
        for (int i = from; i < n; i++) {
            double r = Math.log(bars.get(i).close() / bars.get(i - 1).close());
            sum += r;
            sq += r * r;
        }
        double mean = sum / k;
        return Math.sqrt(Math.max(0, (sq - k * mean * mean) / (k - 1)));
    }
}
