package io.barcast.backtest.report;

import io.barcast.backtest.BacktestResult;
import io.barcast.backtest.MultiBacktest;
import io.barcast.evaluation.ForecastMetrics;
import io.barcast.forecast.ForecastSettings;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static io.barcast.backtest.report.JsonNumbers.finite;
import static io.barcast.backtest.report.JsonNumbers.round;

/**
 * The summary of a backtest over several series: a table with a row per symbol and a total row, and the JSON
 * objects of {@code --json} (one per symbol, then the total).
 *
 * <p>The total pools only what pools soundly across series of different price levels. Theil's U (served and raw)
 * is the mean of the symbols' own U, each symbol counting once (an RMSE in SPX points and one in AAPL dollars do not
 * add up); the directional hit rate and MAPE, which have no unit, are pooled over all predictions; counts and
 * training seconds are summed; the wall time is the whole run's. Failed series count in {@code symbols} and
 * {@code failed} only.
 */
final class MultiBacktestReport {

    static final String TOTAL_NOTE = "total: Theil's U and raw U are means over the symbols (each counts once); hit rate and MAPE"
            + " are pooled over all predictions; train s is summed; wall s is the whole run's";

    private MultiBacktestReport() {
    }

    /** The table: a row per series (in the order given), then the total. */
    static void printTable(List<MultiBacktest.Outcome> outcomes, double wallSeconds, int threads, PrintStream out) {
        int w = Math.max(6, outcomes.stream().mapToInt(o -> o.series().symbol().length()).max().orElse(0));
        String header = "  %-" + w + "s %7s %11s %9s %7s %10s %8s %9s %9s %9s %8s%n";
        String row = "  %-" + w + "s %7d %11d %9d %7d %10s %8s %9s %9s %9.1f %8.1f%n";
        out.println();
        out.printf(Locale.ROOT, "Walk-forward backtest of %d series on %d thread(s)%n", outcomes.size(), threads);
        out.printf(Locale.ROOT, header, "symbol", "bars", "predictions", "retrains", "not OK", "Theil's U", "raw U", "hit rate",
                "MAPE", "train s", "wall s");
        for (MultiBacktest.Outcome o : outcomes) {
            BacktestResult r = o.result();
            if (o.failed()) {
                out.printf(Locale.ROOT, "  %-" + w + "s %7d  FAILED: %s%n", o.series().symbol(), o.series().bars().size(), o.error());
                continue;
            }
            out.printf(Locale.ROOT, row, r.symbol(), r.bars(), r.predictions().size(), r.retrains().size(), r.failedRetrains(),
                    number(r.metrics().theilU()), number(r.modelMetrics().theilU()), percent(r.metrics().hitRate()),
                    mape(r.metrics().mapeModel()), r.trainSecondsTotal(), r.wallSeconds());
        }
        Totals t = Totals.of(outcomes);
        out.printf(Locale.ROOT, row, "total", t.bars, t.predictions, t.retrains, t.failedRetrains, number(t.meanTheilU()),
                number(t.meanRawTheilU()), percent(t.pooled.hitRate()), mape(t.pooled.mapeModel()), t.trainSeconds, wallSeconds);
        out.println("  " + TOTAL_NOTE);
        out.println("  not OK: retrains whose status is not OK (refused by the promotion gate, or failed)");
        out.printf(Locale.ROOT, "  %d of %d symbols beat the naive forecast (served Theil's U below 1 at four decimals)%s%n", t.beatingNaive(),
                outcomes.size(), t.failed == 0 ? "" : String.format(Locale.ROOT, "; %d FAILED", t.failed));
    }

    /** The JSON object of one series: the single-series summary with its {@code source}, or its error. */
    static Map<String, Object> json(MultiBacktest.Outcome o, ForecastSettings settings) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("symbol", o.series().symbol());
        s.put("source", o.series().source());
        if (o.failed()) {
            s.put("bars", o.series().bars().size());
            s.put("error", o.error());
            return s;
        }
        s.putAll(BacktestJson.summary(o.result(), settings));
        return s;
    }

    /** The total's JSON object, {@code "total": true} first. */
    static Map<String, Object> totalJson(List<MultiBacktest.Outcome> outcomes, double wallSeconds, int threads) {
        Totals t = Totals.of(outcomes);
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("total", true);
        s.put("symbols", outcomes.size());
        s.put("failed", t.failed);
        s.put("failedSymbols", outcomes.stream().filter(MultiBacktest.Outcome::failed).map(o -> o.series().symbol()).toList());
        s.put("threads", threads);
        s.put("bars", t.bars);
        s.put("predictions", t.predictions);
        s.put("retrains", t.retrains);
        s.put("failedRetrains", t.failedRetrains);
        s.put("wallSeconds", round(wallSeconds));
        s.put("trainSecondsTotal", round(t.trainSeconds));
        s.put("seriesWallSecondsTotal", round(t.seriesWallSeconds));
        s.put("meanTheilU", finite(t.meanTheilU()));
        s.put("medianTheilU", finite(t.medianTheilU()));
        s.put("rawModelMeanTheilU", finite(t.meanRawTheilU()));
        s.put("symbolsBeatingNaive", t.beatingNaive());
        s.put("hitRate", finite(t.pooled.hitRate()));
        s.put("mapeModel", finite(t.pooled.mapeModel()));
        s.put("mapeNaive", finite(t.pooled.mapeNaive()));
        Map<String, Object> bySymbol = new LinkedHashMap<>();
        outcomes.stream().filter(o -> !o.failed()).forEach(o -> bySymbol.put(o.series().symbol(), finite(o.result().metrics().theilU())));
        s.put("theilUBySymbol", bySymbol);
        return s;
    }

    /** Sums and pooled figures over the series that ended well. */
    private record Totals(int failed, long bars, long predictions, long retrains, long failedRetrains, double trainSeconds,
                          double seriesWallSeconds, List<Double> theilU, List<Double> rawTheilU, ForecastMetrics pooled) {

        static Totals of(List<MultiBacktest.Outcome> outcomes) {
            int failed = 0;
            long bars = 0;
            long predictions = 0;
            long retrains = 0;
            long failedRetrains = 0;
            double train = 0;
            double wall = 0;
            List<Double> u = new ArrayList<>();
            List<Double> raw = new ArrayList<>();
            double[] state = new ForecastMetrics().state();
            for (MultiBacktest.Outcome o : outcomes) {
                if (o.failed()) {
                    failed++;
                    continue;
                }
                BacktestResult r = o.result();
                bars += r.bars();
                predictions += r.predictions().size();
                retrains += r.retrains().size();
                failedRetrains += r.failedRetrains();
                train += r.trainSecondsTotal();
                wall += r.wallSeconds();
                addIfFinite(u, r.metrics().theilU());
                addIfFinite(raw, r.modelMetrics().theilU());
                double[] s = r.metrics().state();
                for (int i = 0; i < state.length; i++) {
                    state[i] += s[i];
                }
            }
            return new Totals(failed, bars, predictions, retrains, failedRetrains, train, wall, u, raw, ForecastMetrics.fromState(state));
        }

        double meanTheilU() {
            return mean(theilU);
        }

        double meanRawTheilU() {
            return mean(rawTheilU);
        }

        double medianTheilU() {
            List<Double> sorted = theilU.stream().sorted().toList();
            int n = sorted.size();
            return n == 0 ? Double.NaN : n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        }

        long beatingNaive() {
            return theilU.stream().filter(x -> BacktestSummary.asPrinted(x) < 1).count(); // as the table rounds it
        }

        private static double mean(List<Double> values) {
            return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        }

        private static void addIfFinite(List<Double> values, double v) {
            if (Double.isFinite(v)) {
                values.add(v);
            }
        }
    }

    private static String number(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.4f", v) : "-";
    }

    private static String percent(double share) {
        return Double.isFinite(share) ? String.format(Locale.ROOT, "%.1f%%", 100 * share) : "-";
    }

    private static String mape(double pct) {
        return Double.isFinite(pct) ? String.format(Locale.ROOT, "%.3f%%", pct) : "-";
    }
}
