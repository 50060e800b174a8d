package io.barcast.backtest.report;

import io.barcast.backtest.IntervalBaselines;
import io.barcast.backtest.IntervalLevelReport;
import io.barcast.backtest.IntervalMethod;
import io.barcast.backtest.IntervalReport;
import io.barcast.backtest.IntervalSummary;
import io.barcast.interval.Levels;
import io.barcast.interval.Volatility;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static io.barcast.backtest.report.JsonNumbers.finite;

/**
 * The backtest's interval figures as a table and as the {@code intervals} section of its JSON summary. Coverage is a
 * share of the days (printed as a percentage); width and interval score are in percent of the last close.
 */
final class BacktestIntervals {

    private BacktestIntervals() {
    }

    /** One table per level: a row per method. */
    static void print(IntervalReport report, PrintStream out) {
        if (report.isEmpty()) {
            out.println("  prediction intervals: none were published");
            return;
        }
        out.println("  prediction intervals, against three baselines on the same days:");
        out.println("    width, score: means, in % of the last close (interval score of Gneiting and Raftery: lower is better)");
        out.println("    score ratio: Barcast's mean score / the method's (below 1: Barcast's intervals scored better)");
        out.printf(Locale.ROOT, "    calm / turbulent: days whose %d-day realised volatility at asOf is at or below / above its median%n",
                IntervalBaselines.REALISED_WINDOW);
        for (IntervalLevelReport level : report.levels()) {
            out.printf(Locale.ROOT, "  %-28s %9s %9s %10s %11s %11s %12s%n",
                    String.format(Locale.ROOT, "%s%% level, %d days", percentLabel(level.level()), level.days().size()),
                    "coverage", "calm", "turbulent", "mean width", "mean score", "score ratio");
            for (IntervalMethod m : IntervalMethod.values()) {
                IntervalSummary s = level.summary(m);
                String name = m == IntervalMethod.EWMA_ACI ? m.label() + String.format(Locale.ROOT, " (step %s)", trim(report.aciStep())) : m.label();
                out.printf(Locale.ROOT, "    %-26s %9s %9s %10s %11s %11s %12s%n", name, percent(s.coverage(), 1),
                        percent(s.coverageCalm(), 1), percent(s.coverageTurbulent(), 1), percent(s.meanRelativeWidth(), 3),
                        percent(s.meanRelativeScore(), 3), m == IntervalMethod.BARCAST ? "-" : number(level.scoreRatio(m)));
            }
            out.printf(Locale.ROOT, "    (%d calm days, %d turbulent; median realised volatility %s)%n", level.calmDays(),
                    level.turbulentDays(), percent(level.medianRealisedVolatility(), 3));
        }
    }

    /** The {@code intervals} section of the JSON summary. */
    static Map<String, Object> json(IntervalReport report) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("histSimReturns", IntervalBaselines.HISTORY);
        s.put("ewmaLambda", Volatility.RISKMETRICS_LAMBDA);
        s.put("aciStep", report.aciStep());
        s.put("realisedVolWindow", IntervalBaselines.REALISED_WINDOW);
        List<Map<String, Object>> levels = new ArrayList<>();
        for (IntervalLevelReport level : report.levels()) {
            Map<String, Object> l = new LinkedHashMap<>();
            l.put("level", level.level());
            l.put("days", level.days().size());
            l.put("calmDays", level.calmDays());
            l.put("turbulentDays", level.turbulentDays());
            l.put("medianRealisedVol", finite(level.medianRealisedVolatility()));
            Map<String, Object> methods = new LinkedHashMap<>();
            for (IntervalMethod m : IntervalMethod.values()) {
                IntervalSummary sm = level.summary(m);
                Map<String, Object> f = new LinkedHashMap<>();
                f.put("coverage", finite(sm.coverage()));
                f.put("coverageCalm", finite(sm.coverageCalm()));
                f.put("coverageTurbulent", finite(sm.coverageTurbulent()));
                f.put("meanWidthPct", finite(100 * sm.meanRelativeWidth()));
                f.put("meanScorePct", finite(100 * sm.meanRelativeScore()));
                if (m != IntervalMethod.BARCAST) {
                    f.put("barcastScoreRatio", finite(level.scoreRatio(m)));
                }
                methods.put(m.key(), f);
            }
            l.put("methods", methods);
            levels.add(l);
        }
        s.put("levels", levels);
        return s;
    }

    /** {@code 0.8} as {@code 80}, {@code 0.95} as {@code 95}, {@code 0.975} as {@code 97.5}. */
    static String percentLabel(double level) {
        return trim(100 * level);
    }

    private static String trim(double v) {
        return Levels.label(v).replaceAll("\\.0$", "");
    }

    private static String percent(double share, int decimals) {
        return Double.isFinite(share) ? String.format(Locale.ROOT, "%." + decimals + "f%%", 100 * share) : "-";
    }

    private static String number(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.3f", v) : "-";
    }
}
