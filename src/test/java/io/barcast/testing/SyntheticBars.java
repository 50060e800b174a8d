package io.barcast.testing;

import io.barcast.bar.Bar;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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

    /** Writes {@code bars} as a CSV file the backtest reads (Date,Open,High,Low,Close,Volume); returns {@code file}. */
    public static Path writeCsv(Path file, List<Bar> bars) throws IOException {
        StringBuilder csv = new StringBuilder("Date,Open,High,Low,Close,Volume\n");
        for (Bar b : bars) {
            csv.append(String.format(Locale.ROOT, "%s,%.6f,%.6f,%.6f,%.6f,%.0f%n", b.date(), b.open(), b.high(), b.low(), b.close(), b.volume()));
        }
        return Files.writeString(file, csv);
    }
}
