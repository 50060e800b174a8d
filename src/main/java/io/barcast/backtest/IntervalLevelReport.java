package io.barcast.backtest;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Barcast's intervals and the two baselines' at one level, over the same days. The days are split into a calm and a
 * turbulent half at the median of their trailing realised volatility at asOf: a day is calm when its volatility is at
 * or below the median. (The volatility is known at asOf; the median is taken over the whole report, so it only groups
 * the reported figures and builds no interval.)
 *
 * @param level                    nominal coverage
 * @param medianRealisedVolatility the median of the days' realised volatility (NaN without days)
 * @param days                     the days, in order
 * @param summaries                one per {@link IntervalMethod}, in its order
 */
public record IntervalLevelReport(double level, double medianRealisedVolatility, List<IntervalDay> days,
                                  List<IntervalSummary> summaries) {

    public IntervalLevelReport {
        days = List.copyOf(days);
        summaries = List.copyOf(summaries);
    }

    /** Summarises {@code days} at {@code level} for every method. */
    public static IntervalLevelReport of(double level, List<IntervalDay> days) {
        double median = median(days.stream().mapToDouble(IntervalDay::realisedVolatility).toArray());
        boolean[] calm = new boolean[days.size()];
        for (int i = 0; i < calm.length; i++) {
            calm[i] = days.get(i).realisedVolatility() <= median;
        }
        List<IntervalSummary> summaries = new ArrayList<>();
        for (IntervalMethod m : IntervalMethod.values()) {
            summaries.add(IntervalSummary.of(m, level, days, calm));
        }
        return new IntervalLevelReport(level, median, days, summaries);
    }

    public IntervalSummary summary(IntervalMethod method) {
        return summaries.get(method.ordinal());
    }

    /** Whether {@code day} counts as calm in this report. */
    public boolean calm(IntervalDay day) {
        return day.realisedVolatility() <= medianRealisedVolatility;
    }

    public long calmDays() {
        return days.stream().filter(this::calm).count();
    }

    public long turbulentDays() {
        return days.size() - calmDays();
    }

    /** Barcast's mean interval score divided by {@code method}'s: below 1, Barcast's intervals scored better. */
    public double scoreRatio(IntervalMethod method) {
        return summary(IntervalMethod.BARCAST).meanRelativeScore() / summary(method).meanRelativeScore();
    }

    /** The median (the mean of the two middle values for an even count); NaN for none. */
    static double median(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] v = values.clone();
        Arrays.sort(v);
        int mid = v.length / 2;
        return v.length % 2 == 1 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
    }
}
