package io.barcast.backtest;

import io.barcast.bar.Bar;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The GARCH(1,1)-t baseline's fits and one-day volatilities over one bar series, shared by the interval and the risk
 * report: asked for its days in ascending order, it refits {@link GarchT} on the last {@code window} log returns up
 * to the day asked for whenever {@code refitEvery} days passed since the last fit (as Barcast retrains), and filters
 * the variance of the next return through the same returns. Only the returns up to each day are read.
 */
final class GarchPath {

    private final double[] returns;
    private final int window;
    private final int refitEvery;
    private final Map<Integer, Day> days = new HashMap<>();
    private final TreeMap<Integer, GarchT> fitted = new TreeMap<>();

    /** The fit in use on a day, and the volatility of the next log return it gives. */
    record Day(GarchT model, double sigma) {
    }

    GarchPath(List<Bar> bars, int window, int refitEvery) {
        returns = new double[bars.size()];
        for (int i = 1; i < bars.size(); i++) {
            returns[i] = Math.log(bars.get(i).close() / bars.get(i - 1).close());
        }
        this.window = window;
        this.refitEvery = Math.max(1, refitEvery);
    }

    /** The day {@code asOf} (an index into the bars): days are best asked for in ascending order, as the reports do. */
    Day at(int asOf) {
        Day d = days.get(asOf);
        if (d != null) {
            return d;
        }
        double[] recent = Arrays.copyOfRange(returns, Math.max(1, asOf - window + 1), asOf + 1);
        Map.Entry<Integer, GarchT> earlier = fitted.floorEntry(asOf);
        GarchT model;
        if (earlier != null && asOf - earlier.getKey() < refitEvery) {
            model = earlier.getValue(); // the fit in use on that day (a day asked for late gets the same as in order)
        } else {
            model = GarchT.fit(recent);
            fitted.put(asOf, model);
        }
        d = new Day(model, Math.sqrt(model.nextVariance(recent)));
        days.put(asOf, d);
        return d;
    }

    int fits() {
        return fitted.size();
    }
}
