package io.barcast.testing;

import io.barcast.bar.Bar;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** Dirty twins of clean (split-adjusted) series, as raw feeds and outages make them. */
public final class DirtySeries {

    private DirtySeries() {
    }

    /**
     * A raw feed across a k-for-1 split on {@code exDate}: the bars before it in pre-split units (prices times k,
     * volume divided by k), told nothing.
     */
    public static List<Bar> untoldSplit(List<Bar> clean, LocalDate exDate, double k) {
        List<Bar> out = new ArrayList<>(clean.size());
        for (Bar b : clean) {
            out.add(b.date().isBefore(exDate) ? b.rescaled(k) : b);
        }
        return out;
    }

    /** {@link #untoldSplit}, every bar telling its cumulative split factor (1 before the ex-date, k from it). */
    public static List<Bar> toldSplit(List<Bar> clean, LocalDate exDate, double k) {
        List<Bar> out = new ArrayList<>(clean.size());
        for (Bar b : untoldSplit(clean, exDate, k)) {
            out.add(withFactor(b, b.date().isBefore(exDate) ? 1.0 : k));
        }
        return out;
    }

    /** Without the {@code count} bars from index {@code from} (a feed outage). */
    public static List<Bar> hole(List<Bar> clean, int from, int count) {
        List<Bar> out = new ArrayList<>(clean.subList(0, from));
        out.addAll(clean.subList(from + count, clean.size()));
        return out;
    }

    /** With volume 0 on the bars at {@code indices}. */
    public static List<Bar> zeroVolume(List<Bar> clean, int... indices) {
        List<Bar> out = new ArrayList<>(clean);
        for (int i : indices) {
            Bar b = out.get(i);
            out.set(i, new Bar(b.symbol(), b.date(), b.open(), b.high(), b.low(), b.close(), 0));
        }
        return out;
    }

    public static Bar withFactor(Bar b, double factor) {
        return new Bar(b.symbol(), b.date(), b.open(), b.high(), b.low(), b.close(), b.volume(), factor);
    }
}
