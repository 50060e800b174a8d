package io.barcast.backtest;

import io.barcast.bar.Bar;
import io.barcast.interval.Interval;
import io.barcast.interval.Normal;
import io.barcast.interval.Volatility;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The inputs of the two baseline intervals over one bar series (ascending dates, as the CSV reader guarantees),
 * each taken from the bars up to and including the bar predicted from ({@code asOf}, an index into the series),
 * never from later ones. Both baselines are centred on the naive forecast, the last close {@code c}:
 * <ul>
 *   <li>historical simulation: {@code [c·exp(Q(α/2)), c·exp(Q(1 − α/2))]}, {@code Q} the empirical quantile
 *       ({@link #quantile}) of the last {@value #HISTORY} one-day log returns up to asOf;</li>
 *   <li>EWMA: {@code c·exp(± z·σ)}, {@code σ} the RiskMetrics EWMA volatility ({@link Volatility#ewma}, λ
 *       {@value Volatility#RISKMETRICS_LAMBDA}) of the bars up to asOf, {@code z} the normal quantile of the
 *       coverage built for (set by adaptive conformal inference in {@link IntervalReport}).</li>
 * </ul>
 * The EWMA volatility is computed once for every bar (in the same order of operations as
 * {@link Volatility#ewma}, so the figures agree exactly) rather than over a sublist per day.
 */
public final class IntervalBaselines {

    /** One-day log returns the historical simulation takes its quantiles over (fewer early in a series). */
    public static final int HISTORY = 250;
    /** A day with fewer log returns up to asOf than this gets no baseline (and is left out of the report). */
    public static final int MIN_RETURNS = 20;
    /** Log returns the realised volatility that splits calm from turbulent days is taken over. */
    public static final int REALISED_WINDOW = 20;
    /** The coverage the EWMA interval is built for is capped here (the normal quantile of 1 is infinite). */
    static final double MAX_TARGET = 0.9999;

    private final List<Bar> bars;
    private final double[] returns;
    private final double[] ewma;
    private final Map<LocalDate, Integer> index = new HashMap<>();

    public IntervalBaselines(List<Bar> bars) {
        this.bars = List.copyOf(bars);
        int n = this.bars.size();
        returns = new double[n];
        if (n > 0) {
            returns[0] = Double.NaN;
        }
        for (int i = 0; i < n; i++) {
            index.put(this.bars.get(i).date(), i);
            if (i > 0) {
                returns[i] = Math.log(this.bars.get(i).close() / this.bars.get(i - 1).close());
            }
        }
        ewma = ewma(this.bars, returns, Volatility.RISKMETRICS_LAMBDA);
    }

    /** The index of the bar of {@code date}, or -1. */
    public int indexOf(LocalDate date) {
        Integer i = index.get(date);
        return i == null ? -1 : i;
    }

    /** Whether the bars up to {@code asOf} hold enough returns for the baselines ({@value #MIN_RETURNS}). */
    public boolean covers(int asOf) {
        return asOf >= MIN_RETURNS && asOf < bars.size();
    }

    /** The close of the bar predicted from: the baselines' centre. */
    public double lastClose(int asOf) {
        return bars.get(asOf).close();
    }

    /** The historical-simulation interval at {@code level} from the last {@value #HISTORY} log returns up to {@code asOf}. */
    public Interval historical(int asOf, double level) {
        int from = Math.max(1, asOf - HISTORY + 1);
        double[] window = Arrays.copyOfRange(returns, from, asOf + 1);
        Arrays.sort(window);
        double alpha = 1 - level;
        double c = lastClose(asOf);
        return new Interval(level, c * Math.exp(quantile(window, alpha / 2)), c * Math.exp(quantile(window, 1 - alpha / 2)));
    }

    /** {@code Volatility.ewma(bars up to asOf, 0.94)}: the EWMA estimate of the volatility of the next log return. */
    public double ewmaSigma(int asOf) {
        return ewma[asOf];
    }

    /**
     * The EWMA interval labelled {@code level} (its nominal coverage) but built for coverage {@code target}:
     * {@code c·exp(± z·σ)} with {@code z} the normal {@code (1 + target)/2} quantile; {@code target} is capped at
     * {@value #MAX_TARGET}, and 0 or less gives an interval of zero width at the last close.
     */
    public Interval ewma(int asOf, double level, double target) {
        double t = Math.min(MAX_TARGET, target);
        double z = t <= 0 ? 0 : Normal.quantile(0.5 + t / 2);
        double half = z * ewma[asOf];
        double c = lastClose(asOf);
        return new Interval(level, c * Math.exp(-half), c * Math.exp(half));
    }

    /** The sample standard deviation of the last {@value #REALISED_WINDOW} log returns up to {@code asOf}. */
    public double realisedVolatility(int asOf) {
        return Volatility.realised(bars.subList(0, asOf + 1), REALISED_WINDOW);
    }

    /**
     * The {@code p}-quantile of {@code sorted} (ascending, not empty) by linear interpolation between order
     * statistics, Hyndman and Fan's type 7 (the default of R and NumPy): with {@code h = (n − 1)p},
     * {@code x[⌊h⌋] + (h − ⌊h⌋)(x[⌊h⌋ + 1] − x[⌊h⌋])} (0-based).
     */
    static double quantile(double[] sorted, double p) {
        int n = sorted.length;
        if (n == 0) {
            throw new IllegalArgumentException("no values");
        }
        double h = (n - 1) * p;
        int lo = (int) Math.floor(h);
        if (lo >= n - 1) {
            return sorted[n - 1];
        }
        return sorted[lo] + (h - lo) * (sorted[lo + 1] - sorted[lo]);
    }

    /** {@code Volatility.ewma(bars.subList(0, i + 1), lambda)} for every {@code i}, in one pass. */
    private static double[] ewma(List<Bar> bars, double[] returns, double lambda) {
        int n = bars.size();
        double[] out = new double[n];
        int warm = Math.min(n, 21);
        for (int i = 0; i < warm; i++) {
            // Up to 21 bars the estimate starts from the mean square of fewer than 20 returns: as Volatility.ewma does.
            out[i] = Volatility.ewma(bars.subList(0, i + 1), lambda);
        }
        if (n <= 21) {
            return out;
        }
        double init = 0;
        for (int i = 1; i <= 20; i++) {
            init += returns[i] * returns[i];
        }
        double v = init / 20;
        for (int i = 1; i < n; i++) {
            v = lambda * v + (1 - lambda) * returns[i] * returns[i];
            if (i >= warm) {
                out[i] = Math.max(Volatility.FLOOR, Math.sqrt(v));
            }
        }
        return out;
    }
}
