package io.barcast.interval;

/**
 * A prediction interval for the next close: the close should fall in {@code [lower, upper]} with
 * probability {@code level}. Bounds are always finite, positive and ordered.
 *
 * @param level nominal coverage, in (0, 1)
 * @param lower lower bound of the next close
 * @param upper upper bound of the next close
 */
public record Interval(double level, double lower, double upper) {

    public Interval {
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("interval level " + level + " is not in (0, 1)");
        }
        if (!(Double.isFinite(lower) && Double.isFinite(upper) && lower > 0 && lower <= upper)) {
            throw new IllegalArgumentException("interval bounds [" + lower + ", " + upper + "] are not finite, positive and ordered");
        }
    }

    /** Whether {@code close} fell inside (bounds included). */
    public boolean contains(double close) {
        return close >= lower && close <= upper;
    }

    public double width() {
        return upper - lower;
    }

    /** The width as a share of {@code reference} (the last close). */
    public double relativeWidth(double reference) {
        return width() / reference;
    }

    /**
     * The interval score of Gneiting and Raftery (2007) for the close that arrived: the width plus
     * {@code 2/α} times the distance by which the close fell outside, with {@code α = 1 − level}.
     * Lower is better; a calibrated, sharp interval minimises its expectation.
     */
    public double score(double close) {
        return IntervalScore.of(lower, upper, close, level);
    }
}
