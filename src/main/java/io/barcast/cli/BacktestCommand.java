package io.barcast.cli;

import io.barcast.backtest.BacktestPrediction;
import io.barcast.interval.Interval;
import io.barcast.interval.Levels;
import io.barcast.backtest.BacktestResult;
import io.barcast.backtest.WalkForwardBacktest;
import io.barcast.bar.Bar;
import io.barcast.config.Keys;
import io.barcast.evaluation.ForecastMetrics;
import io.barcast.forecast.ForecastSettings;
import io.barcast.model.ModelConfig;
import io.barcast.model.TrainingReport;
import io.barcast.model.TrainingStatus;
import io.barcast.options.CsvInput;
import io.barcast.options.ModelOptions;
import io.barcast.options.WindowOption;
import io.barcast.service.ServiceConfig;

import com.fasterxml.jackson.databind.ObjectMapper;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/** {@code barcast backtest}: walk-forward evaluation of the forecaster on a CSV of daily bars. */
@Command(name = "backtest", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "Walk-forward backtest: every day after warm-up, predict the next close with a model trained only on bars up to that day."
                + " Reads the service's keys (window.bars, retrain.every.bars, promotion.tolerance, model.*) with the service's"
                + " defaults and checks: --config, then --set, then the flags below.")
final class BacktestCommand implements Callable<Integer> {

    @Mixin
    CsvInput input = new CsvInput("aapl");

    @Mixin
    ModelOptions model;

    @Mixin
    WindowOption window;

    @Option(names = "--retrain-every", paramLabel = "BARS", description = "Retrain after this many new bars; sets retrain.every.bars")
    Integer retrainEvery;

    @Option(names = "--epochs", description = "Maximum epochs per training; sets model.epochs")
    Integer epochs;

    @Option(names = "--bars", description = "Use only the last N bars of the file")
    Integer lastBars;

    @Option(names = "--out", defaultValue = "backtest-out", description = "Output folder for predictions.csv, retrains.csv and backtest.png")
    Path out;

    @Option(names = "--json", description = "Print a one-line JSON summary as the last line of stdout")
    boolean json;

    /** The settings the backtest runs with: built the way the service builds its own. */
    ForecastSettings settings() throws IOException {
        Properties p = window.applyTo(model.properties());
        ModelOptions.set(p, Keys.RETRAIN_EVERY_BARS.name(), retrainEvery);
        ModelOptions.set(p, Keys.MODEL_EPOCHS.name(), epochs);
        return ServiceConfig.of(p).forecast();
    }

    @Override
    public Integer call() throws IOException {
        ForecastSettings settings = settings();
        int windowBars = settings.windowBars();
        ModelConfig cfg = settings.model();
        String sym = input.symbol();
        List<Bar> bars = input.read();
        if (lastBars != null && lastBars < bars.size()) {
            bars = bars.subList(bars.size() - lastBars, bars.size());
        }
        if (bars.size() <= windowBars + 1) {
            throw new IllegalArgumentException(input.csv() + " has " + bars.size() + " bars; a window of " + windowBars
                    + " needs more than " + (windowBars + 1) + " (lower --window)");
        }
        PrintStream err = System.err;
        err.printf(Locale.ROOT, "Backtest %s: %d bars %s..%s, window %d, retrain every %d, %s%n", sym, bars.size(),
                bars.get(0).date(), bars.get(bars.size() - 1).date(), windowBars, settings.retrainEveryBars(), cfg.describe());
        ProgressBar progress = new ProgressBar(err, "backtest " + sym, bars.size(), System.console() != null);
        final List<Bar> all = bars;
        WalkForwardBacktest.Listener listener = new WalkForwardBacktest.Listener() {
            private String last = "";

            @Override
            public void onBar(int index, int total, int predictions, int retrains) {
                progress.update(index + 1, predictions + " predictions, " + retrains + " retrains" + last);
            }

            @Override
            public void onRetrain(TrainingReport r) {
                last = String.format(Locale.ROOT, ", last retrain %s %s", r.windowEnd(), r.status());
            }
        };
        BacktestResult result = new WalkForwardBacktest(settings).run(sym, all, listener);
        progress.finish(String.format(Locale.ROOT, "done in %.1f s", result.wallSeconds()));

        Files.createDirectories(out);
        writePredictions(result, out.resolve("predictions.csv"), settings.intervals().levels().values());
        writeRetrains(result, out.resolve("retrains.csv"));
        BacktestChart.write(result, out.resolve("backtest.png"));
        printSummary(result, System.out);
        System.out.println("Wrote " + out.resolve("predictions.csv") + ", " + out.resolve("retrains.csv") + ", " + out.resolve("backtest.png"));
        if (json) {
            System.out.println(new ObjectMapper().writeValueAsString(summary(result, settings)));
        }
        return 0;
    }

    static Map<String, Object> summary(BacktestResult r, ForecastSettings settings) {
        ModelConfig cfg = settings.model();
        ForecastMetrics m = r.metrics();
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("symbol", r.symbol());
        s.put("bars", r.bars());
        s.put("predictions", r.predictions().size());
        s.put("retrains", r.retrains().size());
        s.put("failedRetrains", r.failedRetrains());
        s.put("retrainStatuses", r.retrains().stream().collect(Collectors.groupingBy(t -> t.status().name(), LinkedHashMap::new, Collectors.counting())));
        s.put("rmseModel", finite(m.rmseModel()));
        s.put("rmseNaive", finite(m.rmseNaive()));
        s.put("theilU", finite(m.theilU()));
        s.put("maeModel", finite(m.maeModel()));
        s.put("maeNaive", finite(m.maeNaive()));
        s.put("mapeModel", finite(m.mapeModel()));
        s.put("mapeNaive", finite(m.mapeNaive()));
        s.put("hitRate", finite(m.hitRate()));
        s.put("meanSkillWeight", finite(r.meanWeight()));
        ForecastMetrics raw = r.modelMetrics();
        Map<String, Object> rawModel = new LinkedHashMap<>();
        rawModel.put("rmse", finite(raw.rmseModel()));
        rawModel.put("mae", finite(raw.maeModel()));
        rawModel.put("mape", finite(raw.mapeModel()));
        rawModel.put("theilU", finite(raw.theilU()));
        rawModel.put("hitRate", finite(raw.hitRate()));
        s.put("rawModel", rawModel);
        s.put("trainSecondsTotal", round(r.trainSecondsTotal()));
        s.put("wallSeconds", round(r.wallSeconds()));
        s.put("window", settings.windowBars());
        s.put("retrainEvery", settings.retrainEveryBars());
        s.put("lookback", cfg.lookback());
        s.put("hiddenSize", cfg.hiddenSize());
        s.put("learningRate", cfg.learningRate());
        s.put("seed", cfg.seed());
        s.put("intervals", BacktestIntervals.json(r.intervals()));
        return s;
    }

    /** A share as a percentage, or "-" when undefined (a forecast that called no direction). */
    private static String percent(double share) {
        return Double.isFinite(share) ? String.format(Locale.ROOT, "%.1f%%", 100 * share) : "-";
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null; // JSON has no NaN
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    static void printSummary(BacktestResult r, PrintStream out) {
        ForecastMetrics m = r.metrics();
        out.println();
        out.printf(Locale.ROOT, "Walk-forward backtest of %s: %d bars, %d predictions, %d retrains (%d failed), %.1f s training%n",
                r.symbol(), r.bars(), r.predictions().size(), r.retrains().size(), r.failedRetrains(), r.trainSecondsTotal());
        Map<TrainingStatus, Long> statuses = r.retrains().stream()
                .collect(Collectors.groupingBy(TrainingReport::status, () -> new java.util.EnumMap<>(TrainingStatus.class), Collectors.counting()));
        out.println("  retrain outcomes: " + statuses);
        r.retrains().stream().filter(t -> t.status() != TrainingStatus.OK).findFirst()
                .ifPresent(t -> out.println("  first failure: " + t.windowEnd() + " " + t.status() + ": " + t.reason()));
        ForecastMetrics raw = r.modelMetrics();
        out.printf(Locale.ROOT, "  %-22s %12s %12s %12s%n", "", "served", "raw model", "naive");
        out.printf(Locale.ROOT, "  %-22s %12.4f %12.4f %12.4f%n", "RMSE", m.rmseModel(), raw.rmseModel(), m.rmseNaive());
        out.printf(Locale.ROOT, "  %-22s %12.4f %12.4f %12.4f%n", "MAE", m.maeModel(), raw.maeModel(), m.maeNaive());
        out.printf(Locale.ROOT, "  %-22s %11.3f%% %11.3f%% %11.3f%%%n", "MAPE", m.mapeModel(), raw.mapeModel(), m.mapeNaive());
        out.printf(Locale.ROOT, "  %-22s %12.4f %12.4f %12s%n", "Theil's U", m.theilU(), raw.theilU(), "1");
        out.printf(Locale.ROOT, "  %-22s %12s %12s %12s%n", "directional hit rate", percent(m.hitRate()), percent(raw.hitRate()), "-");
        out.printf(Locale.ROOT, "  %-22s %12.3f %12s %12s%n", "mean skill weight", r.meanWeight(), "1", "0");
        String verdict = !Double.isFinite(m.theilU()) ? "no predictions were scored"
                : m.theilU() < 1 ? "the served forecast beat the naive forecast (Theil's U < 1)"
                : m.theilU() == 1 ? "the served forecast is the naive forecast (no skill was measured, weight 0)"
                : "the served forecast did NOT beat the naive forecast (Theil's U > 1)";
        out.println("  verdict: " + verdict);
        BacktestIntervals.print(r.intervals(), out);
    }

    /** One row per prediction; per configured level, its bounds (empty where a prediction had none) and whether the close fell inside. */
    private static void writePredictions(BacktestResult r, Path file, double[] levels) throws IOException {
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(file))) {
            StringBuilder header = new StringBuilder("asOf,targetDate,lastClose,predictedClose,actualClose,error,naiveError,"
                    + "modelVersion,trainedThrough,modelPredictedClose,modelError,skillWeight");
            for (double level : levels) {
                String l = Levels.label(level);
                header.append(",lower_").append(l).append(",upper_").append(l).append(",inside_").append(l);
            }
            w.println(header);
            for (BacktestPrediction p : r.predictions()) {
                StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%s,%s,%.6f,%.6f,%.6f,%.6f,%.6f,%d,%s,%.6f,%.6f,%.6f",
                        p.asOf(), p.targetDate(), p.lastClose(), p.predictedClose(), p.actualClose(), p.error(), p.naiveError(),
                        p.modelVersion(), p.trainedThrough(), p.modelPredictedClose(), p.modelError(), p.weight()));
                for (double level : levels) {
                    Interval i = p.intervals().stream().filter(x -> x.level() == level).findFirst().orElse(null);
                    row.append(i == null ? ",,," : String.format(Locale.ROOT, ",%.6f,%.6f,%b", i.lower(), i.upper(), i.contains(p.actualClose())));
                }
                w.println(row);
            }
        }
    }

    private static void writeRetrains(BacktestResult r, Path file) throws IOException {
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(file))) {
            w.println("version,windowEnd,status,epochs,bestEpoch,finalTrainLoss,finalValLoss,valRmseModel,valRmseNaive,durationMs,reason,trainLossPerEpoch,valLossPerEpoch");
            for (TrainingReport t : r.retrains()) {
                w.printf(Locale.ROOT, "%d,%s,%s,%d,%d,%.6f,%.6f,%.6f,%.6f,%d,\"%s\",%s,%s%n", t.version(), t.windowEnd(), t.status(),
                        t.epochs(), t.bestEpoch(), t.finalTrainLoss(), t.finalValLoss(), t.valRmseModel(), t.valRmseNaive(),
                        t.durationMillis(), t.reason() == null ? "" : t.reason().replace('"', '\''),
                        join(t.trainLoss()), join(t.valLoss()));
            }
        }
    }

    private static String join(List<Double> values) {
        return values.stream().map(v -> String.format(Locale.ROOT, "%.5f", v)).collect(Collectors.joining(";"));
    }
}
