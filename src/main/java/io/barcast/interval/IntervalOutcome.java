package io.barcast.interval;

/**
 * One level of a scored prediction: the interval that was published, whether the close fell inside it, and the
 * symbol's running figures at this level over its last {@value IntervalSettings#COVERAGE_WINDOW} outcomes, this one
 * included.
 *
 * @param level             nominal coverage
 * @param lower             published lower bound
 * @param upper             published upper bound
 * @param inside            whether the actual close fell in {@code [lower, upper]}
 * @param coverage          share of the recent outcomes that fell inside
 * @param meanRelativeWidth mean of the recent intervals' width divided by their last close
 * @param count             outcomes the two running figures are taken over
 */
public record IntervalOutcome(double level, double lower, double upper, boolean inside, double coverage,
                              double meanRelativeWidth, int count) {
}
