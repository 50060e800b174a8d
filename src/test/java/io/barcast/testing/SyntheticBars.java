package io.barcast.testing;

import io.barcast.bar.Bar;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Deterministic synthetic bar series for tests. */
public final class SyntheticBars {

    private SyntheticBars() {
    }

    /**
     * Closes whose log returns follow r[t+1] = phi * r[t] + noise (noise ~ N(0, sigma)): the next
     * return is predictable from the last one, so a working model must beat the naive forecast.
     */
    public static List<Bar> autoregressive(String symbol, int n, double phi, double sigma, long seed) {
        Random random = new Random(seed);
        List<Bar> bars = new ArrayList<>(n);
        double close = 100;
        double r = 0;
        LocalDate date = LocalDate.of(2010, 1, 4);
        for (int i = 0; i < n; i++) {
            double prev = close;
            r = phi * r + sigma * random.nextGaussian();
            close = prev * Math.exp(r);
            double open = prev * Math.exp(0.2 * sigma * random.nextGaussian());
            double high = Math.max(open, close) * (1 + Math.abs(0.3 * sigma * random.nextGaussian()));
            double low = Math.min(open, close) * (1 - Math.abs(0.3 * sigma * random.nextGaussian()));
            double volume = 1_000_000 * Math.exp(0.2 * random.nextGaussian());
            bars.add(new Bar(symbol, date, open, high, low, close, Math.rint(volume)));
            date = date.plusDays(1);
        }
        return bars;
    }

    /** A random walk (unpredictable returns). */
    public static List<Bar> randomWalk(String symbol, int n, long seed) {
        return autoregressive(symbol, n, 0.0, 0.01, seed);
    }
}
