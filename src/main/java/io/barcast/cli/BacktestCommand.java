package io.barcast.cli;

import io.barcast.forecast.ForecastKeys;
import io.barcast.model.ModelKeys;
import io.barcast.backtest.BacktestResult;
import io.barcast.backtest.BacktestSeries;
import io.barcast.backtest.JvmWarmUp;
import io.barcast.backtest.MultiBacktest;
import io.barcast.backtest.WalkForwardBacktest;
import io.barcast.backtest.report.BacktestFiles;
import io.barcast.backtest.report.BacktestJson;
import io.barcast.backtest.report.BacktestSummary;
import io.barcast.backtest.report.MultiBacktestReport;
import io.barcast.bar.Bar;
import io.barcast.forecast.ForecastSettings;
import io.barcast.forecast.Trainer;
import io.barcast.model.LstmRoute;
import io.barcast.model.TrainingReport;
import io.barcast.options.CsvInputs;
import io.barcast.options.ModelOptions;
import io.barcast.options.OptionChecks;
import io.barcast.options.WindowOption;
import io.barcast.service.ServiceConfig;

import com.fasterxml.jackson.databind.ObjectMapper;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * {@code barcast backtest}: walk-forward evaluation of the forecaster on one or more CSVs of daily bars. One series
 * prints its summary and writes its files to {@code --out}; several run one per thread ({@link MultiBacktest}), print
 * a row each and a total ({@link MultiBacktestReport}) and write to {@code --out/SYMBOL/}.
 */
@Command(name = "backtest", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "Walk-forward backtest: every day after warm-up, predict the next close with a model trained only on bars up to that day."
                + " Reads the service's keys (window.bars, retrain.every.bars, promotion.tolerance, model.*) with the service's"
                + " defaults and checks: --config, then --set, then the flags below.",
        footer = {"",
                "Several series (--csv repeated, comma-separated, or a folder of *.csv files): every input is read and checked"
                        + " before anything trains; the series then run --threads at a time, one per thread, each as it would"
                        + " run alone (its own models; the same figures, to the last digits of the JIT's floating point). stdout has a row per symbol and a total row, and each symbol's files (and its full"
                        + " summary, summary.txt) go to --out/SYMBOL/. A series that fails is reported in its row; the others"
                        + " finish, and the exit code is 1.",
                "With --json and several series, the last lines of stdout are one JSON object per symbol (the one-series"
                        + " object, with its source; or symbol, source, bars and error) and then the total:"
                        + " {\"total\":true, symbols, failed, failedSymbols, threads, bars, predictions, retrains, failedRetrains"
                        + " (summed over the series that ended well), wallSeconds (the whole run), trainSecondsTotal and"
                        + " seriesWallSecondsTotal (summed), meanTheilU, medianTheilU and rawModelMeanTheilU (over the symbols,"
                        + " each counting once: RMSEs of different price levels do not pool), symbolsBeatingNaive (U < 1),"
                        + " hitRate, mapeModel and mapeNaive (pooled over all predictions: they have no unit), theilUBySymbol,"
                        + " jvmWarmUpSeconds}.",
                "Before the walk-forward, one retrain from scratch (at most 20 epochs) and two warm-started on the first"
                        + " series' first window (models thrown away) take the process's one-off start-up (ND4J's native libraries, the JIT):"
                        + " its seconds are printed and given as jvmWarmUpSeconds, not counted in trainSecondsTotal."})
final class BacktestCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    CsvInputs input = new CsvInputs("aapl");

    @Mixin
    ModelOptions model;

    @Mixin
    WindowOption window;

    @Option(names = "--retrain-every", paramLabel = "BARS", description = "Retrain after this many new bars; sets retrain.every.bars")
    Integer retrainEvery;

    @Option(names = "--epochs", description = "Maximum epochs per training; sets model.epochs")
    Integer epochs;

    @Option(names = "--warm-start", negatable = true, description = "Start retrains from the serving model's weights"
            + " (--no-warm-start: every retrain from scratch); sets model.warm.start")
    Boolean warmStart;

    @Option(names = "--bars", description = "Use only the last N bars of each file")
    Integer lastBars;

    @Option(names = "--out", defaultValue = "backtest-out",
            description = "Output folder for predictions.csv, retrains.csv and backtest.png (several series: a folder per symbol in it)")
    Path out;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "1",
            description = "Series run at once, one per thread (set OMP_NUM_THREADS=1; each running series holds its own models in memory)")
    int threads;

    @Option(names = "--json", description = "Print a one-line JSON summary as the last line of stdout (several series: a line per symbol, then the total)")
    boolean json;

    /** Seconds of {@link #warmUp}, set when the command runs. */
    private double warmUpSeconds;

    /** The trainer of {@code training.lstm} and the route it trains with, set when the command runs. */
    private Trainer trainer;
    private LstmRoute lstm;
    private String lstmFallback = "";

    /** Where the summary and the progress go; tests replace them. */
    PrintStream stdout = System.out;
    PrintStream stderr = System.err;

    /** The settings the backtest runs with: built the way the service builds its own. */
    ForecastSettings settings() throws IOException {
        return serviceConfig().forecast();
    }

    /** The configuration the options and {@code --config} give, checked as the service checks its own. */
    private ServiceConfig serviceConfig() throws IOException {
        Properties p = window.applyTo(model.properties());
        ModelOptions.set(p, ForecastKeys.RETRAIN_EVERY_BARS.name(), retrainEvery);
        ModelOptions.set(p, ModelKeys.EPOCHS.name(), epochs);
        ModelOptions.set(p, ForecastKeys.WARM_START.name(), warmStart);
        Map<String, String> given = new java.util.HashMap<>(model.given());
        given.putAll(window.given());
        if (retrainEvery != null) {
            given.put(ForecastKeys.RETRAIN_EVERY_BARS.name(), "--retrain-every");
        }
        if (epochs != null) {
            given.put(ModelKeys.EPOCHS.name(), "--epochs");
        }
        try {
            return OptionChecks.reading(given, () -> {
                ServiceConfig c = ServiceConfig.of(p);
                c.forecast();
                return c;
            });
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        OptionChecks.atLeast("--threads", threads, 1);
        OptionChecks.atLeast("--bars", lastBars, 1);
        ServiceConfig config = serviceConfig();
        ForecastSettings settings = config.forecast();
        lstm = config.trainingLstm().forTraining(settings.model());
        lstmFallback = config.trainingLstm().fallbackReason(settings.model());
        trainer = Trainer.lstm(lstm);
        List<BacktestSeries.Input> inputs = input.sources().stream()
                .map(s -> new BacktestSeries.Input(s.csv(), s.symbol(), s::read)).toList();
        List<BacktestSeries> series = BacktestSeries.load(inputs, lastBars, settings.windowBars());
        warmUpSeconds = JvmWarmUp.run(series.get(0).bars(), settings, trainer);
        stderr.printf(Locale.ROOT, "JVM warm-up (ND4J's native libraries, the JIT; not counted as training): %.1f s%n", warmUpSeconds);
        return series.size() == 1 ? single(series.get(0), settings) : several(series, settings);
    }

    /** One series: its summary on stdout, its files in {@code --out}. */
    private int single(BacktestSeries series, ForecastSettings settings) throws IOException {
        String sym = series.symbol();
        List<Bar> bars = series.bars();
        stderr.printf(Locale.ROOT, "Backtest %s: %d bars %s..%s, window %d, retrain every %d%s, %s%n", sym, bars.size(),
                bars.get(0).date(), bars.get(bars.size() - 1).date(), settings.windowBars(), settings.retrainEveryBars(),
                warmDescription(settings), describe(settings));
        ProgressBar progress = new ProgressBar(stderr, "backtest " + sym, bars.size(), System.console() != null);
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
        BacktestResult result = new WalkForwardBacktest(settings, trainer).run(sym, bars, listener);
        progress.finish(String.format(Locale.ROOT, "done in %.1f s", result.wallSeconds()));

        List<Path> files = BacktestFiles.write(result, out, settings.intervals().levels().values());
        BacktestSummary.print(result, stdout);
        stdout.println("Wrote " + files.stream().map(Path::toString).collect(Collectors.joining(", ")));
        if (json) {
            Map<String, Object> summary = BacktestJson.summary(result, settings);
            summary.put("jvmWarmUpSeconds", Math.round(warmUpSeconds * 1000) / 1000.0);
            stdout.println(new ObjectMapper().writeValueAsString(summary));
        }
        return 0;
    }

    /** Several series, {@code --threads} at a time: a row each and a total on stdout, files in {@code --out/SYMBOL/}. */
    private int several(List<BacktestSeries> series, ForecastSettings settings) throws IOException, InterruptedException {
        int pool = Math.min(threads, series.size());
        stderr.printf(Locale.ROOT, "Backtest %d series on %d thread(s): window %d, retrain every %d%s, %s%n", series.size(), pool,
                settings.windowBars(), settings.retrainEveryBars(), warmDescription(settings), describe(settings));
        for (BacktestSeries s : series) {
            stderr.printf(Locale.ROOT, "  %s: %d bars %s..%s from %s%n", s.symbol(), s.bars().size(), s.bars().get(0).date(),
                    s.bars().get(s.bars().size() - 1).date(), s.source());
        }
        // The bars before the first training pass in no time: the progress counts from there on
        int warmUp = settings.windowBars() - 1;
        stderr.printf(Locale.ROOT, "Progress counts the bars from each series' first training on (the first %d pass in no time)%n", warmUp);
        MultiProgress progress = new MultiProgress(stderr, series, warmUp, System.console() != null);
        double[] levels = settings.intervals().levels().values();
        long start = System.nanoTime();
        List<MultiBacktest.Outcome> outcomes = MultiBacktest.run(series, pool, (s, listener) -> {
            BacktestResult r = new WalkForwardBacktest(settings, trainer).run(s.symbol(), s.bars(), listener);
            Path dir = out.resolve(s.symbol());
            BacktestFiles.write(r, dir, levels);
            BacktestFiles.writeSummary(r, dir);
            return r;
        }, progress);
        double wall = (System.nanoTime() - start) / 1e9;
        List<String> failed = outcomes.stream().filter(MultiBacktest.Outcome::failed).map(o -> o.series().symbol()).toList();
        progress.finish(String.format(Locale.ROOT, "%d series done in %.1f s%s", series.size(), wall,
                failed.isEmpty() ? "" : ", " + failed.size() + " FAILED"));

        MultiBacktestReport.printTable(outcomes, wall, pool, stdout);
        stdout.println("Wrote predictions.csv, retrains.csv, backtest.png and summary.txt to " + outcomes.stream()
                .filter(o -> !o.failed()).map(o -> out.resolve(o.series().symbol()).toString()).collect(Collectors.joining(", ")));
        if (json) {
            ObjectMapper mapper = new ObjectMapper();
            for (MultiBacktest.Outcome o : outcomes) {
                stdout.println(mapper.writeValueAsString(MultiBacktestReport.json(o, settings)));
            }
            Map<String, Object> total = MultiBacktestReport.totalJson(outcomes, wall, pool);
            total.put("jvmWarmUpSeconds", Math.round(warmUpSeconds * 1000) / 1000.0);
            stdout.println(mapper.writeValueAsString(total));
        }
        if (!failed.isEmpty()) {
            stderr.println("barcast: " + failed.size() + " of " + series.size() + " series failed: " + outcomes.stream()
                    .filter(MultiBacktest.Outcome::failed).map(o -> o.series().symbol() + " (" + o.error() + ")")
                    .collect(Collectors.joining("; ")));
            return 1;
        }
        return 0;
    }

    private String describe(ForecastSettings settings) {
        return settings.model().describe() + ", LSTM passes " + lstm.name().toLowerCase(Locale.ROOT)
                + (lstmFallback.isEmpty() ? "" : " (" + lstmFallback + ")");
    }

    /** ", warm starts (<= N epochs, every Mth from scratch)" when warm starts are on, else nothing. */
    private static String warmDescription(ForecastSettings settings) {
        return settings.warmStart().enabled() ? String.format(Locale.ROOT, " (warm-started, <= %d epochs; one in %d from scratch)",
                settings.warmStart().epochs(), settings.warmStart().coldEvery()) : "";
    }
}
