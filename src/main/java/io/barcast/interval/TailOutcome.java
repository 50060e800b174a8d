package io.barcast.interval;

import java.util.List;

/**
 * A prediction's tail figures met with the close: the published VaR and ES, the exception flags, and the symbol's
 * VaR backtests over its last {@value IntervalSettings#COVERAGE_WINDOW} outcomes (this one included).
 *
 * @param served       what was published
 * @param exception975 whether the close fell below the 97.5% VaR
 * @param exception99  whether the close fell below the 99% VaR
 * @param backtests    per VaR level (ascending), the counts and test p-values
 * @param zone         the Basel traffic light of the 99% VaR over the same outcomes
 */
public record TailOutcome(TailRisk served, boolean exception975, boolean exception99, List<VarBacktest> backtests,
                          BaselZone zone) {

    public TailOutcome {
        backtests = List.copyOf(backtests);
    }
}
