package io.barcast.backtest;

import io.barcast.bar.Bar;
import io.barcast.interval.TailRisk;

import java.util.ArrayList;
import java.util.List;

/**
 * How Barcast's published VaR and ES fared in a backtest against three baselines built in the same run over the same
 * days ({@link RiskBaselines}). A day counts when Barcast published tail figures and the bars before it hold at least
 * {@value IntervalBaselines#MIN_RETURNS} returns; other days are left out for every method.
 *
 * @param days        the days, in order
 * @param summaries   one per {@link RiskMethod}, in its order (none without days)
 * @param garchFits   how many times the GARCH baseline was fitted
 * @param refitEvery  the days between two GARCH fits
 * @param window      the returns each GARCH fit takes (the training window)
 */
public record RiskReport(List<RiskDay> days, List<RiskSummary> summaries, int garchFits, int refitEvery, int window) {

    public RiskReport {
        days = List.copyOf(days);
        summaries = List.copyOf(summaries);
    }

    public static RiskReport empty() {
        return new RiskReport(List.of(), List.of(), 0, 0, 0);
    }

    /** The report of {@code predictions} (in order) made over {@code bars}; GARCH fitted on {@code window} returns every {@code refitEvery}. */
    public static RiskReport of(List<BacktestPrediction> predictions, List<Bar> bars, int window, int refitEvery) {
        return of(predictions, bars, new GarchPath(bars, window, refitEvery), window, refitEvery);
    }

    /** The same with the GARCH baseline's fits shared with the interval report. */
    static RiskReport of(List<BacktestPrediction> predictions, List<Bar> bars, GarchPath path, int window, int refitEvery) {
        IntervalBaselines intervals = new IntervalBaselines(bars);
        RiskBaselines baselines = new RiskBaselines(bars, intervals, path);
        List<RiskDay> days = new ArrayList<>();
        for (BacktestPrediction p : predictions) {
            int asOf = intervals.indexOf(p.asOf());
            if (p.risk() == null || asOf < 0 || !intervals.covers(asOf)) {
                continue;
            }
            TailRisk ewma = baselines.ewma(asOf);
            TailRisk garch = baselines.garch(asOf);
            days.add(new RiskDay(p.asOf(), p.lastClose(), p.actualClose(), List.of(p.risk(), baselines.historical(asOf), ewma, garch)));
            baselines.outcome(ewma, garch, p.actualClose());
        }
        List<RiskSummary> summaries = new ArrayList<>();
        if (!days.isEmpty()) {
            for (RiskMethod m : RiskMethod.values()) {
                summaries.add(RiskSummary.of(m, days));
            }
        }
        return new RiskReport(days, summaries, baselines.fits(), refitEvery, window);
    }

    public boolean isEmpty() {
        return days.isEmpty();
    }

    public RiskSummary summary(RiskMethod method) {
        return summaries.get(method.ordinal());
    }
}
