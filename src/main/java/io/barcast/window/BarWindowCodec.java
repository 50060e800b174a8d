package io.barcast.window;

import io.barcast.bar.Bar;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** Compact binary encoding of a {@link BarWindow} for a state store (about 48 bytes a bar). */
public final class BarWindowCodec {

    private static final int MAGIC = 0x42435731; // "BCW1"

    private BarWindowCodec() {
    }

    public static byte[] encode(BarWindow window) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(32 + window.size() * 48);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeInt(window.capacity());
            out.writeLong(window.appendedTotal());
            List<Bar> bars = window.bars();
            out.writeUTF(bars.isEmpty() ? "" : bars.get(0).symbol());
            out.writeInt(bars.size());
            for (Bar b : bars) {
                out.writeLong(b.date().toEpochDay());
                out.writeDouble(b.open());
                out.writeDouble(b.high());
                out.writeDouble(b.low());
                out.writeDouble(b.close());
                out.writeDouble(b.volume());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Decodes a window; a capacity different from the stored one re-bounds it (the newest bars are kept). */
    public static BarWindow decode(byte[] data, int capacity) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            if (in.readInt() != MAGIC) {
                throw new IllegalArgumentException("not an encoded bar window");
            }
            in.readInt();
            long appended = in.readLong();
            String symbol = in.readUTF();
            int n = in.readInt();
            List<Bar> bars = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                bars.add(new Bar(symbol, LocalDate.ofEpochDay(in.readLong()), in.readDouble(), in.readDouble(),
                        in.readDouble(), in.readDouble(), in.readDouble()));
            }
            return new BarWindow(capacity, bars, appended);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
