package io.barcast.backtest;

import io.barcast.interval.Interval;

import java.time.LocalDate;

/**
 * One prediction day at one level, as the interval report scores it: Barcast's published interval and the three
 * baselines' intervals for the same close.
 *
 * @param asOf               date of the bar predicted from
 * @param targetDate         date of the bar predicted
 * @param lastClose          close at asOf (the reference of relative widths and scores)
 * @param actualClose        the close that arrived
 * @param realisedVolatility trailing {@value IntervalBaselines#REALISED_WINDOW}-day realised volatility at asOf
 *                           (what splits calm from turbulent days)
 * @param barcast            Barcast's interval
 * @param historical         the historical-simulation interval
 * @param ewmaAci            the EWMA interval at the level ACI set for this day
 * @param garchTAci          the GARCH(1,1)-t interval at the level its own ACI set for this day
 */
public record IntervalDay(LocalDate asOf, LocalDate targetDate, double lastClose, double actualClose,
                          double realisedVolatility, Interval barcast, Interval historical, Interval ewmaAci,
                          Interval garchTAci) {

    public Interval interval(IntervalMethod method) {
        return switch (method) {
            case BARCAST -> barcast;
            case HISTORICAL_SIMULATION -> historical;
            case EWMA_ACI -> ewmaAci;
            case GARCH_T_ACI -> garchTAci;
        };
    }

    /** Whether the actual close fell inside {@code method}'s interval. */
    public boolean covered(IntervalMethod method) {
        return interval(method).contains(actualClose);
    }

    /** {@code method}'s interval width as a share of the last close. */
    public double relativeWidth(IntervalMethod method) {
        return interval(method).relativeWidth(lastClose);
    }

    /** {@code method}'s interval score ({@link Interval#score}) as a share of the last close. */
    public double relativeScore(IntervalMethod method) {
        return interval(method).score(actualClose) / lastClose;
    }
}
