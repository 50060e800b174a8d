package io.barcast.backtest.report;

import io.barcast.backtest.BacktestSeries;
import io.barcast.backtest.MultiBacktest;

import java.util.List;

/** Where a running backtest shows how far it is: the command line draws it on the terminal. */
public interface ProgressDisplay {

    /** The progress of one series over its {@code total} bars. */
    Single single(String label, long total);

    /** The progress of several series at once; {@code warmUp}: the bars of each before its first training. */
    Several several(List<BacktestSeries> series, int warmUp);

    /** Done of a total so far, then a closing line. */
    interface Single {
        void update(long done, String detail);

        void finish(String summary);
    }

    /** Each series' progress from the pool's threads, then a closing line. */
    interface Several extends MultiBacktest.Progress {
        void finish(String summary);
    }
}
