package io.barcast.interval;

/** The interval score of Gneiting and Raftery (2007), for any interval, ours or a baseline's. */
public final class IntervalScore {

    private IntervalScore() {
    }

    /** {@code (upper − lower) + (2/α)·(lower − y)⁺ + (2/α)·(y − upper)⁺}, with {@code α = 1 − level}. */
    public static double of(double lower, double upper, double y, double level) {
        double alpha = 1 - level;
        double s = upper - lower;
        if (y < lower) {
            s += 2 / alpha * (lower - y);
        } else if (y > upper) {
            s += 2 / alpha * (y - upper);
        }
        return s;
    }
}
