package io.barcast.interval;

/**
 * The Basel Committee's traffic light for a 99% VaR over 250 days (1996 backtesting framework): green up to 4
 * exceptions, yellow 5 to 9, red 10 or more. Over fewer than 250 outcomes the same thresholds apply to the count so
 * far (a count that is already yellow can only stay or get worse as the window fills).
 */
public enum BaselZone {
    GREEN, YELLOW, RED;

    /** The level the zone is defined at. */
    public static final double LEVEL = 0.99;
    /** The most exceptions a green 250-day window holds. */
    public static final int GREEN_MAX = 4;
    /** The most exceptions a yellow 250-day window holds. */
    public static final int YELLOW_MAX = 9;

    public static BaselZone of(int exceptions) {
        return exceptions <= GREEN_MAX ? GREEN : exceptions <= YELLOW_MAX ? YELLOW : RED;
    }

    /** 0 green, 1 yellow, 2 red: the value of its gauge. */
    public int code() {
        return ordinal();
    }
}
