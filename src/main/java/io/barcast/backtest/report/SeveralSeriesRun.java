package io.barcast.backtest.report;

import io.barcast.backtest.BacktestResult;
import io.barcast.backtest.BacktestSeries;
import io.barcast.backtest.MultiBacktest;
import io.barcast.backtest.WalkForwardBacktest;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Several series, {@code threads} at a time: one progress display on stderr, a row each and a total on stdout, each
 * series' files and summary.txt in {@code out/SYMBOL/}. A series that fails is reported; the others finish.
 */
final class SeveralSeriesRun {

    private final BacktestRun run;
    private final double warmUpSeconds;

    SeveralSeriesRun(BacktestRun run, double warmUpSeconds) {
        this.run = run;
        this.warmUpSeconds = warmUpSeconds;
    }

    /** Returns the exit code: 1 when a series failed. */
    int run(List<BacktestSeries> series, int threads) throws IOException, InterruptedException {
        int pool = Math.min(threads, series.size());
        // The bars before the first training pass in no time: the progress counts from there on
        int warmUp = run.settings().windowBars() - 1;
        printInputs(series, pool, warmUp);
        ProgressDisplay.Several progress = run.output().progress().several(series, warmUp);
        long start = System.nanoTime();
        List<MultiBacktest.Outcome> outcomes = MultiBacktest.run(series, pool, this::runAndWrite, progress);
        double wall = (System.nanoTime() - start) / 1e9;
        List<MultiBacktest.Outcome> failed = outcomes.stream().filter(MultiBacktest.Outcome::failed).toList();
        progress.finish(String.format(Locale.ROOT, "%d series done in %.1f s%s", series.size(), wall,
                failed.isEmpty() ? "" : ", " + failed.size() + " FAILED"));

        printResults(outcomes, wall, pool);
        if (!failed.isEmpty()) {
            run.output().stderr().println("barcast: " + failed.size() + " of " + series.size() + " series failed: " + failed.stream()
                    .map(o -> o.series().symbol() + " (" + o.error() + ")").collect(Collectors.joining("; ")));
            return 1;
        }
        return 0;
    }

    private void printInputs(List<BacktestSeries> series, int pool, int warmUp) {
        PrintStream stderr = run.output().stderr();
        stderr.printf(Locale.ROOT, "Backtest %d series on %d thread(s): %s%n", series.size(), pool, run.describeSettings());
        for (BacktestSeries s : series) {
            stderr.printf(Locale.ROOT, "  %s: %d bars %s..%s from %s%n", s.symbol(), s.bars().size(), s.bars().get(0).date(),
                    s.bars().get(s.bars().size() - 1).date(), s.source());
        }
        stderr.printf(Locale.ROOT, "Progress counts the bars from each series' first training on (the first %d pass in no time)%n", warmUp);
    }

    /** The task of one series, on a thread of the pool: its walk-forward, then its files. */
    private BacktestResult runAndWrite(BacktestSeries series, WalkForwardBacktest.Listener listener) throws IOException {
        BacktestResult r = run.walkForward(series, listener);
        Path dir = run.output().dir().resolve(series.symbol());
        BacktestFiles.write(r, dir, run.settings().intervals().levels().values());
        BacktestFiles.writeSummary(r, dir);
        return r;
    }

    /** The table, the folders written and, with {@code --json}, a line per series and the total. */
    private void printResults(List<MultiBacktest.Outcome> outcomes, double wall, int pool) throws IOException {
        PrintStream stdout = run.output().stdout();
        Path out = run.output().dir();
        MultiBacktestReport.printTable(outcomes, wall, pool, stdout);
        stdout.println("Wrote predictions.csv, retrains.csv, backtest.png and summary.txt to " + outcomes.stream()
                .filter(o -> !o.failed()).map(o -> out.resolve(o.series().symbol()).toString()).collect(Collectors.joining(", ")));
        if (run.output().json()) {
            for (MultiBacktest.Outcome o : outcomes) {
                run.printJson(MultiBacktestReport.json(o, run.settings()));
            }
            Map<String, Object> total = MultiBacktestReport.totalJson(outcomes, wall, pool);
            total.put("jvmWarmUpSeconds", JsonNumbers.round(warmUpSeconds));
            run.printJson(total);
        }
    }
}
