package io.barcast.feature;

import io.barcast.bar.Bar;

import java.util.List;

/**
 * {@link FeatureExtractor#rows} for histories that follow one another, as a served model's are: each bar, the same
 * window one bar on. A row depends only on its two bars, so a row whose two bars are the very objects (by identity) of
 * a row of the last call is taken from it, and only the others are computed. The rows are exactly
 * {@code FeatureExtractor.rows(bars, set)}; a corrected or rescaled bar is a new object, so its rows are computed
 * again. The returned rows are shared with later calls and must not be changed. Thread-safe: a call sees the whole of
 * some earlier call or none of it.
 */
public final class FeatureRowCache {

    private final FeatureSet set;
    /** The last call's bars and rows ({@code rows[i]} from {@code bars[i]} and {@code bars[i + 1]}). */
    private volatile Last last;

    private record Last(Bar[] bars, double[][] rows) {
    }

    public FeatureRowCache(FeatureSet set) {
        this.set = set;
    }

    /** {@code FeatureExtractor.rows(bars, set)}, reusing the last call's rows where the bars are the same. */
    public double[][] rows(List<Bar> bars) {
        Bar[] b = bars.toArray(new Bar[0]);
        double[][] rows = new double[Math.max(0, b.length - 1)][];
        Last prev = last;
        int shift = prev == null || b.length == 0 ? -1 : indexOf(prev.bars, b[0]);
        for (int i = 0; i < rows.length; i++) {
            int j = shift + i;
            rows[i] = shift >= 0 && j + 1 < prev.bars.length && prev.bars[j] == b[i] && prev.bars[j + 1] == b[i + 1]
                    ? prev.rows[j] : FeatureExtractor.row(b[i], b[i + 1], set);
        }
        last = new Last(b, rows);
        return rows;
    }

    private static int indexOf(Bar[] bars, Bar bar) {
        for (int i = 0; i < bars.length; i++) {
            if (bars[i] == bar) {
                return i;
            }
        }
        return -1;
    }
}
