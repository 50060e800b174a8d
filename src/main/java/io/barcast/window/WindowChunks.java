package io.barcast.window;

import io.barcast.bar.Bar;

import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A {@link BarWindow} in a key-value store as chunks of {@link #CHUNK_BARS} consecutive bars, so that a new bar
 * rewrites one small chunk, not the whole window, in the store, its cache and its changelog. The bars a symbol ever
 * appended are numbered 0, 1, 2, ... ({@link BarWindow#appendedTotal()} counts them); chunk {@code c} holds the bars
 * numbered {@code [c * CHUNK_BARS, (c + 1) * CHUNK_BARS)} still in the window.
 * <ul>
 *   <li>Key: the symbol, a NUL character (never in a valid symbol), the chunk number as 16 hex digits; a symbol's
 *       chunks sort in order and form one key range.</li>
 *   <li>Value, big-endian: magic {@code "BCC1"} (int), the first bar's number (long), the bar count (int), then
 *       48 bytes a bar: epoch day (long), open, high, low, close, volume (doubles), as {@link BarWindow} holds them.</li>
 * </ul>
 */
public final class WindowChunks {

    /** Bars a chunk holds. */
    public static final int CHUNK_BARS = 32;

    private static final int MAGIC = 0x42434331; // "BCC1"
    private static final int HEADER = 4 + 8 + 4;
    private static final char SEPARATOR = '\u0000';

    private WindowChunks() {
    }

    /** What one offer changes in the store: a chunk to write and, when the window dropped a whole chunk, one to delete. */
    public record Change(String putKey, byte[] putValue, String deleteKey) {
    }

    /** The store key of chunk {@code chunk} of {@code symbol}. */
    public static String key(String symbol, long chunk) {
        String hex = Long.toHexString(chunk);
        return symbol + SEPARATOR + "0".repeat(16 - hex.length()) + hex;
    }

    /** Inclusive lower bound of {@code symbol}'s key range. */
    public static String rangeFrom(String symbol) {
        return symbol + SEPARATOR;
    }

    /** Inclusive upper bound of {@code symbol}'s key range (above every chunk key, below every other symbol's). */
    public static String rangeTo(String symbol) {
        return symbol + SEPARATOR + "g";
    }

    /** The chunk number in a key made by {@link #key}. */
    public static long chunkOf(String key) {
        return Long.parseUnsignedLong(key.substring(key.length() - 16), 16);
    }

    /**
     * The store change after {@code window.offer(...)} returned {@code outcome}, or null when nothing changed
     * (a duplicate or a bar out of order).
     */
    public static Change change(BarWindow window, BarWindow.Outcome outcome) {
        if (!outcome.changed()) {
            return null;
        }
        String symbol = window.last().symbol();
        long newest = window.appendedTotal() - 1;
        long chunk = newest / CHUNK_BARS;
        String delete = null;
        long oldestKept = window.appendedTotal() - window.size();
        if (outcome == BarWindow.Outcome.APPENDED && oldestKept > 0 && oldestKept % CHUNK_BARS == 0
                && window.size() == window.capacity()) {
            // The bar just dropped (number oldestKept - 1) was the last of its chunk: no bar of it is left.
            delete = key(symbol, oldestKept / CHUNK_BARS - 1);
        }
        return new Change(key(symbol, chunk), encode(window, chunk), delete);
    }

    /** Every chunk of {@code window}, oldest first, as key and value (to seed or migrate a store). */
    public static List<Change> all(BarWindow window) {
        List<Change> out = new ArrayList<>();
        if (window.size() == 0) {
            return out;
        }
        String symbol = window.last().symbol();
        long first = (window.appendedTotal() - window.size()) / CHUNK_BARS;
        long last = (window.appendedTotal() - 1) / CHUNK_BARS;
        for (long c = first; c <= last; c++) {
            out.add(new Change(key(symbol, c), encode(window, c), null));
        }
        return out;
    }

    /** Whether chunk {@code chunk} holds no bar of {@code window} any more (a leftover to delete). */
    public static boolean stale(BarWindow window, long chunk) {
        return (chunk + 1) * CHUNK_BARS <= window.appendedTotal() - window.size() || chunk * CHUNK_BARS >= window.appendedTotal();
    }

    /** The bars of chunk {@code chunk} that are in {@code window}. */
    static byte[] encode(BarWindow window, long chunk) {
        long windowStart = window.appendedTotal() - window.size();
        long from = Math.max(chunk * CHUNK_BARS, windowStart);
        long to = Math.min((chunk + 1) * CHUNK_BARS, window.appendedTotal());
        if (from >= to) {
            throw new IllegalArgumentException("chunk " + chunk + " has no bar in the window (bars " + windowStart
                    + ".." + (window.appendedTotal() - 1) + ")");
        }
        int count = (int) (to - from);
        byte[] out = new byte[HEADER + count * BarWindow.BAR_BYTES];
        ByteBuffer.wrap(out).putInt(MAGIC).putLong(from).putInt(count);
        System.arraycopy(window.encodedBars(), (int) (from - windowStart) * BarWindow.BAR_BYTES, out, HEADER,
                count * BarWindow.BAR_BYTES);
        return out;
    }

    /**
     * The window of {@code symbol} from its chunks (any order): the newest {@code capacity} bars of the newest
     * run of consecutive chunks, with the sequence numbering the chunks carry. Chunks before a gap are
     * leftovers (of a larger window, say) and are ignored; {@link #stale} names them for deletion.
     *
     * @throws IllegalArgumentException when a value is not a chunk
     */
    public static BarWindow decode(String symbol, List<byte[]> chunks, int capacity) {
        List<ByteBuffer> sorted = new ArrayList<>();
        for (byte[] c : chunks) {
            ByteBuffer b = ByteBuffer.wrap(c);
            if (c.length < HEADER || b.getInt(0) != MAGIC) {
                throw new IllegalArgumentException("not a bar window chunk of " + symbol + " (" + c.length + " bytes)");
            }
            int count = b.getInt(12);
            if (count < 0 || c.length != HEADER + count * BarWindow.BAR_BYTES) {
                throw new IllegalArgumentException("truncated bar window chunk of " + symbol);
            }
            sorted.add(b);
        }
        if (sorted.isEmpty()) {
            return new BarWindow(capacity);
        }
        sorted.sort(Comparator.comparingLong(b -> b.getLong(4)));
        List<Bar> bars = new ArrayList<>();
        long next = sorted.get(0).getLong(4);
        for (ByteBuffer b : sorted) {
            long first = b.getLong(4);
            if (first != next) {
                bars.clear(); // a gap: only the bars from here on are consecutive with the newest
            }
            int count = b.getInt(12);
            b.position(HEADER);
            for (int i = 0; i < count; i++) {
                bars.add(new Bar(symbol, LocalDate.ofEpochDay(b.getLong()), b.getDouble(), b.getDouble(), b.getDouble(),
                        b.getDouble(), b.getDouble()));
            }
            next = first + count;
        }
        return new BarWindow(capacity, bars, next);
    }
}
