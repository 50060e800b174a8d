package io.barcast.bench;

import io.barcast.bar.Bar;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Deterministic synthetic daily bars for benchmarks (random-walk closes, valid OHLCV). */
final class SyntheticSeries {

    private SyntheticSeries() {
    }

    static List<Bar> series(String symbol, int n, long seed) {
        Random random = new Random(seed);
        List<Bar> bars = new ArrayList<>(n);
        double close = 50 + random.nextInt(200);
        LocalDate date = LocalDate.of(2000, 1, 3);
        for (int i = 0; i < n; i++) {
            double prev = close;
            close = prev * Math.exp(0.01 * random.nextGaussian());
            double open = prev * Math.exp(0.002 * random.nextGaussian());
            double high = Math.max(open, close) * (1 + Math.abs(0.003 * random.nextGaussian()));
            double low = Math.min(open, close) * (1 - Math.abs(0.003 * random.nextGaussian()));
            bars.add(new Bar(symbol, date, open, high, low, close, Math.rint(1e6 * Math.exp(0.2 * random.nextGaussian()))));
            date = date.plusDays(1);
        }
        return bars;
    }

    /** {@code symbols} series named S000, S001, ... of {@code n} bars each. */
    static Map<String, List<Bar>> many(int symbols, int n) {
        Map<String, List<Bar>> all = new LinkedHashMap<>();
        for (int s = 0; s < symbols; s++) {
            String name = String.format("S%03d", s);
            all.put(name, series(name, n, 1000 + s));
        }
        return all;
    }
}
