package io.barcast.backtest;

import io.barcast.bar.Bar;
import io.barcast.interval.Normal;
import io.barcast.interval.TailCalibration;
import io.barcast.interval.TailRisk;

import java.util.Arrays;
import java.util.List;

/**
 * The three baselines' VaR and ES over one bar series, each from the bars up to the bar predicted from ({@code asOf})
 * only, all centred on the naive forecast (zero mean log return), in the order of the days they are asked for:
 * <ul>
 *   <li>historical simulation: the empirical 2.5% and 1% quantiles ({@link IntervalBaselines#quantile}) of the last
 *       {@value IntervalBaselines#HISTORY} log returns, the ES the mean of those at or below the 2.5% one;</li>
 *   <li>EWMA + ACI: {@code −Φ⁻¹(1 − a)·σ}, {@code σ} the RiskMetrics EWMA volatility, ES {@code σ·φ(z)/a};</li>
 *   <li>GARCH(1,1)-t + ACI: {@link GarchT} fitted by maximum likelihood on the last {@code window} returns every
 *       {@code refitEvery} days (as Barcast retrains), its Student-t quantile and ES at the one-day variance.</li>
 * </ul>
 * The two ACI baselines move their tail probability {@code a} per level after each day as Barcast does
 * ({@link TailCalibration}, same step), from the day's realised close: nothing is looked ahead.
 */
final class RiskBaselines {

    private final List<Bar> bars;
    private final IntervalBaselines intervals;
    private final double[] returns;
    private final GarchPath garchPath;
    private TailCalibration ewmaTails = TailCalibration.initial();
    private TailCalibration garchTails = TailCalibration.initial();

    RiskBaselines(List<Bar> bars, IntervalBaselines intervals, GarchPath garch) {
        this.bars = bars;
        this.intervals = intervals;
        this.garchPath = garch;
        returns = new double[bars.size()];
        for (int i = 1; i < bars.size(); i++) {
            returns[i] = Math.log(bars.get(i).close() / bars.get(i - 1).close());
        }
    }

    int fits() {
        return garchPath.fits();
    }

    /** The historical-simulation tail at {@code asOf}. */
    TailRisk historical(int asOf) {
        int from = Math.max(1, asOf - IntervalBaselines.HISTORY + 1);
        double[] w = Arrays.copyOfRange(returns, from, asOf + 1);
        Arrays.sort(w);
        double q975 = IntervalBaselines.quantile(w, 1 - TailCalibration.LEVEL_975);
        double q99 = IntervalBaselines.quantile(w, 1 - TailCalibration.LEVEL_99);
        double sum = 0;
        int k = 0;
        int up = 0;
        for (double r : w) {
            if (r <= q975) {
                sum += r;
                k++;
            }
            up += r > 0 ? 1 : 0;
        }
        return tail(asOf, q975, q99, k == 0 ? q975 : sum / k, (double) up / w.length);
    }

    /** The EWMA + ACI tail at {@code asOf}. */
    TailRisk ewma(int asOf) {
        double sigma = intervals.ewmaSigma(asOf);
        double a975 = ewmaTails.level975().tail();
        double z975 = Normal.quantile(1 - a975);
        return tail(asOf, -z975 * sigma, -Normal.quantile(1 - ewmaTails.level99().tail()) * sigma,
                -sigma * Normal.density(z975) / a975, 0.5);
    }

    /** The GARCH(1,1)-t + ACI tail at {@code asOf} ({@link GarchPath} refits when due). */
    TailRisk garch(int asOf) {
        GarchPath.Day day = garchPath.at(asOf);
        GarchT garch = day.model();
        double sigma = day.sigma();
        double a975 = garchTails.level975().tail();
        return tail(asOf, sigma * garch.quantile(a975), sigma * garch.quantile(garchTails.level99().tail()),
                -sigma * garch.shortfall(a975), 0.5);
    }

    /** The day's close arrived: the ACI baselines' tail probabilities take it. */
    void outcome(TailRisk ewma, TailRisk garchRisk, double actual) {
        ewmaTails = ewmaTails.outcome(ewma, actual);
        garchTails = garchTails.outcome(garchRisk, actual);
    }

    /** Log-return quantiles as prices of the close of {@code asOf}, ordered and never above it. */
    private TailRisk tail(int asOf, double r975, double r99, double es, double up) {
        double c = bars.get(asOf).close();
        double var975 = Math.min(c, c * Math.exp(Math.max(-10, r975)));
        double var99 = Math.min(var975, c * Math.exp(Math.max(-10, r99)));
        return new TailRisk(var975, var99, Math.min(var975, c * Math.exp(Math.max(-10, es))), up);
    }
}
