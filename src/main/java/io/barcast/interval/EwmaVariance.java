package io.barcast.interval;

import io.barcast.bar.Bar;

import java.time.LocalDate;
import java.util.List;

/**
 * {@link Volatility#ewma}'s variance over a symbol's bars, kept from bar to bar so that a prediction costs one update
 * instead of a pass over the window (a log per bar).
 *
 * <p>{@link #next} brings it up to a window's last bar: by one update {@code σ² ← λσ² + (1 − λ)r²} when the window
 * gained one bar after the one this is through, by the update from the variance before when that bar was corrected,
 * otherwise (a first bar, no kept variance, a window of fewer than {@value #EXACT_FROM} bars, whose start still moves)
 * by a pass over the window. Until the window is full that is exactly the pass's result; after that the kept variance
 * goes on over every bar since, while a pass starts at the window's oldest bar: they differ by the weight left on the
 * start, {@code λ^window} ({@code 0.94^500 ≈ 4e-14}).
 *
 * @param through  the date of the last bar included
 * @param variance the EWMA variance of the log returns up to that bar (NaN: fewer than two bars)
 * @param before   the variance up to the bar before it (NaN when not known), to redo the last update on a correction
 */
public record EwmaVariance(LocalDate through, double variance, double before) {

    /** From this many bars the start (the mean square of the first returns) no longer changes. */
    static final int EXACT_FROM = Volatility.START_RETURNS + 2;

    /** Brought up to the last bar of {@code bars} (oldest first, at least one) from {@code previous} (or null). */
    public static EwmaVariance next(EwmaVariance previous, List<Bar> bars, double lambda) {
        int n = bars.size();
        Bar last = bars.get(n - 1);
        if (previous != null && n >= EXACT_FROM) {
            Bar prior = bars.get(n - 2);
            double from = previous.through.equals(prior.date()) ? previous.variance
                    : previous.through.equals(last.date()) ? previous.before : Double.NaN;
            if (Double.isFinite(from)) {
                double r = Math.log(last.close() / prior.close());
                return new EwmaVariance(last.date(), lambda * from + (1 - lambda) * r * r, from);
            }
        }
        if (n < 2) {
            return new EwmaVariance(last.date(), Double.NaN, Double.NaN);
        }
        double[] pass = Volatility.ewmaVariance(bars, lambda);
        return new EwmaVariance(last.date(), pass[1], pass[0]);
    }

    /** As {@link Volatility#ewma} gives it: the root, never below {@link Volatility#FLOOR}. */
    public double volatility() {
        return Double.isFinite(variance) ? Math.max(Volatility.FLOOR, Math.sqrt(variance)) : Volatility.FLOOR;
    }
}
