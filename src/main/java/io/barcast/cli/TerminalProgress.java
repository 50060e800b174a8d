package io.barcast.cli;

import io.barcast.backtest.BacktestSeries;
import io.barcast.backtest.report.ProgressDisplay;

import java.io.PrintStream;
import java.util.List;

/** A backtest's progress as bars on {@code out}: redrawn in place on a console, else a line per 10 % step. */
final class TerminalProgress implements ProgressDisplay {

    private final PrintStream out;

    TerminalProgress(PrintStream out) {
        this.out = out;
    }

    @Override
    public Single single(String label, long total) {
        return new ProgressBar(out, label, total, System.console() != null);
    }

    @Override
    public Several several(List<BacktestSeries> series, int warmUp) {
        return new MultiProgress(out, series, warmUp, System.console() != null);
    }
}
