package io.barcast.window;

import io.barcast.bar.Bar;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Writes a window whole, in the format earlier versions stored and {@link BarWindowCodec} reads. */
public final class WholeWindowFormat {

    private WholeWindowFormat() {
    }

    public static byte[] encode(BarWindow window) {
        List<Bar> bars = window.bars();
        byte[] symbol = (bars.isEmpty() ? "" : bars.get(0).symbol()).getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(4 + 4 + 8 + 4 + symbol.length + 4 + bars.size() * BarWindow.BAR_BYTES);
        out.putInt(BarWindowCodec.MAGIC).putInt(window.capacity()).putLong(window.appendedTotal());
        out.putInt(symbol.length).put(symbol).putInt(bars.size());
        out.put(window.encodedBars(), 0, bars.size() * BarWindow.BAR_BYTES);
        return out.array();
    }
}
