package io.barcast.backtest.report;

import io.barcast.backtest.BacktestResult;
import io.barcast.evaluation.ForecastMetrics;
import io.barcast.model.TrainingReport;
import io.barcast.model.TrainingStatus;

import java.io.PrintStream;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The text summary of one series' backtest: counts, the served, raw and naive forecasts' errors, a verdict, the intervals. */
final class BacktestSummary {

    private BacktestSummary() {
    }

    /** Prints the summary, a blank line first (stdout of a one-series run, and summary.txt). */
    static void print(BacktestResult r, PrintStream out) {
        out.println();
        out.printf(Locale.ROOT, "Walk-forward backtest of %s: %d bars, %d predictions, %d retrains (%d not OK%s), %.1f s training%n",
                r.symbol(), r.bars(), r.predictions().size(), r.retrains().size(), r.failedRetrains(),
                r.warmRetrains() > 0 ? ", " + r.warmRetrains() + " warm-started" : "", r.trainSecondsTotal());
        Map<TrainingStatus, Long> statuses = r.retrains().stream()
                .collect(Collectors.groupingBy(TrainingReport::status, () -> new EnumMap<>(TrainingStatus.class), Collectors.counting()));
        out.println("  retrain outcomes: " + statuses);
        r.retrains().stream().filter(t -> t.status() != TrainingStatus.OK).findFirst()
                .ifPresent(t -> out.println("  first not OK: " + t.windowEnd() + " " + t.status() + ": " + t.reason()));
        printErrors(r, out);
        out.println("  verdict: " + verdict(r.metrics()));
        BacktestQuality.print(r, out);
        BacktestBlend.print(r.blend(), out);
        BacktestIntervals.print(r.intervals(), out);
        BacktestRisk.print(r.risk(), out);
    }

    /** The table: served, raw model and naive forecast side by side. */
    private static void printErrors(BacktestResult r, PrintStream out) {
        ForecastMetrics m = r.metrics();
        ForecastMetrics raw = r.modelMetrics();
        out.printf(Locale.ROOT, "  %-22s %12s %12s %12s%n", "", "served", "raw model", "naive");
        out.printf(Locale.ROOT, "  %-22s %12.4f %12.4f %12.4f%n", "RMSE", m.rmseModel(), raw.rmseModel(), m.rmseNaive());
        out.printf(Locale.ROOT, "  %-22s %12.4f %12.4f %12.4f%n", "MAE", m.maeModel(), raw.maeModel(), m.maeNaive());
        out.printf(Locale.ROOT, "  %-22s %11.3f%% %11.3f%% %11.3f%%%n", "MAPE", m.mapeModel(), raw.mapeModel(), m.mapeNaive());
        out.printf(Locale.ROOT, "  %-22s %12.4f %12.4f %12s%n", "Theil's U", m.theilU(), raw.theilU(), "1");
        out.printf(Locale.ROOT, "  %-22s %12s %12s %12s%n", "directional hit rate", percent(m.hitRate()), percent(raw.hitRate()), "-");
        out.printf(Locale.ROOT, "  %-22s %12d %12d %12s%n", "  over (days)", m.directionalDays(), raw.directionalDays(), "-");
        out.printf(Locale.ROOT, "  %-22s %12.3f %12s %12s%n", "mean skill weight", r.meanWeight(), "1", "0");
    }

    /** The verdict on Theil's U as the table prints it (four decimals), so that it never contradicts the figure. */
    static String verdict(ForecastMetrics m) {
        double u = m.theilU();
        if (!Double.isFinite(u)) {
            return "no predictions were scored";
        }
        String figure = String.format(Locale.ROOT, "%.4f", u);
        double shown = Double.parseDouble(figure);
        return u == 1 ? "the served forecast is the naive forecast (no skill was measured, weight 0)"
                : shown < 1 ? "the served forecast beat the naive forecast (Theil's U " + figure + " < 1)"
                : shown == 1 ? "the served forecast matched the naive forecast (Theil's U " + figure + " at four decimals)"
                : "the served forecast did NOT beat the naive forecast (Theil's U " + figure + " > 1)";
    }

    /** Theil's U rounded as the summaries print it (four decimals). */
    static double asPrinted(double theilU) {
        return Double.parseDouble(String.format(Locale.ROOT, "%.4f", theilU));
    }

    /** A share as a percentage, or "-" when undefined (a forecast that called no direction). */
    private static String percent(double share) {
        return Double.isFinite(share) ? String.format(Locale.ROOT, "%.1f%%", 100 * share) : "-";
    }
}
