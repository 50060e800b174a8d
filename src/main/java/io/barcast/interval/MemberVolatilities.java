package io.barcast.interval;

/**
 * The {@link VolatilityMember}s' volatilities of one prediction (predicted standard deviations of the next log return;
 * NaN for a member that had none), kept with the prediction until its outcome teaches the {@link VolatilityBlend}.
 */
public record MemberVolatilities(double model, double ewma, double rangeFast, double rangeSlow, double rangeDown) {

    /** None known (a prediction made before the blend existed). */
    public static final MemberVolatilities NONE = new MemberVolatilities(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);

    /** From values in {@link VolatilityMember#ALL}'s order. */
    public static MemberVolatilities of(double[] v) {
        if (v.length != VolatilityMember.ALL.length) {
            throw new IllegalArgumentException("expected " + VolatilityMember.ALL.length + " member volatilities, got " + v.length);
        }
        return new MemberVolatilities(v[0], v[1], v[2], v[3], v[4]);
    }

    /** In {@link VolatilityMember#ALL}'s order. */
    public double[] values() {
        return new double[] {model, ewma, rangeFast, rangeSlow, rangeDown};
    }

    public double get(VolatilityMember m) {
        return switch (m) {
            case MODEL -> model;
            case EWMA -> ewma;
            case RANGE_FAST -> rangeFast;
            case RANGE_SLOW -> rangeSlow;
            case RANGE_DOWN -> rangeDown;
        };
    }

    /** Whether any member is known. */
    public boolean known() {
        for (double v : values()) {
            if (VolatilityBlend.present(v)) {
                return true;
            }
        }
        return false;
    }
}
