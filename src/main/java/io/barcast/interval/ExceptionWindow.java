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
    /** The counts the backtests read, kept with each change instead of counted on every outcome. */
    private final VarBacktest.Transitions transitions;

    private ExceptionWindow(int capacity, boolean[] exceptions, VarBacktest.Transitions transitions) {
        this.capacity = capacity;
        this.exceptions = exceptions;
        this.transitions = transitions;
    }

    public static ExceptionWindow empty(int capacity) {
        return new ExceptionWindow(capacity, new boolean[0], VarBacktest.Transitions.NONE);
    }

    /** From the flags, oldest first (the codec's form); flags beyond the capacity are dropped. */
    public static ExceptionWindow of(int capacity, boolean[] exceptions) {
        int drop = Math.max(0, exceptions.length - capacity);
        boolean[] kept = Arrays.copyOfRange(exceptions, drop, exceptions.length);
        return new ExceptionWindow(capacity, kept, VarBacktest.Transitions.of(kept));
    }

    /** One more outcome; the oldest goes once the window is full. */
    public ExceptionWindow add(boolean exception) {
        int n = exceptions.length;
        int keep = Math.min(n, capacity - 1);
        boolean[] e = new boolean[keep + 1];
        System.arraycopy(exceptions, n - keep, e, 0, keep);
        e[keep] = exception;
        VarBacktest.Transitions t = transitions;
        if (keep < n) { // a full window: the oldest goes
            t = t.withoutFirst(exceptions[0], n > 1 && exceptions[1]);
        }
        t = t.appended(n > 0 && exceptions[n - 1], exception);
        return new ExceptionWindow(capacity, e, t);
    }

    /** Replaces the latest outcome (its bar was corrected). */
    public ExceptionWindow replaceLast(boolean exception) {
        if (exceptions.length == 0) {
            return add(exception);
        }
        boolean[] e = exceptions.clone();
        e[e.length - 1] = exception;
        return new ExceptionWindow(capacity, e, VarBacktest.Transitions.of(e));
    }

    /** The flags, oldest first (a copy). */
    public boolean[] flags() {
        return exceptions.clone();
    }

    public int count() {
        return exceptions.length;
    }

    public int exceptions() {
        return transitions.exceptions();
    }

    /** The backtests' counts of these outcomes. */
    public VarBacktest.Transitions transitions() {
        return transitions;
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
