package io.barcast.interval;

/**
 * Adaptive conformal inference (Gibbs and Candès, 2021): the miscoverage rate an interval is built for,
 * moved after every outcome by {@code α ← α + γ·(α* − miss)}, where {@code α* = 1 − level} and {@code miss}
 * is 1 when the close fell outside. Misses widen the next intervals, hits narrow them, so the long-run
 * miss rate tends to {@code α*} whatever the drift. Stored {@code α} is kept in
 * [{@value #MIN_ALPHA}, {@value #MAX_ALPHA}] so that a long run of misses cannot wind it up beyond recovery.
 *
 * @param level the nominal coverage, in (0, 1)
 * @param alpha the current miscoverage rate to build for
 */
public record AdaptiveLevel(double level, double alpha) {

    static final double MIN_ALPHA = -0.05;
    static final double MAX_ALPHA = 1.0;

    public AdaptiveLevel {
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("level " + level + " is not in (0, 1)");
        }
        if (!Double.isFinite(alpha)) {
            alpha = 1 - level;
        }
        alpha = Math.max(MIN_ALPHA, Math.min(MAX_ALPHA, alpha));
    }

    /** No outcome yet: build for the nominal rate. */
    public static AdaptiveLevel of(double level) {
        return new AdaptiveLevel(level, 1 - level);
    }

    /** After one outcome, with step {@code gamma}. */
    public AdaptiveLevel next(boolean covered, double gamma) {
        return new AdaptiveLevel(level, alpha + gamma * ((1 - level) - (covered ? 0 : 1)));
    }

    /** Reverses {@link #next} (the outcome's bar was corrected). */
    public AdaptiveLevel undo(boolean covered, double gamma) {
        return new AdaptiveLevel(level, alpha - gamma * ((1 - level) - (covered ? 0 : 1)));
    }

    /** The coverage to build the next interval for, {@code 1 − α}, capped below 1. */
    public double target(double cap) {
        return Math.max(0, Math.min(cap, 1 - alpha));
    }
}
