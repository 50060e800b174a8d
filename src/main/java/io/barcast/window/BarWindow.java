package io.barcast.window;

import io.barcast.bar.Bar;

import java.nio.ByteBuffer;
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
        APPENDED, DUPLICATE, CORRECTED, OUT_OF_ORDER,
        /** Refused by a data-quality rule before the window saw it (the window is unchanged). */
        REJECTED;

        /** True when the window changed and a new prediction is due. */
        public boolean changed() {
            return this == APPENDED || this == CORRECTED;
        }
    }

    /** Bytes of one bar in {@link #body}: epoch day and five doubles. */
    static final int BAR_BYTES = 8 * 6;

    private final int capacity;
    private final ArrayList<Bar> bars;
    /** The bars in the layout {@link WindowChunks} stores, kept up to date by {@link #offer} so that encoding is one copy. */
    private final ByteBuffer body;
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
        this.body = ByteBuffer.allocate(capacity * BAR_BYTES);
        for (int i = 0; i < this.bars.size(); i++) {
            write(i, this.bars.get(i));
        }
    }

    /** Takes {@code bar} by the ordering rules; a bar's split factor is not kept (the state keeps the window's). */
    public Outcome offer(Bar told) {
        Bar bar = told.withoutSplitFactor();
        if (!bars.isEmpty()) {
            Bar last = bars.get(bars.size() - 1);
            if (bar.date().isBefore(last.date())) {
                return Outcome.OUT_OF_ORDER;
            }
            if (bar.date().equals(last.date())) {
                if (bar.samePrices(last)) {
                    return Outcome.DUPLICATE;
                }
                bars.set(bars.size() - 1, bar);
                write(bars.size() - 1, bar);
                return Outcome.CORRECTED;
            }
        }
        bars.add(bar);
        appended++;
        if (bars.size() > capacity) {
            bars.remove(0);
            byte[] b = body.array();
            System.arraycopy(b, BAR_BYTES, b, 0, (capacity - 1) * BAR_BYTES);
        }
        write(bars.size() - 1, bar);
        return Outcome.APPENDED;
    }

    /** Every bar's prices multiplied by {@code priceFactor} and its volume divided by it (a split's rescale). */
    public void rescale(double priceFactor) {
        for (int i = 0; i < bars.size(); i++) {
            Bar b = bars.get(i).rescaled(priceFactor);
            bars.set(i, b);
            write(i, b);
        }
    }

    private void write(int slot, Bar bar) {
        int at = slot * BAR_BYTES;
        body.putLong(at, bar.date().toEpochDay())
                .putDouble(at + 8, bar.open())
                .putDouble(at + 16, bar.high())
                .putDouble(at + 24, bar.low())
                .putDouble(at + 32, bar.close())
                .putDouble(at + 40, bar.volume());
    }

    /** The encoded bars (the first {@code size() * BAR_BYTES} bytes are valid); not to be modified. */
    byte[] encodedBars() {
        return body.array();
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
}
