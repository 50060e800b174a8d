package io.barcast.backtest.report;

import io.barcast.backtest.BacktestResult;
import io.barcast.backtest.BacktestSeries;
import io.barcast.backtest.WalkForwardBacktest;
import io.barcast.bar.Bar;
import io.barcast.model.TrainingReport;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** One series: a bar of progress on stderr, its summary on stdout, its files in the output folder. */
final class OneSeriesRun {

    private final BacktestRun run;
    private final double warmUpSeconds;

    OneSeriesRun(BacktestRun run, double warmUpSeconds) {
        this.run = run;
        this.warmUpSeconds = warmUpSeconds;
    }

    int run(BacktestSeries series) throws IOException {
        List<Bar> bars = series.bars();
        BacktestRun.Output output = run.output();
        output.stderr().printf(Locale.ROOT, "Backtest %s: %d bars %s..%s, %s%n", series.symbol(), bars.size(),
                bars.get(0).date(), bars.get(bars.size() - 1).date(), run.describeSettings());
        BacktestResult result = walkForward(series);

        List<Path> files = BacktestFiles.write(result, output.dir(), run.settings().intervals().levels().values());
        PrintStream stdout = output.stdout();
        BacktestSummary.print(result, stdout);
        stdout.println("Wrote " + files.stream().map(Path::toString).collect(Collectors.joining(", ")));
        if (output.json()) {
            Map<String, Object> summary = BacktestJson.summary(result, run.settings());
            summary.put("jvmWarmUpSeconds", JsonNumbers.round(warmUpSeconds));
            run.printJson(summary);
        }
        return 0;
    }

    /** The walk-forward, its progress shown per bar with the last retrain's outcome. */
    private BacktestResult walkForward(BacktestSeries series) {
        ProgressDisplay.Single progress = run.output().progress().single("backtest " + series.symbol(), series.bars().size());
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
        BacktestResult result = run.walkForward(series, listener);
        progress.finish(String.format(Locale.ROOT, "done in %.1f s", result.wallSeconds()));
        return result;
    }
}
