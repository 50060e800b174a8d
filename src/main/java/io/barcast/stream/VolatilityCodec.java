package io.barcast.stream;

import io.barcast.interval.MemberVolatilities;
import io.barcast.interval.RangeVariance;
import io.barcast.interval.VolatilityBlend;
import io.barcast.interval.VolatilityBook;
import io.barcast.interval.VolatilityMember;

import java.nio.ByteBuffer;
import java.time.LocalDate;

/** The volatility parts of {@link SymbolStateCodec}'s layout (format 8): a prediction's members, the symbol's book. */
final class VolatilityCodec {

    private static final int K = VolatilityMember.ALL.length;
    /** A prediction's member volatilities, when it has them. */
    static int membersBytes(MemberVolatilities m) {
        return 1 + (m == null ? 0 : K * 8);
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

    static MemberVolatilities members(ByteBuffer b) {
        if (b.get() == 0) {
            return null;
        }
        double[] v = new double[K];
        for (int k = 0; k < K; k++) {
            v[k] = b.getDouble();
        }
        return MemberVolatilities.of(v);
    }

    /** The bytes of {@link #put(ByteBuffer, VolatilityBook)}. */
    static int bookBytes(VolatilityBook book) {
        return 1 + (book.range() != null ? 8 + 4 * 8 : 0) + (learned(book) ? 3 * K * 8 : 0);
    }

    static void put(ByteBuffer b, VolatilityBook book) {
        RangeVariance r = book.range();
        b.put((byte) ((r != null ? 1 : 0) | (learned(book) ? 2 : 0)));
        if (r != null) {
            b.putLong(r.through().toEpochDay()).putDouble(r.fast()).putDouble(r.slow()).putDouble(r.fastBefore())
                    .putDouble(r.slowBefore());
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

    static VolatilityBook book(ByteBuffer b) {
        int flags = b.get();
        RangeVariance r = (flags & 1) != 0 ? new RangeVariance(LocalDate.ofEpochDay(b.getLong()), b.getDouble(), b.getDouble(),
                b.getDouble(), b.getDouble()) : null;
        if ((flags & 2) == 0) {
            return new VolatilityBook(r, VolatilityBlend.initial());
        }
        double[][] sums = new double[3][K];
        for (double[] s : sums) {
            for (int k = 0; k < K; k++) {
                s[k] = b.getDouble();
            }
        }
        return new VolatilityBook(r, new VolatilityBlend(sums[0], sums[1], sums[2]));
    }
}
