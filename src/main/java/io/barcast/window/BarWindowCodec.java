package io.barcast.window;

import io.barcast.bar.Bar;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a {@link BarWindow} stored whole, as earlier versions kept windows; the window store moves such a value into
 * chunks ({@link WindowChunks}) when it meets one. Layout, big-endian: magic {@code "BCW2"} (int), the capacity (int,
 * ignored), the appended total (long), the symbol (int length, UTF-8 bytes), the bar count (int), then 48 bytes a bar
 * as in {@link WindowChunks}.
 */
public final class BarWindowCodec {

    static final int MAGIC = 0x42435732; // "BCW2"

    private BarWindowCodec() {
    }

    /** Decodes a window; a capacity different from the stored one re-bounds it (the newest bars are kept). */
    public static BarWindow decode(byte[] data, int capacity) {
        try {
            ByteBuffer in = ByteBuffer.wrap(data);
            if (in.getInt() != MAGIC) {
                throw new IllegalArgumentException("not an encoded bar window");
            }
            in.getInt();
            long appended = in.getLong();
            byte[] symbolBytes = new byte[in.getInt()];
            in.get(symbolBytes);
            String symbol = new String(symbolBytes, StandardCharsets.UTF_8);
            int n = in.getInt();
            List<Bar> bars = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                bars.add(new Bar(symbol, LocalDate.ofEpochDay(in.getLong()), in.getDouble(), in.getDouble(),
                        in.getDouble(), in.getDouble(), in.getDouble()));
            }
            return new BarWindow(capacity, bars, appended);
        } catch (java.nio.BufferUnderflowException e) {
            throw new IllegalArgumentException("truncated bar window", e);
        }
    }
}
