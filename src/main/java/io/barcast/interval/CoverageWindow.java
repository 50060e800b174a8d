package io.barcast.interval;

/**
 * One level's last {@value IntervalSettings#COVERAGE_WINDOW} (or fewer) outcomes: whether each close fell inside
 * its interval and the interval's width relative to the last close. Immutable: each change returns a copy.
 */
public final class CoverageWindow {

    private final int capacity;
    /** Oldest first. */
    private final boolean[] inside;
    private final float[] width;

    private CoverageWindow(int capacity, boolean[] inside, float[] width) {
        this.capacity = capacity;
        this.inside = inside;
        this.width = width;
    }

    public static CoverageWindow empty(int capacity) {
        return new CoverageWindow(capacity, new boolean[0], new float[0]);
    }

    /** Restores a window from its entries, oldest first (the codec's form); entries beyond the capacity are dropped. */
    public static CoverageWindow of(int capacity, boolean[] inside, float[] width) {
        if (inside.length != width.length) {
            throw new IllegalArgumentException(inside.length + " hits but " + width.length + " widths");
        }
        int drop = Math.max(0, inside.length - capacity);
        return new CoverageWindow(capacity, java.util.Arrays.copyOfRange(inside, drop, inside.length),
                java.util.Arrays.copyOfRange(width, drop, width.length));
    }

    /** One more outcome; the oldest goes once the window is full. */
    public CoverageWindow add(boolean in, double relativeWidth) {
        int keep = Math.min(inside.length, capacity - 1);
        boolean[] i2 = new boolean[keep + 1];
        float[] w2 = new float[keep + 1];
        System.arraycopy(inside, inside.length - keep, i2, 0, keep);
        System.arraycopy(width, width.length - keep, w2, 0, keep);
        i2[keep] = in;
        w2[keep] = (float) relativeWidth;
        return new CoverageWindow(capacity, i2, w2);
    }

    /** Replaces the latest outcome (its bar was corrected). */
    public CoverageWindow replaceLast(boolean in, double relativeWidth) {
        if (inside.length == 0) {
            return add(in, relativeWidth);
        }
        boolean[] i2 = inside.clone();
        float[] w2 = width.clone();
        i2[i2.length - 1] = in;
        w2[w2.length - 1] = (float) relativeWidth;
        return new CoverageWindow(capacity, i2, w2);
    }

    public int count() {
        return inside.length;
    }

    /** Share of the window's closes that fell inside; NaN when empty. */
    public double coverage() {
        if (inside.length == 0) {
            return Double.NaN;
        }
        int k = 0;
        for (boolean b : inside) {
            k += b ? 1 : 0;
        }
        return (double) k / inside.length;
    }

    /** Mean width relative to the last close; NaN when empty. */
    public double meanRelativeWidth() {
        if (width.length == 0) {
            return Double.NaN;
        }
        double s = 0;
        for (float f : width) {
            s += f;
        }
        return s / width.length;
    }

    public boolean[] inside() {
        return inside.clone();
    }

    public float[] widths() {
        return width.clone();
    }
}
