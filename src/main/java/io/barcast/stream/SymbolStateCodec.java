package io.barcast.stream;

import io.barcast.evaluation.ReturnFit;
import io.barcast.events.Json;
import io.barcast.forecast.SkillWeight;
import io.barcast.forecast.SymbolState;
import io.barcast.interval.Calibration;
import io.barcast.interval.EwmaVariance;
import io.barcast.interval.Interval;
import io.barcast.interval.TailCalibration;
import io.barcast.interval.VolatilityBook;

import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Binary form of {@link SymbolState} in the {@code symbol-state} store, which is written on every bar, so compact
 * and cheap to encode. Layout, big-endian, format 9:
 * <ul>
 *   <li>magic {@code 'S'} and format {@code 9} (bytes), next version and trained-at-appended (longs);</li>
 *   <li>flags (byte): bit 0 trained before, 1 pending present, 2 last outcome present, 3 metrics present, 4 the
 *       serving model beat the naive forecast, 5 cold retrain due ({@link SymbolState#coldDue()}), 6 EWMA present, 7 split factor
 *       present;</li>
 *   <li>the pending prediction, then the last outcome, each when present ({@link SymbolState.Pending}): as-of epoch
 *       day (long), last close, predicted close (doubles), model version, trained-through and target epoch days
 *       (longs, {@link Long#MIN_VALUE} when absent), actual close (NaN when absent), model return, skill weight,
 *       volatility (doubles), the interval count (byte), then level, lower, upper per interval (doubles);</li>
 *   <li>the metrics when present: their count (int) and the values (doubles);</li>
 *   <li>the skill evidence: the validation, then the live {@link ReturnFit} (n, syr, srr, syy: doubles);</li>
 *   <li>the interval {@link Calibration}: the recent scores (int count, floats), the level count (byte), then per
 *       level the level and adaptive miscoverage rate (doubles), the recent outcomes' count (short), their inside
 *       flags as a bit set (outcome i in bit i % 8 of byte i / 8) and their relative widths (floats);</li>
 *   <li>the warm retrains since the last one from scratch ({@link SymbolState#warmRetrains()}; int);</li>
 *   <li>when flag 6 is set, the kept EWMA variance ({@link SymbolState#ewma()}): the epoch day it is through (long),
 *       the variance and the variance before that day (doubles);</li>
 *   <li>when flag 7 is set, the split factor the stored prices are in ({@link SymbolState#unitFactor()}; double);</li>
 *   <li>for the pending prediction, then the last outcome, each when present: the split adjustment of its prices
 *       (double, 1 when none) and whether it counted in the running figures (byte);</li>
 *   <li>for the pending prediction, then the last outcome, each when present: whether it has tail figures (byte), and
 *       when it has, its 97.5% and 99% VaR, 97.5% ES and P(up) ({@link io.barcast.interval.TailRisk}; doubles);</li>
 *   <li>the {@link TailCalibration}: per level (97.5%, then 99%) its adaptive tail probability (double), the recent
 *       outcomes' count (short) and their exception flags as a bit set (as the coverage's inside flags);</li>
 *   <li>for the pending prediction, then the last outcome, each when present: whether it has member volatilities
 *       (byte), and when it has, model, EWMA, fast, slow and downside range (doubles, NaN for an absent member);</li>
 *   <li>the {@link io.barcast.interval.VolatilityBook}: flags (byte: bit 0 range variances kept, bit 1 the blend took
 *       outcomes); with bit 0 the epoch day they are through (long), fast, slow, downside, fast before, slow before
 *       and downside before (doubles);
 *       with bit 1 the blend's log sums, ratio sums and counts, one double per member each.</li>
 * </ul>
 * Earlier formats are still read, each lacking what later ones added: format 8 the downside range member (four
 * member volatilities, four range values and four members' sums: the downside member is absent for the pending
 * ones, its range computed from the window at the next bar, and it takes part in the blend once it has its own
 * outcomes); format 7 the member volatilities and the book
 * (the blend starts with equal weights, the range variances from the window); format 6 the tail figures and their
 * calibration (the symbol's VaR starts calibrating afresh); format 5 the split factor and the pendings'
 * adjustment and counted flag (unadjusted, counted); format 4 the EWMA (the next bar computes it
 * from the window); format 3 also flag 5 and the warm retrains (the next retrain may start warm); format 2 also the
 * pending's volatility and intervals and the calibration (the symbol starts calibrating afresh); format 1 also the
 * pending's model return and weight and the skill evidence (NaN and {@link SkillWeight#NONE}: the naive forecast until
 * the next promotion). Values written as JSON by earlier versions (they start with an opening brace) are read as well.
 */
public final class SymbolStateCodec {

    private static final byte MAGIC = 'S';
    private static final byte VERSION = 9;
    private static final byte VERSION_8 = 8;
    private static final byte VERSION_7 = 7;
    private static final byte VERSION_6 = 6;
    private static final byte VERSION_5 = 5;
    private static final byte VERSION_4 = 4;
    private static final byte VERSION_3 = 3;
    private static final byte VERSION_2 = 2;
    private static final byte VERSION_1 = 1;
    private static final long NO_DATE = Long.MIN_VALUE;
    private static final int PENDING_BYTES = 10 * 8 + 1;
    /** A pending's split adjustment and counted flag, at the end (format 6). */
    private static final int PENDING_TAIL_BYTES = 8 + 1;
    private static final int INTERVAL_BYTES = 3 * 8;
    private static final int SKILL_BYTES = 8 * 8;

    private SymbolStateCodec() {
    }

    public static byte[] encode(SymbolState s) {
        int size = 2 + 8 + 8 + 1 + SKILL_BYTES + CalibrationCodec.calibrationBytes(s.calibration()) + 4 + (s.ewma() != null ? 24 : 0)
                + (s.unitFactor() != null ? 8 : 0) + CalibrationCodec.tailBytes(s.tails()) + VolatilityCodec.bookBytes(s.volatility());
        if (s.pending() != null) {
            size += PENDING_BYTES + PENDING_TAIL_BYTES + VolatilityCodec.membersBytes(s.pending().members()) + CalibrationCodec.riskBytes(s.pending().risk())
                    + INTERVAL_BYTES * s.pending().intervals().size();
        }
        if (s.lastOutcome() != null) {
            size += PENDING_BYTES + PENDING_TAIL_BYTES + VolatilityCodec.membersBytes(s.lastOutcome().members()) + CalibrationCodec.riskBytes(s.lastOutcome().risk())
                    + INTERVAL_BYTES * s.lastOutcome().intervals().size();
        }
        if (s.metrics() != null) {
            size += 4 + 8 * s.metrics().length;
        }
        ByteBuffer b = ByteBuffer.allocate(size);
        b.put(MAGIC).put(VERSION).putLong(s.nextVersion()).putLong(s.trainedAtAppended());
        b.put((byte) ((s.trainedBefore() ? 1 : 0) | (s.pending() != null ? 2 : 0) | (s.lastOutcome() != null ? 4 : 0)
                | (s.metrics() != null ? 8 : 0) | (s.skill().beatsNaive() ? 16 : 0) | (s.coldDue() ? 32 : 0)
                | (s.ewma() != null ? 64 : 0) | (s.unitFactor() != null ? 128 : 0)));
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
        CalibrationCodec.put(b, s.calibration());
        b.putInt(s.warmRetrains());
        if (s.ewma() != null) {
            b.putLong(s.ewma().through().toEpochDay()).putDouble(s.ewma().variance()).putDouble(s.ewma().before());
        }
        if (s.unitFactor() != null) {
            b.putDouble(s.unitFactor());
        }
        for (SymbolState.Pending p : new SymbolState.Pending[]{s.pending(), s.lastOutcome()}) {
            if (p != null) {
                b.putDouble(p.adjustment()).put((byte) (p.counted() ? 1 : 0));
            }
        }
        for (SymbolState.Pending p : new SymbolState.Pending[]{s.pending(), s.lastOutcome()}) {
            if (p != null) {
                CalibrationCodec.putRisk(b, p.risk());
            }
        }
        CalibrationCodec.put(b, s.tails());
        for (SymbolState.Pending p : new SymbolState.Pending[]{s.pending(), s.lastOutcome()}) {
            if (p != null) {
                VolatilityCodec.put(b, p.members());
            }
        }
        VolatilityCodec.put(b, s.volatility());
        return b.array();
    }

    /** @throws IllegalArgumentException when the bytes are neither this format nor the earlier JSON */
    public static SymbolState decode(byte[] bytes) {
        if (bytes.length > 0 && bytes[0] == '{') {
            return fromJson(Json.read(bytes, SymbolState.class));
        }
        if (bytes.length < 19 || bytes[0] != MAGIC || (bytes[1] < VERSION_1 || bytes[1] > VERSION)) {
            throw new IllegalArgumentException("not a symbol state: " + bytes.length + " bytes, header "
                    + (bytes.length < 2 ? "missing" : bytes[0] + "/" + bytes[1]));
        }
        int format = bytes[1];
        boolean v1 = format == VERSION_1;
        ByteBuffer b = ByteBuffer.wrap(bytes, 2, bytes.length - 2);
        long nextVersion = b.getLong();
        long trainedAt = b.getLong();
        int flags = b.get();
        SymbolState.Pending pending = (flags & 2) != 0 ? pending(b, format) : null;
        SymbolState.Pending last = (flags & 4) != 0 ? pending(b, format) : null;
        double[] metrics = null;
        if ((flags & 8) != 0) {
            metrics = new double[count(b.getInt(), 8, b)];
            for (int i = 0; i < metrics.length; i++) {
                metrics[i] = b.getDouble();
            }
        }
        SkillWeight skill = v1 ? SkillWeight.NONE : new SkillWeight(fit(b), fit(b), (flags & 16) != 0);
        Calibration calibration = format >= VERSION_3 ? CalibrationCodec.calibration(b) : null;
        int warmRetrains = format >= VERSION_4 ? b.getInt() : 0;
        EwmaVariance ewma = format >= VERSION_5 && (flags & 64) != 0
                ? new EwmaVariance(LocalDate.ofEpochDay(b.getLong()), b.getDouble(), b.getDouble()) : null;
        Double unitFactor = format >= VERSION_6 && (flags & 128) != 0 ? b.getDouble() : null;
        if (format >= VERSION_6) {
            pending = withTail(b, pending);
            last = withTail(b, last);
        }
        TailCalibration tails = null;
        if (format >= VERSION_7) {
            pending = pending == null ? null : pending.withRisk(CalibrationCodec.risk(b));
            last = last == null ? null : last.withRisk(CalibrationCodec.risk(b));
            tails = CalibrationCodec.tails(b);
        }
        VolatilityBook book = null;
        if (format >= VERSION_8) {
            int members = format == VERSION_8 ? VolatilityCodec.MEMBERS_8 : VolatilityCodec.MEMBERS;
            pending = pending == null ? null : pending.withMembers(VolatilityCodec.members(b, members));
            last = last == null ? null : last.withMembers(VolatilityCodec.members(b, members));
            book = VolatilityCodec.book(b, members);
        }
        return new SymbolState(nextVersion, trainedAt, (flags & 1) != 0, pending, last, metrics, skill, calibration,
                warmRetrains, (flags & 32) != 0, ewma, unitFactor, tails, book);
    }

    /** {@code p} with its split adjustment and counted flag from the end of the record (format 6). */
    private static SymbolState.Pending withTail(ByteBuffer b, SymbolState.Pending p) {
        if (p == null) {
            return null;
        }
        double adjustment = b.getDouble();
        boolean counted = b.get() != 0;
        return new SymbolState.Pending(p.asOf(), p.lastClose(), p.predictedClose(), p.modelVersion(), p.trainedThrough(),
                p.targetDate(), p.actualClose(), p.modelReturn(), p.weight(), p.volatility(), p.intervals(), adjustment, counted);
    }

    /** A state written as JSON predates split adjustments and holes: its predictions are unadjusted and counted. */
    private static SymbolState fromJson(SymbolState s) {
        return s.withPending(asCounted(s.pending())).withOutcome(asCounted(s.lastOutcome()), s.metrics());
    }

    private static SymbolState.Pending asCounted(SymbolState.Pending p) {
        return p == null ? null : new SymbolState.Pending(p.asOf(), p.lastClose(), p.predictedClose(), p.modelVersion(),
                p.trainedThrough(), p.targetDate(), p.actualClose(), p.modelReturn(), p.weight(), p.volatility(), p.intervals());
    }

    private static void put(ByteBuffer b, SymbolState.Pending p) {
        b.putLong(p.asOf().toEpochDay()).putDouble(p.lastClose()).putDouble(p.predictedClose()).putLong(p.modelVersion())
                .putLong(day(p.trainedThrough())).putLong(day(p.targetDate()))
                .putDouble(p.actualClose() == null ? Double.NaN : p.actualClose()).putDouble(p.modelReturn()).putDouble(p.weight())
                .putDouble(p.volatility()).put((byte) p.intervals().size());
        for (Interval i : p.intervals()) {
            b.putDouble(i.level()).putDouble(i.lower()).putDouble(i.upper());
        }
    }

    private static void put(ByteBuffer b, ReturnFit f) {
        b.putDouble(f.n()).putDouble(f.syr()).putDouble(f.srr()).putDouble(f.syy());
    }

    private static ReturnFit fit(ByteBuffer b) {
        return new ReturnFit(b.getDouble(), b.getDouble(), b.getDouble(), b.getDouble());
    }

    private static SymbolState.Pending pending(ByteBuffer b, int format) {
        boolean v1 = format == VERSION_1;
        LocalDate asOf = LocalDate.ofEpochDay(b.getLong());
        double lastClose = b.getDouble();
        double predicted = b.getDouble();
        long version = b.getLong();
        LocalDate trainedThrough = date(b.getLong());
        LocalDate target = date(b.getLong());
        double actual = b.getDouble();
        double modelReturn = v1 ? Double.NaN : b.getDouble();
        double weight = v1 ? Double.NaN : b.getDouble();
        double volatility = Double.NaN;
        List<Interval> intervals = List.of();
        if (format >= VERSION_3) {
            volatility = b.getDouble();
            int n = b.get();
            intervals = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                intervals.add(new Interval(b.getDouble(), b.getDouble(), b.getDouble()));
            }
        }
        return new SymbolState.Pending(asOf, lastClose, predicted, version, trainedThrough, target,
                Double.isNaN(actual) ? null : actual, modelReturn, weight, volatility, intervals);
    }

    /** A count read from the record, refused when its items could not fit in what is left (a corrupt value). */
    static int count(int n, int itemBytes, ByteBuffer b) {
        if (n < 0 || (long) n * itemBytes > b.remaining()) {
            throw new IllegalArgumentException("not a symbol state: a count of " + n + " with " + b.remaining() + " bytes left");
        }
        return n;
    }

    private static long day(LocalDate d) {
        return d == null ? NO_DATE : d.toEpochDay();
    }

    private static LocalDate date(long day) {
        return day == NO_DATE ? null : LocalDate.ofEpochDay(day);
    }
}
