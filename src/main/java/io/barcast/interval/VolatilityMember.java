package io.barcast.interval;

/** The volatility estimators a symbol's intervals are built from, in the order {@link VolatilityBlend} keeps them. */
public enum VolatilityMember {

    /** The serving model's variance output (absent for a model without one). */
    MODEL("model"),
    /** RiskMetrics' EWMA of squared close-to-close log returns, λ 0.94 ({@link EwmaVariance}). */
    EWMA("ewma"),
    /** The EWMA of the bars' Garman-Klass-Yang-Zhang variance, λ 0.80 ({@link RangeVariance}). */
    RANGE_FAST("rangeFast"),
    /** The same with λ 0.94. */
    RANGE_SLOW("rangeSlow"),
    /** The downside EWMA of the same variance, λ 0.80, a down bar weighing 1.6 and an up bar 0.4 ({@link RangeVariance}). */
    RANGE_DOWN("rangeDown");

    /** All, in order: an array of member volatilities is indexed by {@link #ordinal()}. */
    public static final VolatilityMember[] ALL = values();

    private final String key;

    VolatilityMember(String key) {
        this.key = key;
    }

    /** The member's name in records, JSON and metrics. */
    public String key() {
        return key;
    }
}
