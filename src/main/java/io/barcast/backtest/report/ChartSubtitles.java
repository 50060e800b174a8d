package io.barcast.backtest.report;

import io.barcast.backtest.BacktestResult;
import io.barcast.backtest.IntervalLevelReport;
import io.barcast.backtest.IntervalMethod;
import io.barcast.evaluation.ForecastMetrics;

import java.util.Locale;
import java.util.stream.Collectors;

/** The lines under the price chart's title: the forecast's metrics, and the intervals' coverage against the baselines. */
final class ChartSubtitles {

    private ChartSubtitles() {
    }

    static String metricsLine(BacktestResult result) {
        ForecastMetrics m = result.metrics();
        if (m == null || m.count() == 0) {
            return "no scored predictions";
        }
        return String.format(Locale.ROOT, "served: Theil's U %s · RMSE %s vs naive %s · hit rate %s · mean skill weight %s"
                        + " · raw model: Theil's U %s · %d predictions",
                number(m.theilU(), "%.3f"), price(m.rmseModel()), price(m.rmseNaive()),
                number(100 * m.hitRate(), "%.1f%%"), number(result.meanWeight(), "%.2f"),
                number(result.modelMetrics().theilU(), "%.3f"), m.count());
    }

    /** Coverage of Barcast's intervals and the baselines' per level, or "" without interval figures. */
    static String intervalsLine(BacktestResult result) {
        if (result.intervals().isEmpty()) {
            return "";
        }
        return result.intervals().levels().stream().filter(l -> !l.days().isEmpty()).map(ChartSubtitles::levelLine)
                .collect(Collectors.joining("  |  ", "interval coverage: ", ""));
    }

    private static String levelLine(IntervalLevelReport l) {
        return String.format(Locale.ROOT, "%s%%: Barcast %s · hist. sim. %s · EWMA + ACI %s · Barcast's score ÷ theirs %s, %s",
                BacktestIntervals.percentLabel(l.level()), number(100 * l.summary(IntervalMethod.BARCAST).coverage(), "%.1f%%"),
                number(100 * l.summary(IntervalMethod.HISTORICAL_SIMULATION).coverage(), "%.1f%%"),
                number(100 * l.summary(IntervalMethod.EWMA_ACI).coverage(), "%.1f%%"),
                number(l.scoreRatio(IntervalMethod.HISTORICAL_SIMULATION), "%.2f"), number(l.scoreRatio(IntervalMethod.EWMA_ACI), "%.2f"));
    }

    private static String price(double value) {
        double abs = Math.abs(value);
        return number(value, abs >= 100 ? "%.1f" : abs >= 1 ? "%.2f" : "%.4f");
    }

    private static String number(double value, String format) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, format, value) : "n/a";
    }
}
