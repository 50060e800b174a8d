package io.barcast.stream;

import io.barcast.evaluation.ReturnFit;
import io.barcast.events.Json;
import io.barcast.forecast.SkillWeight;
import io.barcast.forecast.SymbolState;

import java.nio.ByteBuffer;
import java.time.LocalDate;

/**
 * Binary form of {@link SymbolState} in the {@code symbol-state} store (written on every bar, so it is
 * kept small and cheap: ~250 bytes instead of ~600 bytes of JSON). Layout, big-endian: magic {@code 'S'},
 * format version {@code 2}, next version, trained-at-appended, flags (bit 0 trained before, bit 1
 * pending present, bit 2 last outcome present, bit 3 metrics present, bit 4 the serving model beat the
 * naive forecast), then the present parts: each {@link SymbolState.Pending} as as-of epoch day, last close,
 * predicted close, model version, trained-through epoch day, target epoch day, actual close, model return,
 * skill weight (absent dates as {@link Long#MIN_VALUE}, an absent actual close as NaN), the metrics as a
 * count and the values, and last the skill evidence: the validation and the live {@link ReturnFit}, four
 * doubles each.
 *
 * <p>Format 1 (no model return, weight or skill evidence: read as NaN and {@link SkillWeight#NONE}, i.e. the
 * naive forecast until the next promotion) and values written as JSON by earlier versions (they start with
 * {@code '{'}) are still read.
 */
public final class SymbolStateCodec {

    private static final byte MAGIC = 'S';
    private static final byte VERSION = 2;
    private static final byte VERSION_1 = 1;
    private static final long NO_DATE = Long.MIN_VALUE;
    private static final int PENDING_BYTES = 9 * 8;
    private static final int SKILL_BYTES = 8 * 8;

    private SymbolStateCodec() {
    }

    public static byte[] encode(SymbolState s) {
        int size = 2 + 8 + 8 + 1 + SKILL_BYTES;
        if (s.pending() != null) {
            size += PENDING_BYTES;
        }
        if (s.lastOutcome() != null) {
            size += PENDING_BYTES;
        }
        if (s.metrics() != null) {
            size += 4 + 8 * s.metrics().length;
        }
        ByteBuffer b = ByteBuffer.allocate(size);
        b.put(MAGIC).put(VERSION).putLong(s.nextVersion()).putLong(s.trainedAtAppended());
        b.put((byte) ((s.trainedBefore() ? 1 : 0) | (s.pending() != null ? 2 : 0) | (s.lastOutcome() != null ? 4 : 0)
                | (s.metrics() != null ? 8 : 0) | (s.skill().beatsNaive() ? 16 : 0)));
        if (s.pending() != null) {
            put(b, s.pending());
        }
        if (s.lastOutcome() != null) {
            put(b, s.lastOutcome());
        }
        if (s.metrics() != null) {
            b.putInt(s.metrics().length);
            for (double v : s.metrics()) {
                b.putDouble(v);
            }
        }
        put(b, s.skill().validation());
        put(b, s.skill().live());
        return b.array();
    }

    /** @throws IllegalArgumentException when the bytes are neither this format nor the earlier JSON */
    public static SymbolState decode(byte[] bytes) {
        if (bytes.length > 0 && bytes[0] == '{') {
            return Json.read(bytes, SymbolState.class);
        }
        if (bytes.length < 19 || bytes[0] != MAGIC || (bytes[1] != VERSION && bytes[1] != VERSION_1)) {
            throw new IllegalArgumentException("not a symbol state: " + bytes.length + " bytes, header "
                    + (bytes.length < 2 ? "missing" : bytes[0] + "/" + bytes[1]));
        }
        boolean v1 = bytes[1] == VERSION_1;
        ByteBuffer b = ByteBuffer.wrap(bytes, 2, bytes.length - 2);
        long nextVersion = b.getLong();
        long trainedAt = b.getLong();
        int flags = b.get();
        SymbolState.Pending pending = (flags & 2) != 0 ? pending(b, v1) : null;
        SymbolState.Pending last = (flags & 4) != 0 ? pending(b, v1) : null;
        double[] metrics = null;
        if ((flags & 8) != 0) {
            metrics = new double[b.getInt()];
            for (int i = 0; i < metrics.length; i++) {
                metrics[i] = b.getDouble();
            }
        }
        SkillWeight skill = v1 ? SkillWeight.NONE : new SkillWeight(fit(b), fit(b), (flags & 16) != 0);
        return new SymbolState(nextVersion, trainedAt, (flags & 1) != 0, pending, last, metrics, skill);
    }

    private static void put(ByteBuffer b, SymbolState.Pending p) {
        b.putLong(p.asOf().toEpochDay()).putDouble(p.lastClose()).putDouble(p.predictedClose()).putLong(p.modelVersion())
                .putLong(day(p.trainedThrough())).putLong(day(p.targetDate()))
                .putDouble(p.actualClose() == null ? Double.NaN : p.actualClose()).putDouble(p.modelReturn()).putDouble(p.weight());
    }

    private static void put(ByteBuffer b, ReturnFit f) {
        b.putDouble(f.n()).putDouble(f.syr()).putDouble(f.srr()).putDouble(f.syy());
    }

    private static ReturnFit fit(ByteBuffer b) {
        return new ReturnFit(b.getDouble(), b.getDouble(), b.getDouble(), b.getDouble());
    }

    private static SymbolState.Pending pending(ByteBuffer b, boolean v1) {
        LocalDate asOf = LocalDate.ofEpochDay(b.getLong());
        double lastClose = b.getDouble();
        double predicted = b.getDouble();
        long version = b.getLong();
        LocalDate trainedThrough = date(b.getLong());
        LocalDate target = date(b.getLong());
        double actual = b.getDouble();
        double modelReturn = v1 ? Double.NaN : b.getDouble();
        double weight = v1 ? Double.NaN : b.getDouble();
        return new SymbolState.Pending(asOf, lastClose, predicted, version, trainedThrough, target,
                Double.isNaN(actual) ? null : actual, modelReturn, weight);
    }

    private static long day(LocalDate d) {
        return d == null ? NO_DATE : d.toEpochDay();
    }

    private static LocalDate date(long day) {
        return day == NO_DATE ? null : LocalDate.ofEpochDay(day);
    }
}
