package io.barcast.stream;

import io.barcast.interval.AdaptiveLevel;
import io.barcast.interval.Calibration;
import io.barcast.interval.CoverageWindow;
import io.barcast.interval.ExceptionWindow;
import io.barcast.interval.IntervalSettings;
import io.barcast.interval.TailCalibration;
import io.barcast.interval.TailRisk;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** The calibration parts of {@link SymbolStateCodec}'s layout: the intervals', the tail's, and a prediction's tail figures. */
final class CalibrationCodec {

    private CalibrationCodec() {
    }

    static void putRisk(ByteBuffer b, TailRisk r) {
        if (r == null) {
            b.put((byte) 0);
        } else {
            b.put((byte) 1).putDouble(r.var975()).putDouble(r.var99()).putDouble(r.es975()).putDouble(r.probabilityUp());
        }
    }

    /** The bytes of {@link #putRisk}. */
    static int riskBytes(TailRisk r) {
        return r == null ? 1 : 1 + 4 * 8;
    }

    static TailRisk risk(ByteBuffer b) {
        if (b.get() == 0) {
            return null;
        }
        return new TailRisk(b.getDouble(), b.getDouble(), b.getDouble(), b.getDouble());
    }

    static int tailBytes(TailCalibration t) {
        int size = 0;
        for (TailCalibration.TailLevel l : t.levels()) {
            size += 8 + 2 + (l.window().count() + 7) / 8;
        }
        return size;
    }

    static void put(ByteBuffer b, TailCalibration t) {
        for (TailCalibration.TailLevel l : t.levels()) {
            boolean[] flags = l.window().flags();
            b.putDouble(l.aci().alpha()).putShort((short) flags.length).put(bits(flags));
        }
    }

    static TailCalibration tails(ByteBuffer b) {
        List<TailCalibration.TailLevel> out = new ArrayList<>(2);
        for (double level : new double[]{TailCalibration.LEVEL_975, TailCalibration.LEVEL_99}) {
            double alpha = b.getDouble();
            boolean[] flags = flags(b, b.getShort());
            out.add(new TailCalibration.TailLevel(new AdaptiveLevel(level, alpha),
                    ExceptionWindow.of(IntervalSettings.COVERAGE_WINDOW, flags)));
        }
        return new TailCalibration(out);
    }

    /** Flag i in bit i % 8 of byte i / 8. */
    static byte[] bits(boolean[] flags) {
        byte[] bits = new byte[(flags.length + 7) / 8];
        for (int i = 0; i < flags.length; i++) {
            if (flags[i]) {
                bits[i / 8] |= (byte) (1 << (i % 8));
            }
        }
        return bits;
    }

    static boolean[] flags(ByteBuffer b, int n) {
        byte[] bits = new byte[SymbolStateCodec.count((Math.max(0, n) + 7) / 8, 1, b)];
        b.get(bits);
        boolean[] flags = new boolean[Math.max(0, n)];
        for (int i = 0; i < flags.length; i++) {
            flags[i] = (bits[i / 8] & (1 << (i % 8))) != 0;
        }
        return flags;
    }

    static int calibrationBytes(Calibration c) {
        int size = 4 + 4 * c.recent().size() + 1;
        for (Calibration.LevelState l : c.levels()) {
            int n = l.coverage().count();
            size += 8 + 8 + 2 + (n + 7) / 8 + 4 * n;
        }
        return size;
    }

    static void put(ByteBuffer b, Calibration c) {
        float[] scores = c.scores();
        b.putInt(scores.length);
        putFloats(b, scores);
        b.put((byte) c.levels().size());
        for (Calibration.LevelState l : c.levels()) {
            b.putDouble(l.level()).putDouble(l.aci().alpha());
            boolean[] inside = l.coverage().inside();
            float[] widths = l.coverage().widths();
            b.putShort((short) inside.length).put(bits(inside));
            putFloats(b, widths);
        }
    }

    static Calibration calibration(ByteBuffer b) {
        float[] scores = floats(b, SymbolStateCodec.count(b.getInt(), 4, b));
        int levels = b.get();
        List<Calibration.LevelState> out = new ArrayList<>(levels);
        for (int k = 0; k < levels; k++) {
            double level = b.getDouble();
            double alpha = b.getDouble();
            boolean[] inside = flags(b, b.getShort());
            float[] widths = floats(b, SymbolStateCodec.count(inside.length, 4, b));
            out.add(new Calibration.LevelState(new AdaptiveLevel(level, alpha),
                    CoverageWindow.of(IntervalSettings.COVERAGE_WINDOW, inside, widths)));
        }
        return new Calibration(scores, out);
    }

    /** The floats in one bulk copy (the same big-endian bytes as one putFloat each, the state's largest part). */
    private static void putFloats(ByteBuffer b, float[] values) {
        b.asFloatBuffer().put(values);
        b.position(b.position() + 4 * values.length);
    }

    private static float[] floats(ByteBuffer b, int n) {
        float[] values = new float[n];
        b.asFloatBuffer().get(values);
        b.position(b.position() + 4 * n);
        return values;
    }
}
