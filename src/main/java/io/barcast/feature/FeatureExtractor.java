package io.barcast.feature;

import io.barcast.bar.Bar;

import java.util.List;

/**
 * Stationary features of each bar relative to the bar before it. Row {@code i} describes bar
 * {@code i + 1} and uses only bars {@code i} and {@code i + 1}: appending later bars never
 * changes an existing row. Column 0 is always the log return of the close, the model's target.
 */
public final class FeatureExtractor {

    /** Index of the close log return in every feature row. */
    public static final int RETURN = 0;

    private FeatureExtractor() {
    }

    /** Feature rows for bars {@code 1 .. n-1} of the list (n-1 rows; none for fewer than two bars). */
    public static double[][] rows(List<Bar> bars, FeatureSet set) {
        int n = bars.size();
        double[][] rows = new double[Math.max(0, n - 1)][];
        for (int i = 1; i < n; i++) {
            rows[i - 1] = row(bars.get(i - 1), bars.get(i), set);
        }
        return rows;
    }

    /**
     * log((volume + 1) / (previous + 1)); 0 (no change) when either is 0: a day without trades, or a feed without
     * volume, would otherwise be a change of -16 (or +16 the day after) against a usual spread of about 0.3.
     */
    static double volumeChange(double previous, double volume) {
        return previous == 0 || volume == 0 ? 0.0 : Math.log((volume + 1.0) / (previous + 1.0));
    }

    public static double[] row(Bar prev, Bar bar, FeatureSet set) {
        double pc = prev.close();
        double[] r = new double[set.width()];
        r[RETURN] = Math.log(bar.close() / pc);
        r[1] = Math.log(bar.open() / pc);
        r[2] = Math.log(bar.high() / pc);
        r[3] = Math.log(bar.low() / pc);
        if (set == FeatureSet.OHLCV) {
            r[4] = volumeChange(prev.volume(), bar.volume());
        }
        return r;
    }
}
