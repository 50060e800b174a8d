package io.barcast.backtest.report;

import io.barcast.backtest.BacktestResult;
import io.barcast.backtest.BacktestSeries;
import io.barcast.backtest.JvmWarmUp;
import io.barcast.backtest.WalkForwardBacktest;
import io.barcast.forecast.ForecastSettings;
import io.barcast.forecast.Trainer;
import io.barcast.model.LstmRoute;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A backtest as {@code barcast backtest} runs it, its settings read: the JVM warm-up, then one series (its summary on
 * stdout, its files in {@code out}) or several, {@code threads} at a time (a row each and a total, files in out/SYMBOL/).
 */
public final class BacktestRun {

    /** Where the run writes: its folder, whether stdout ends in JSON, the two streams and the progress display. */
    public record Output(Path dir, boolean json, PrintStream stdout, PrintStream stderr, ProgressDisplay progress) {
    }

    private final ForecastSettings settings;
    private final Trainer trainer;
    private final LstmRoute lstm;
    private final String lstmFallback;
    private final Output output;

    /** @param lstmFallback why training falls back from the configured LSTM route, or "" */
    public BacktestRun(ForecastSettings settings, Trainer trainer, LstmRoute lstm, String lstmFallback, Output output) {
        this.settings = settings;
        this.trainer = trainer;
        this.lstm = lstm;
        this.lstmFallback = lstmFallback;
        this.output = output;
    }

    /** Runs {@code series} (checked and loaded, at least one); returns the exit code: 1 when a series failed. */
    public int run(List<BacktestSeries> series, int threads) throws IOException, InterruptedException {
        double warmUpSeconds = JvmWarmUp.run(series.get(0).bars(), settings, trainer);
        output.stderr().printf(Locale.ROOT, "JVM warm-up (ND4J's native libraries, the JIT; not counted as training): %.1f s%n",
                warmUpSeconds);
        return series.size() == 1 ? new OneSeriesRun(this, warmUpSeconds).run(series.get(0))
                : new SeveralSeriesRun(this, warmUpSeconds).run(series, threads);
    }

    ForecastSettings settings() {
        return settings;
    }

    Output output() {
        return output;
    }

    /** The walk-forward over one series. */
    BacktestResult walkForward(BacktestSeries series, WalkForwardBacktest.Listener listener) {
        return new WalkForwardBacktest(settings, trainer).run(series.symbol(), series.bars(), listener);
    }

    /** The settings' part of the header on stderr: "window 500, retrain every 20 (warm-started, ...), LSTM 1x32, ...". */
    String describeSettings() {
        return String.format(Locale.ROOT, "window %d, retrain every %d%s, %s", settings.windowBars(), settings.retrainEveryBars(),
                warmDescription(), settings.model().describe() + ", LSTM passes " + lstm.name().toLowerCase(Locale.ROOT)
                        + (lstmFallback.isEmpty() ? "" : " (" + lstmFallback + ")"));
    }

    /** {@code fields} as one JSON line on stdout. */
    void printJson(Map<String, Object> fields) throws JsonProcessingException {
        output.stdout().println(new ObjectMapper().writeValueAsString(fields));
    }

    /** " (warm-started, <= N epochs; one in M from scratch)" when warm starts are on, else nothing. */
    private String warmDescription() {
        return settings.warmStart().enabled() ? String.format(Locale.ROOT, " (warm-started, <= %d epochs; one in %d from scratch)",
                settings.warmStart().epochs(), settings.warmStart().coldEvery()) : "";
    }
}
