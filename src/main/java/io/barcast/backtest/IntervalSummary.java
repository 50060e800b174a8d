package io.barcast.backtest;

import java.util.List;

/**
 * One method's intervals at one level over the report's days. Widths and scores are shares of the last close
 * (0.031 = 3.1 % of the last close); every figure is NaN when it is taken over no day.
 *
 * @param method            who built the intervals
 * @param level             nominal coverage
 * @param days              days scored
 * @param coverage          share of the days whose close fell inside
 * @param coverageCalm      the same over the calm days (realised volatility at or below the median)
 * @param coverageTurbulent the same over the turbulent days (above the median)
 * @param meanRelativeWidth mean of width / last close
 * @param meanRelativeScore mean of interval score / last close (Gneiting–Raftery; lower is better)
 */
public record IntervalSummary(IntervalMethod method, double level, int days, double coverage, double coverageCalm,
                              double coverageTurbulent, double meanRelativeWidth, double meanRelativeScore) {

    /** Summarises {@code method} over {@code days}, {@code calm[i]} telling whether day {@code i} was calm. */
    static IntervalSummary of(IntervalMethod method, double level, List<IntervalDay> days, boolean[] calm) {
        int n = days.size();
        int in = 0;
        int calmDays = 0;
        int calmIn = 0;
        int turbulentIn = 0;
        double width = 0;
        double score = 0;
        for (int i = 0; i < n; i++) {
            IntervalDay d = days.get(i);
            boolean covered = d.covered(method);
            in += covered ? 1 : 0;
            if (calm[i]) {
                calmDays++;
                calmIn += covered ? 1 : 0;
            } else {
                turbulentIn += covered ? 1 : 0;
            }
            width += d.relativeWidth(method);
            score += d.relativeScore(method);
        }
        return new IntervalSummary(method, level, n, share(in, n), share(calmIn, calmDays), share(turbulentIn, n - calmDays),
                n == 0 ? Double.NaN : width / n, n == 0 ? Double.NaN : score / n);
    }

    private static double share(int k, int n) {
        return n == 0 ? Double.NaN : (double) k / n;
    }
}
