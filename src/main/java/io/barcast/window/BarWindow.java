package io.barcast.window;

import io.barcast.bar.Bar;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The rolling window of one symbol's most recent bars, oldest first, bounded to a capacity.
 * {@link #offer(Bar)} applies the ordering rules shared by the streaming service and the backtest:
 * a new date is appended, an identical redelivery is ignored, a different bar for the latest date
 * replaces it (a correction), and a bar older than the latest date is refused.
 */
public final class BarWindow {

    /** What {@link #offer(Bar)} did with a bar. */
    public enum Outcome {
        APPENDED, DUPLICATE, CORRECTED, OUT_OF_ORDER;

        /** True when the window changed and a new prediction is due. */
        public boolean changed() {
            return this == APPENDED || this == CORRECTED;
        }
    }

    private final int capacity;
    private final ArrayList<Bar> bars;
    private long appended;

    public BarWindow(int capacity) {
        this(capacity, List.of(), 0);
    }

    BarWindow(int capacity, List<Bar> bars, long appended) {
        if (capacity < 2) {
            throw new IllegalArgumentException("window capacity must be >= 2, got " + capacity);
        }
        this.capacity = capacity;
        this.bars = new ArrayList<>(bars);
        this.appended = appended;
        trim();
    }

    public Outcome offer(Bar bar) {
        if (!bars.isEmpty()) {
            Bar last = bars.get(bars.size() - 1);
            if (bar.date().isBefore(last.date())) {
                return Outcome.OUT_OF_ORDER;
            }
            if (bar.date().equals(last.date())) {
                if (bar.sameValues(last)) {
                    return Outcome.DUPLICATE;
                }
                bars.set(bars.size() - 1, bar);
                return Outcome.CORRECTED;
            }
        }
        bars.add(bar);
        appended++;
        trim();
        return Outcome.APPENDED;
    }

    private void trim() {
        int excess = bars.size() - capacity;
        if (excess > 0) {
            bars.subList(0, excess).clear();
        }
    }

    /** The bars, oldest first (an unmodifiable view). */
    public List<Bar> bars() {
        return Collections.unmodifiableList(bars);
    }

    public int size() {
        return bars.size();
    }

    public int capacity() {
        return capacity;
    }

    /** How many distinct dates were ever appended (not reduced by trimming); counts bars for retraining. */
    public long appendedTotal() {
        return appended;
    }

    public Bar last() {
        return bars.isEmpty() ? null : bars.get(bars.size() - 1);
    }

    /** The bar before the latest one, or null. */
    public Bar previous() {
        return bars.size() < 2 ? null : bars.get(bars.size() - 2);
    }
}
