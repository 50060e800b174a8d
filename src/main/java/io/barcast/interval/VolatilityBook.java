package io.barcast.interval;

import io.barcast.bar.Bar;

import java.util.List;

/**
 * A symbol's volatility bookkeeping beside its {@link EwmaVariance}: the kept {@link RangeVariance} and the
 * {@link VolatilityBlend} learned from its outcomes.
 *
 * @param range the range variances, or null (computed from the window at the next bar)
 * @param blend the blend's sums ({@link VolatilityBlend#initial()} when absent)
 */
public record VolatilityBook(RangeVariance range, VolatilityBlend blend) {

    public VolatilityBook {
        blend = blend == null ? VolatilityBlend.initial() : blend;
    }

    /** Nothing kept yet. */
    public static VolatilityBook initial() {
        return new VolatilityBook(null, VolatilityBlend.initial());
    }

    /** The range variances brought up to the last of {@code bars} (oldest first, at least one). */
    public VolatilityBook through(List<Bar> bars) {
        RangeVariance r = range;
        if (r == null || !r.complete() || !r.through().equals(bars.get(bars.size() - 1).date())) {
            r = RangeVariance.next(r, bars);
        }
        return r == range ? this : new VolatilityBook(r, blend);
    }

    /** The members of a prediction: the model's volatility (NaN: none), the EWMA's, and the kept range ones. */
    public MemberVolatilities members(double model, double ewma) {
        boolean kept = range != null && range.complete();
        double fast = kept ? range.fastVolatility() : Double.NaN;
        double slow = kept ? range.slowVolatility() : Double.NaN;
        double down = kept ? range.downVolatility() : Double.NaN;
        return new MemberVolatilities(VolatilityBlend.present(model) ? model : Double.NaN, ewma, fast, slow, down);
    }

    public VolatilityBook withBlend(VolatilityBlend b) {
        return new VolatilityBook(range, b);
    }
}
