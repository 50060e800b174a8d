package io.barcast.testing;

import io.barcast.backtest.BacktestPrediction;
import io.barcast.bar.Bar;
import io.barcast.interval.Interval;
import io.barcast.interval.Normal;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A deterministic daily series with volatility clustering: log returns {@code r[t] = σ[t]·z[t]}, {@code z} standard
 * normal, {@code σ²[t+1] = ω + α·r[t]² + β·σ²[t]} (GARCH(1,1)), started at the unconditional variance. Knowing the
 * true {@code σ}, it also gives the oracle intervals, calibrated whatever the volatility.
 *
 * @param bars  the bars; each close is {@code exp(r)} times the previous one
 * @param sigma {@code sigma[t]}: the true volatility of the log return from bar {@code t} to bar {@code t + 1},
 *              known at bar {@code t}
 */
public record GarchSeries(List<Bar> bars, double[] sigma) {

    /** ω 2e-6, α 0.09, β 0.9: a daily volatility of about 1.4 %, in long calm and turbulent spells. */
    public static GarchSeries simulate(String symbol, int n, long seed) {
        return simulate(symbol, n, 2e-6, 0.09, 0.9, seed);
    }

    public static GarchSeries simulate(String symbol, int n, double omega, double alpha, double beta, long seed) {
        Random random = new Random(seed);
        List<Bar> bars = new ArrayList<>(n);
        double[] sigma = new double[n];
        double variance = omega / (1 - alpha - beta);
        double close = 100;
        LocalDate date = LocalDate.of(2000, 1, 3);
        for (int t = 0; t < n; t++) {
            double r = t == 0 ? 0 : Math.sqrt(variance) * random.nextGaussian();
            if (t > 0) {
                variance = omega + alpha * r * r + beta * variance;
            }
            double prev = close;
            close = prev * Math.exp(r);
            bars.add(new Bar(symbol, date, prev, Math.max(prev, close), Math.min(prev, close), close, 1_000_000));
            sigma[t] = Math.sqrt(variance);
            date = date.plusDays(1);
        }
        return new GarchSeries(bars, sigma);
    }

    /** The same bars from index {@code from} on replaced by those of another seed (rescaled to continue the close). */
    public GarchSeries withFutureFrom(int from, long seed) {
        GarchSeries other = simulate(bars.get(0).symbol(), bars.size(), seed);
        List<Bar> out = new ArrayList<>(bars.subList(0, from));
        double scale = bars.get(from - 1).close() / other.bars().get(from - 1).close();
        for (int t = from; t < bars.size(); t++) {
            Bar b = other.bars().get(t);
            out.add(new Bar(b.symbol(), b.date(), b.open() * scale, b.high() * scale, b.low() * scale, b.close() * scale, b.volume()));
        }
        double[] s = sigma.clone();
        System.arraycopy(other.sigma(), from, s, from, s.length - from);
        return new GarchSeries(out, s);
    }

    /**
     * A prediction from every bar from {@code first} to the last but one: naive close, and at each of {@code levels}
     * the oracle interval {@code close·exp(± z·σ)}.
     */
    public List<BacktestPrediction> oraclePredictions(int first, double... levels) {
        List<BacktestPrediction> out = new ArrayList<>();
        for (int t = first; t < bars.size() - 1; t++) {
            Bar b = bars.get(t);
            List<Interval> intervals = new ArrayList<>();
            for (double level : levels) {
                double half = Normal.quantile(0.5 + level / 2) * sigma[t];
                intervals.add(new Interval(level, b.close() * Math.exp(-half), b.close() * Math.exp(half)));
            }
            out.add(new BacktestPrediction(b.date(), bars.get(t + 1).date(), b.close(), b.close(), bars.get(t + 1).close(), 1,
                    bars.get(first).date(), b.close(), 0, intervals));
        }
        return out;
    }
}
