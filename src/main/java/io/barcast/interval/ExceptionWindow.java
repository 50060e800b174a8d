package io.barcast.interval;

import java.util.Arrays;

/**
 * One VaR level's last {@value IntervalSettings#COVERAGE_WINDOW} (or fewer) outcomes: whether each close fell below
 * the published VaR (an exception). Immutable: each change returns a copy.
 */
public final class ExceptionWindow {

    /** Oldest first. */
    private final boolean[] exceptions;
    private final int capacity;

    private ExceptionWindow(int capacity, boolean[] exceptions) {
        this.capacity = capacity;
        this.exceptions = exceptions;
    }

    public static ExceptionWindow empty(int capacity) {
        return new ExceptionWindow(capacity, new boolean[0]);
    }

    /** From the flags, oldest first (the codec's form); flags beyond the capacity are dropped. */
    public static ExceptionWindow of(int capacity, boolean[] exceptions) {
        int drop = Math.max(0, exceptions.length - capacity);
        return new ExceptionWindow(capacity, Arrays.copyOfRange(exceptions, drop, exceptions.length));
    }

    /** One more outcome; the oldest goes once the window is full. */
    public ExceptionWindow add(boolean exception) {
        int keep = Math.min(exceptions.length, capacity - 1);
        boolean[] e = new boolean[keep + 1];
        System.arraycopy(exceptions, exceptions.length - keep, e, 0, keep);
        e[keep] = exception;
        return new ExceptionWindow(capacity, e);
    }

    /** Replaces the latest outcome (its bar was corrected). */
    public ExceptionWindow replaceLast(boolean exception) {
        if (exceptions.length == 0) {
            return add(exception);
        }
        boolean[] e = exceptions.clone();
        e[e.length - 1] = exception;
        return new ExceptionWindow(capacity, e);
    }

    /** The flags, oldest first (a copy). */
    public boolean[] flags() {
        return exceptions.clone();
    }

    public int count() {
        return exceptions.length;
    }

    public int exceptions() {
        int k = 0;
        for (boolean b : exceptions) {
            k += b ? 1 : 0;
        }
        return k;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ExceptionWindow w && capacity == w.capacity && Arrays.equals(exceptions, w.exceptions);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(exceptions);
    }

    @Override
    public String toString() {
        return exceptions() + "/" + count();
    }
}
