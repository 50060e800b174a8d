package io.barcast.stream;

import io.barcast.interval.MemberVolatilities;
import io.barcast.interval.RangeVariance;
import io.barcast.interval.VolatilityBlend;
import io.barcast.interval.VolatilityBook;
import io.barcast.interval.VolatilityMember;

import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.util.Arrays;

/**
 * The volatility parts of {@link SymbolStateCodec}'s layout (format 9): a prediction's members, the symbol's book.
 * Format 8 had the first {@value #MEMBERS_8} members and two range variances; it is still read.
 */
final class VolatilityCodec {

    /** The members written (format 9). */
    static final int MEMBERS = VolatilityMember.ALL.length;
    /** The members of format 8: all but the downside range one. */
    static final int MEMBERS_8 = 4;

    /** A prediction's member volatilities, when it has them. */
    static int membersBytes(MemberVolatilities m) {
        return 1 + (m == null ? 0 : MEMBERS * 8);
    }

    private VolatilityCodec() {
    }

    static void put(ByteBuffer b, MemberVolatilities m) {
        b.put((byte) (m == null ? 0 : 1));
        if (m == null) {
            return;
        }
        for (double v : m.values()) {
            b.putDouble(v);
        }
    }

    /** Member volatilities written with {@code count} members (those after them absent). */
    static MemberVolatilities members(ByteBuffer b, int count) {
        if (b.get() == 0) {
            return null;
        }
        double[] v = new double[MEMBERS];
        Arrays.fill(v, Double.NaN);
        for (int k = 0; k < count; k++) {
            v[k] = b.getDouble();
        }
        return MemberVolatilities.of(v);
    }

    /** The bytes of {@link #put(ByteBuffer, VolatilityBook)}. */
    static int bookBytes(VolatilityBook book) {
        return 1 + (book.range() != null ? 8 + 6 * 8 : 0) + (learned(book) ? 3 * MEMBERS * 8 : 0);
    }

    static void put(ByteBuffer b, VolatilityBook book) {
        RangeVariance r = book.range();
        b.put((byte) ((r != null ? 1 : 0) | (learned(book) ? 2 : 0)));
        if (r != null) {
            b.putLong(r.through().toEpochDay()).putDouble(r.fast()).putDouble(r.slow()).putDouble(r.down())
                    .putDouble(r.fastBefore()).putDouble(r.slowBefore()).putDouble(r.downBefore());
        }
        if (!learned(book)) {
            return;
        }
        VolatilityBlend blend = book.blend();
        for (double[] sums : new double[][] {blend.logSums(), blend.ratioSums(), blend.counts()}) {
            for (double v : sums) {
                b.putDouble(v);
            }
        }
    }

    /** Whether the blend took any outcome (an initial one is not written). */
    private static boolean learned(VolatilityBook book) {
        return !book.blend().equals(VolatilityBlend.initial());
    }

    /** A book written with {@code count} members ({@value #MEMBERS_8}: format 8, no downside range, its sums zero). */
    static VolatilityBook book(ByteBuffer b, int count) {
        int flags = b.get();
        RangeVariance r = (flags & 1) != 0 ? range(b, count == MEMBERS_8) : null;
        if ((flags & 2) == 0) {
            return new VolatilityBook(r, VolatilityBlend.initial());
        }
        double[][] sums = new double[3][MEMBERS];
        for (double[] s : sums) {
            for (int k = 0; k < count; k++) {
                s[k] = b.getDouble();
            }
        }
        return new VolatilityBook(r, new VolatilityBlend(sums[0], sums[1], sums[2]));
    }

    private static RangeVariance range(ByteBuffer b, boolean format8) {
        LocalDate through = LocalDate.ofEpochDay(b.getLong());
        if (format8) {
            double fast = b.getDouble();
            double slow = b.getDouble();
            return new RangeVariance(through, fast, slow, Double.NaN, b.getDouble(), b.getDouble(), Double.NaN);
        }
        return new RangeVariance(through, b.getDouble(), b.getDouble(), b.getDouble(), b.getDouble(), b.getDouble(),
                b.getDouble());
    }
}
