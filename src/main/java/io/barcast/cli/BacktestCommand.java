package io.barcast.cli;

import io.barcast.backtest.BacktestSeries;
import io.barcast.backtest.report.BacktestRun;
import io.barcast.feature.FeatureSet;
import io.barcast.forecast.ForecastKeys;
import io.barcast.forecast.ForecastSettings;
import io.barcast.forecast.Trainer;
import io.barcast.model.LstmRoute;
import io.barcast.model.ModelKeys;
import io.barcast.options.CsvInputs;
import io.barcast.options.ModelOptions;
import io.barcast.options.OptionChecks;
import io.barcast.options.WindowOption;
import io.barcast.service.ServiceConfig;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;

/**
 * {@code barcast backtest}: reads the options into the service's settings (as the service reads its own) and the
 * {@code --csv} series, then hands them to a {@link BacktestRun}, which runs, prints and writes.
 */
@Command(name = "backtest", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "Walk-forward backtest: every day after warm-up, predict the next close with a model trained only on bars up to that day."
                + " Reads the service's keys (window.bars, retrain.every.bars, promotion.tolerance, model.*) with the service's"
                + " defaults and checks: --config, then --set, then the flags below.",
        footer = {"",
                "Several series (--csv repeated, comma-separated, or a folder of *.csv files): every input is read and checked"
                        + " before anything trains; the series then run --threads at a time, one per thread, each as it would"
                        + " run alone (its own models; the same figures). stdout has a row per symbol and a total row, and each symbol's files (and its full"
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

    /** Where the summary and the progress go. */
    private final PrintStream stdout = System.out;
    private final PrintStream stderr = System.err;

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
        Map<String, String> given = new HashMap<>(model.given());
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
        LstmRoute lstm = config.trainingLstm().forTraining(settings.model());
        String lstmFallback = config.trainingLstm().fallbackReason(settings.model());
        List<BacktestSeries> series = BacktestSeries.load(inputs(settings.model().features()), lastBars, settings.windowBars());
        BacktestRun.Output output = new BacktestRun.Output(out, json, stdout, stderr, new TerminalProgress(stderr));
        return new BacktestRun(settings, Trainer.lstm(lstm), lstm, lstmFallback, output).run(series, threads);
    }

    /** The {@code --csv} series, each read by its own reader (a Volume column needed when {@code features} read volume). */
    private List<BacktestSeries.Input> inputs(FeatureSet features) throws IOException {
        return input.sources().stream().map(s -> new BacktestSeries.Input(s.csv(), s.symbol(), () -> input.read(s, features)))
                .toList();
    }
}
