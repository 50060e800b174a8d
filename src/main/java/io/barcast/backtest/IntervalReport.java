package io.barcast.backtest;

import io.barcast.bar.Bar;
import io.barcast.forecast.ForecastKeys;
import io.barcast.interval.AdaptiveLevel;
import io.barcast.interval.Interval;
import io.barcast.interval.IntervalSettings;

import java.util.ArrayList;
import java.util.List;

/**
 * How Barcast's prediction intervals fared in a backtest against three baselines built in the same run over the same
 * days ({@link IntervalBaselines}): per level, coverage (also over the calm and the turbulent half of the days), mean
 * width and mean interval score. A day counts at a level when Barcast published an interval at that level and the
 * bars before it hold at least {@value IntervalBaselines#MIN_RETURNS} returns; other days are left out for every
 * method. The EWMA baseline's coverage target is moved by adaptive conformal inference ({@link AdaptiveLevel}, step
 * {@code aciStep}), started at the level's first day and updated after each of its days.
 *
 * @param aciStep the ACI step the EWMA baseline ran with
 * @param levels  one per configured level, ascending
 */
public record IntervalReport(double aciStep, List<IntervalLevelReport> levels) {


    public IntervalReport {
        levels = List.copyOf(levels);
    }

    /** No interval figures (a result built without its bars). */
    public static IntervalReport empty() {
        return new IntervalReport(0, List.of());
    }

    /** The report of {@code predictions} (in order) made over {@code bars}, at the configured levels. */
    public static IntervalReport of(List<BacktestPrediction> predictions, List<Bar> bars, IntervalSettings settings) {
        // the GARCH baseline fitted as the default forecaster retrains: on its window, at its retrain period
        return of(predictions, bars, settings, new GarchPath(bars, ForecastKeys.WINDOW_BARS.defaultValue(),
                ForecastKeys.RETRAIN_EVERY_BARS.defaultValue()));
    }

    /** The same with the GARCH baseline's fits ({@code garch}) shared with the risk report. */
    static IntervalReport of(List<BacktestPrediction> predictions, List<Bar> bars, IntervalSettings settings, GarchPath garch) {
        IntervalBaselines baselines = new IntervalBaselines(bars);
        List<IntervalLevelReport> levels = new ArrayList<>();
        for (double level : settings.levels().values()) {
            levels.add(IntervalLevelReport.of(level, days(predictions, baselines, garch, level, settings.aciStep())));
        }
        return new IntervalReport(settings.aciStep(), levels);
    }

    public boolean isEmpty() {
        return levels.stream().allMatch(l -> l.days().isEmpty());
    }

    /** The days of one level, the EWMA and GARCH baselines' coverage targets adapted after each. */
    static List<IntervalDay> days(List<BacktestPrediction> predictions, IntervalBaselines baselines, GarchPath garch,
                                  double level, double aciStep) {
        List<IntervalDay> days = new ArrayList<>();
        AdaptiveLevel aci = AdaptiveLevel.of(level);
        AdaptiveLevel garchAci = AdaptiveLevel.of(level);
        for (BacktestPrediction p : predictions) {
            Interval barcast = find(p.intervals(), level);
            int asOf = baselines.indexOf(p.asOf());
            if (barcast == null || asOf < 0 || !baselines.covers(asOf)) {
                continue;
            }
            Interval ewma = baselines.ewma(asOf, level, aci.target(1));
            Interval garchT = garchInterval(garch.at(asOf), baselines.lastClose(asOf), level, garchAci.target(1));
            days.add(new IntervalDay(p.asOf(), p.targetDate(), p.lastClose(), p.actualClose(), baselines.realisedVolatility(asOf),
                    barcast, baselines.historical(asOf, level), ewma, garchT));
            aci = aci.next(ewma.contains(p.actualClose()), aciStep);
            garchAci = garchAci.next(garchT.contains(p.actualClose()), aciStep);
        }
        return days;
    }

    /**
     * The GARCH(1,1)-t interval labelled {@code level} built for coverage {@code target}: {@code c·exp(± q·σ)} with
     * {@code q} the unit-variance Student-t {@code (1 + target)/2} quantile of the day's fit (target capped like the EWMA's).
     */
    static Interval garchInterval(GarchPath.Day day, double lastClose, double level, double target) {
        double t = Math.min(IntervalBaselines.MAX_TARGET, target);
        double half = t <= 0 ? 0 : Math.min(10, -day.model().quantile((1 - t) / 2) * day.sigma());
        return new Interval(level, lastClose * Math.exp(-half), lastClose * Math.exp(half));
    }

    private static Interval find(List<Interval> intervals, double level) {
        for (Interval i : intervals) {
            if (i.level() == level) {
                return i;
            }
        }
        return null;
    }
}
