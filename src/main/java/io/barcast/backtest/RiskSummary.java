package io.barcast.backtest;

import io.barcast.interval.BaselZone;
import io.barcast.interval.TailCalibration;
import io.barcast.interval.TailRisk;
import io.barcast.interval.VarBacktest;

import java.util.List;

/**
 * One method's VaR and ES over the risk report's days: the VaR backtests at 97.5% and 99% over all of them, the Basel
 * zone of the 99% VaR over the last 250 and the most 99% exceptions in any 250 consecutive days, the Acerbi-Szekely
 * (2014) Z2 statistic of the 97.5% ES, and the mean distances of the VaR and ES below the last close.
 *
 * <p>Z2 = Σ X·I / (T·α·ES) + 1 over the T days, X the day's log return, I its 97.5% VaR exception, ES the published
 * ES as a positive log loss and α 0.025: 0 when the ES is right, negative when it understates the losses beyond the VaR;
 * below {@value #Z2_CRITICAL} it is rejected at 5% (the critical value Acerbi and Szekely found stable across
 * Student-t tails).
 *
 * @param method       who built the figures
 * @param var975       the 97.5% VaR's backtests
 * @param var99        the 99% VaR's backtests
 * @param zone         the Basel zone of the last 250 days' 99% exceptions
 * @param worstWindow  the most 99% exceptions in any 250 consecutive days (all days, when fewer)
 * @param z2           Acerbi-Szekely Z2 of the 97.5% ES (NaN without days)
 * @param meanVar99    mean of 1 − VaR99 / last close
 * @param meanEs975    mean of 1 − ES97.5 / last close
 */
public record RiskSummary(RiskMethod method, VarBacktest var975, VarBacktest var99, BaselZone zone, int worstWindow,
                          double z2, double meanVar99, double meanEs975) {

    /** Below this Z2, the ES is rejected at 5%. */
    public static final double Z2_CRITICAL = -0.7;
    /** The days of a Basel window. */
    public static final int BASEL_DAYS = 250;

    /** Summarises {@code method} over {@code days}. */
    static RiskSummary of(RiskMethod method, List<RiskDay> days) {
        int n = days.size();
        boolean[] e975 = new boolean[n];
        boolean[] e99 = new boolean[n];
        double z = 0;
        double var = 0;
        double es = 0;
        for (int i = 0; i < n; i++) {
            RiskDay d = days.get(i);
            TailRisk r = d.risk(method);
            e975[i] = r.exception(TailCalibration.LEVEL_975, d.actualClose());
            e99[i] = r.exception(TailCalibration.LEVEL_99, d.actualClose());
            if (e975[i]) {
                z += Math.log(d.actualClose() / d.lastClose()) / -Math.log(r.es975() / d.lastClose());
            }
            var += 1 - r.var99() / d.lastClose();
            es += 1 - r.es975() / d.lastClose();
        }
        double alpha = 1 - TailCalibration.LEVEL_975;
        int worst = 0;
        int inWindow = 0;
        for (int i = 0; i < n; i++) {
            inWindow += e99[i] ? 1 : 0;
            if (i >= BASEL_DAYS) {
                inWindow -= e99[i - BASEL_DAYS] ? 1 : 0;
            }
            worst = Math.max(worst, inWindow);
        }
        return new RiskSummary(method, VarBacktest.of(TailCalibration.LEVEL_975, e975), VarBacktest.of(TailCalibration.LEVEL_99, e99),
                BaselZone.of(inWindow), worst, n == 0 ? Double.NaN : z / (n * alpha) + 1,
                n == 0 ? Double.NaN : var / n, n == 0 ? Double.NaN : es / n);
    }

    /** Whether the ES passes Z2 at 5%. */
    public boolean esPasses() {
        return !(z2 < Z2_CRITICAL);
    }
}
