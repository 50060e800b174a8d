package io.barcast.window;

import io.barcast.bar.Bar;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** Compact binary encoding of a {@link BarWindow} for a state store (48 bytes a bar). */
public final class BarWindowCodec {

    private static final int MAGIC = 0x42435732; // "BCW2"
    private static final int BAR_BYTES = BarWindow.BAR_BYTES;

    private BarWindowCodec() {
    }

    public static byte[] encode(BarWindow window) {
        List<Bar> bars = window.bars();
        byte[] symbol = (bars.isEmpty() ? "" : bars.get(0).symbol()).getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(4 + 4 + 8 + 4 + symbol.length + 4 + bars.size() * BAR_BYTES);
        out.putInt(MAGIC).putInt(window.capacity()).putLong(window.appendedTotal());
        out.putInt(symbol.length).put(symbol).putInt(bars.size());
        out.put(window.encodedBars(), 0, bars.size() * BAR_BYTES);
        return out.array();
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
