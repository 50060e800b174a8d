package io.barcast.cli;

import io.barcast.backtest.BacktestSeries;
import io.barcast.backtest.WalkForwardBacktest;
import io.barcast.backtest.report.ProgressDisplay;
import io.barcast.model.TrainingReport;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One aggregate {@link ProgressBar} for several backtests running at once: bars done over all series, with the
 * series finished, the predictions and retrains so far and each running series' own share, e.g.
 * {@code backtest 3 series  41.2% [####...] 1510/3660 ... 1/3 symbols done, 640 predictions, 31 retrains; running AAPL 58%, SPX 12%}.
 * The bars counted are those from a series' first training on: the {@code warmUp} bars before it, which train and
 * predict nothing, pass in no time and would make the ETA far too short. One more step per series stands for writing
 * its files, so that 100 % means that every series has ended.
 * Without a console, a line per series as it ends as well. Thread-safe: each series reports through its own
 * {@link #listener}; the bar is drawn under one lock.
 */
final class MultiProgress implements ProgressDisplay.Several {

    private final PrintStream out;
    private final boolean interactive;
    private final ProgressBar bar;
    private final List<String> symbols;
    private final int warmUp;
    private final int[] total;
    private final int[] done;
    private final int[] predictions;
    private final int[] retrains;
    private final boolean[] started;
    private final boolean[] finished;
    private long barsDone;
    private int seriesFinished;

    /** @param warmUp the bars of each series before its first training (window.bars - 1), not counted */
    MultiProgress(PrintStream out, List<BacktestSeries> series, int warmUp, boolean interactive) {
        this.out = out;
        this.warmUp = Math.max(0, warmUp);
        this.interactive = interactive;
        this.symbols = series.stream().map(BacktestSeries::symbol).toList();
        int n = series.size();
        this.total = series.stream().mapToInt(s -> Math.max(0, s.bars().size() - this.warmUp) + 1).toArray(); // + 1: its files
        this.done = new int[n];
        this.predictions = new int[n];
        this.retrains = new int[n];
        this.started = new boolean[n];
        this.finished = new boolean[n];
        long all = 0;
        for (int t : total) {
            all += t;
        }
        this.bar = new ProgressBar(out, "backtest " + n + " series", all, interactive);
    }

    /** The listener of series {@code i} (in the order given). */
    @Override
    public WalkForwardBacktest.Listener listener(int i) {
        return new WalkForwardBacktest.Listener() {
            @Override
            public void onBar(int index, int bars, int predictionsSoFar, int retrainsSoFar) {
                bar(i, Math.max(0, index + 1 - warmUp), predictionsSoFar, retrainsSoFar);
            }

            @Override
            public void onRetrain(TrainingReport report) {
            }
        };
    }

    /** Series {@code i} has started (its bars are not yet done). */
    @Override
    public synchronized void started(int i) {
        started[i] = true;
        bar.update(barsDone, detail());
    }

    /**
     * Series {@code i} ended, well or not: its remaining bars count as done. Without a console (a log), {@code outcome}
     * is printed on a line of its own as well; a console shows the bar only, redrawn in place.
     */
    @Override
    public synchronized void finished(int i, String outcome) {
        if (finished[i]) {
            return;
        }
        finished[i] = true;
        if (!interactive) {
            out.println("backtest " + symbols.get(i) + ": " + outcome);
        }
        seriesFinished++;
        barsDone += total[i] - done[i];
        done[i] = total[i];
        bar.update(barsDone, detail());
    }

    /** Ends the bar with {@code summary}. */
    @Override
    public synchronized void finish(String summary) {
        bar.finish(summary);
    }

    private synchronized void bar(int i, int doneNow, int predictionsSoFar, int retrainsSoFar) {
        if (finished[i]) {
            return;
        }
        barsDone += doneNow - done[i];
        done[i] = doneNow;
        predictions[i] = predictionsSoFar;
        retrains[i] = retrainsSoFar;
        bar.update(barsDone, detail());
    }

    private String detail() {
        long p = 0;
        long r = 0;
        List<String> running = new ArrayList<>();
        for (int i = 0; i < symbols.size(); i++) {
            p += predictions[i];
            r += retrains[i];
            if (started[i] && !finished[i]) {
                running.add(String.format(Locale.ROOT, "%s %d%%", symbols.get(i), 100L * done[i] / total[i]));
            }
        }
        return String.format(Locale.ROOT, "%d/%d symbols done, %d predictions, %d retrains", seriesFinished, symbols.size(), p, r)
                + (running.isEmpty() ? "" : "; running " + String.join(", ", running));
    }
}
