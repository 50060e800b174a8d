package io.barcast.backtest;

import io.barcast.interval.TailRisk;

import java.time.LocalDate;
import java.util.List;

/**
 * One prediction day of the risk report: every method's VaR and ES for the same close.
 *
 * @param asOf        date of the bar predicted from
 * @param lastClose   close at asOf
 * @param actualClose the close that arrived
 * @param risks       per {@link RiskMethod}, in its order
 */
public record RiskDay(LocalDate asOf, double lastClose, double actualClose, List<TailRisk> risks) {

    public RiskDay {
        risks = List.copyOf(risks);
    }

    public TailRisk risk(RiskMethod method) {
        return risks.get(method.ordinal());
    }
}
