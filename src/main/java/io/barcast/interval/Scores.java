package io.barcast.interval;

import java.util.Arrays;

/**
 * A symbol's recent conformity scores, oldest first, with a sorted copy kept beside them: a quantile is then a
 * lookup, and each outcome moves one score in and one out ({@code O(n)} copies, no sort), since both happen for
 * every bar. Immutable; every score is finite and non-negative.
 */
public final class Scores {

    static final Scores NONE = new Scores(new float[0], new float[0]);

    private final float[] chronological;
    private final float[] sorted;

    private Scores(float[] chronological, float[] sorted) {
        this.chronological = chronological;
        this.sorted = sorted;
    }

    /** From scores oldest first (the codec's form). */
    public static Scores of(float[] values) {
        float[] sorted = values.clone();
        Arrays.sort(sorted);
        return new Scores(values.clone(), sorted);
    }

    /** The scores oldest first (a copy). */
    public float[] values() {
        return chronological.clone();
    }

    public int size() {
        return chronological.length;
    }

    /** The {@code k}-th smallest score, from 0. */
    float smallest(int k) {
        return sorted[k];
    }

    /** How many scores are at most {@code v}. */
    int countAtMost(float v) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] <= v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** One more score; the oldest go so that at most {@code capacity} stay. */
    Scores append(float score, int capacity) {
        int keep = Math.min(chronological.length, capacity - 1);
        int drop = chronological.length - keep;
        float[] c = new float[keep + 1];
        System.arraycopy(chronological, drop, c, 0, keep);
        c[keep] = score;
        if (drop > 1) {
            return of(c);
        }
        return new Scores(c, drop == 1 ? swap(sorted, chronological[0], score) : insert(sorted, score));
    }

    /** The latest score replaced (its bar was corrected). */
    Scores replaceLast(float score) {
        if (chronological.length == 0) {
            return append(score, 1);
        }
        float[] c = chronological.clone();
        c[c.length - 1] = score;
        return new Scores(c, swap(sorted, chronological[chronological.length - 1], score));
    }

    /** {@code sorted} with one {@code out} taken away and {@code in} put in its place in order. */
    private static float[] swap(float[] sorted, float out, float in) {
        int at = Arrays.binarySearch(sorted, out);
        float[] s = new float[sorted.length];
        int p = insertionPoint(sorted, in);
        if (p <= at) {
            System.arraycopy(sorted, 0, s, 0, p);
            s[p] = in;
            System.arraycopy(sorted, p, s, p + 1, at - p);
            System.arraycopy(sorted, at + 1, s, at + 1, sorted.length - at - 1);
        } else {
            System.arraycopy(sorted, 0, s, 0, at);
            System.arraycopy(sorted, at + 1, s, at, p - at - 1);
            s[p - 1] = in;
            System.arraycopy(sorted, p, s, p, sorted.length - p);
        }
        return s;
    }

    private static float[] insert(float[] sorted, float in) {
        int p = insertionPoint(sorted, in);
        float[] s = new float[sorted.length + 1];
        System.arraycopy(sorted, 0, s, 0, p);
        s[p] = in;
        System.arraycopy(sorted, p, s, p + 1, sorted.length - p);
        return s;
    }

    private static int insertionPoint(float[] sorted, float v) {
        int i = Arrays.binarySearch(sorted, v);
        return i >= 0 ? i : -i - 1;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Scores s && Arrays.equals(chronological, s.chronological);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(chronological);
    }

    @Override
    public String toString() {
        return Arrays.toString(chronological);
    }
}
