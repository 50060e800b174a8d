package io.barcast.interval;

import io.barcast.bar.Bar;

import java.time.LocalDate;
import java.util.List;

/**
 * Range-based variance of a symbol's bars, kept from bar to bar like {@link EwmaVariance}: EWMAs of each bar's
 * Garman-Klass variance with the overnight gap added (the Garman-Klass-Yang-Zhang form):
 * {@code ½·ln(H/L)² − (2·ln 2 − 1)·ln(C/O)² + ln(O/C₋₁)²}. The high and the low carry what close-to-close returns
 * throw away (Garman-Klass is about 7 times as efficient as one squared return), so an EWMA of them can follow a shock
 * faster for the same noise. Three are kept: λ {@value #FAST_LAMBDA} and {@value #SLOW_LAMBDA} of that variance, and
 * a downside one, λ {@value #FAST_LAMBDA} of it weighted {@code 1 + γ} on a bar that closed down and {@code 1 − γ} on
 * one that did not ({@code γ} {@value #DOWN_ASYMMETRY}): the leverage effect of GJR-GARCH, a fall raising the next
 * day's volatility more than a rise of the same size. Each starts at the mean of the first 20 bars' values.
 *
 * @param through    the date of the last bar included
 * @param fast       the λ {@value #FAST_LAMBDA} EWMA through that bar (NaN: fewer than two bars)
 * @param slow       the λ {@value #SLOW_LAMBDA} EWMA through that bar
 * @param down       the downside EWMA through that bar (NaN: fewer than two bars, or kept before it existed)
 * @param fastBefore {@code fast} through the bar before (NaN when not known), to redo the last update on a correction
 * @param slowBefore {@code slow} through the bar before
 * @param downBefore {@code down} through the bar before
 */
public record RangeVariance(LocalDate through, double fast, double slow, double down, double fastBefore, double slowBefore,
                            double downBefore) {

    public static final double FAST_LAMBDA = 0.80;
    public static final double SLOW_LAMBDA = 0.94;
    /** How much more a down bar's range weighs in the downside EWMA (and an up bar's less). */
    public static final double DOWN_ASYMMETRY = 0.6;

    /** Brought up to the last bar of {@code bars} (oldest first, at least one) from {@code previous} (or null). */
    public static RangeVariance next(RangeVariance previous, List<Bar> bars) {
        int n = bars.size();
        Bar last = bars.get(n - 1);
        if (previous != null && n >= EwmaVariance.EXACT_FROM) {
            Bar prior = bars.get(n - 2);
            boolean onward = previous.through.equals(prior.date());
            boolean redo = previous.through.equals(last.date());
            double f = onward ? previous.fast : redo ? previous.fastBefore : Double.NaN;
            double s = onward ? previous.slow : redo ? previous.slowBefore : Double.NaN;
            double d = onward ? previous.down : redo ? previous.downBefore : Double.NaN;
            if (Double.isFinite(f) && Double.isFinite(s) && Double.isFinite(d)) {
                double v = daily(prior, last);
                return new RangeVariance(last.date(), update(f, v, FAST_LAMBDA), update(s, v, SLOW_LAMBDA),
                        update(d, downside(prior, last, v), FAST_LAMBDA), f, s, d);
            }
        }
        if (n < 2) {
            return new RangeVariance(last.date(), Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        double[][] p = paths(bars);
        return new RangeVariance(last.date(), p[0][n - 1], p[1][n - 1], p[2][n - 1], before(p[0], n), before(p[1], n),
                before(p[2], n));
    }

    private static double before(double[] path, int n) {
        return n > 2 ? path[n - 2] : Double.NaN;
    }

    /**
     * The three EWMA variances after every bar of {@code bars} (at least two): {@code [fast, slow, down][i]} through
     * bar {@code i}, NaN for bar 0, each started at the mean of its first 20 values (of all, for fewer).
     */
    public static double[][] paths(List<Bar> bars) {
        int n = bars.size();
        double[] fast = new double[n];
        double[] slow = new double[n];
        double[] down = new double[n];
        fast[0] = Double.NaN;
        slow[0] = Double.NaN;
        down[0] = Double.NaN;
        int m = Math.min(Volatility.START_RETURNS, n - 1);
        double start = 0;
        double downStart = 0;
        for (int i = 1; i <= m; i++) {
            double v = daily(bars.get(i - 1), bars.get(i));
            start += v;
            downStart += downside(bars.get(i - 1), bars.get(i), v);
        }
        double f = start / m;
        double s = f;
        double d = downStart / m;
        for (int i = 1; i < n; i++) {
            double v = daily(bars.get(i - 1), bars.get(i));
            f = update(f, v, FAST_LAMBDA);
            s = update(s, v, SLOW_LAMBDA);
            d = update(d, downside(bars.get(i - 1), bars.get(i), v), FAST_LAMBDA);
            fast[i] = f;
            slow[i] = s;
            down[i] = d;
        }
        return new double[][] {fast, slow, down};
    }

    /** The Garman-Klass variance of {@code bar} with its overnight gap from {@code previous}'s close (never negative). */
    public static double daily(Bar previous, Bar bar) {
        double hl = Math.log(bar.high() / bar.low());
        double co = Math.log(bar.close() / bar.open());
        double gap = Math.log(bar.open() / previous.close());
        double v = 0.5 * hl * hl - (2 * Math.log(2) - 1) * co * co + gap * gap;
        return Double.isFinite(v) ? Math.max(0, v) : 0;
    }

    /** {@code bar}'s {@link #daily} variance {@code v} as the downside EWMA takes it: more after a down close, less after an up one. */
    static double downside(Bar previous, Bar bar, double v) {
        return (bar.close() < previous.close() ? 1 + DOWN_ASYMMETRY : 1 - DOWN_ASYMMETRY) * v;
    }

    private static double update(double variance, double v, double lambda) {
        return lambda * variance + (1 - lambda) * v;
    }

    /** Whether all three are known (a range kept before the downside one existed is not). */
    public boolean complete() {
        return Double.isFinite(fast) && Double.isFinite(slow) && Double.isFinite(down);
    }

    /** The fast EWMA as a volatility (never below {@link Volatility#FLOOR}). */
    public double fastVolatility() {
        return root(fast);
    }

    /** The slow EWMA as a volatility (never below {@link Volatility#FLOOR}). */
    public double slowVolatility() {
        return root(slow);
    }

    /** The downside EWMA as a volatility (never below {@link Volatility#FLOOR}). */
    public double downVolatility() {
        return root(down);
    }

    static double root(double variance) {
        return Double.isFinite(variance) ? Math.max(Volatility.FLOOR, Math.sqrt(variance)) : Volatility.FLOOR;
    }
}
