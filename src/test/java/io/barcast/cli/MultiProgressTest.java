package io.barcast.cli;

import io.barcast.backtest.BacktestSeries;
import io.barcast.testing.SyntheticBars;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The one progress bar of several backtests at once. */
class MultiProgressTest {

    @Test
    void shouldShowTheBarsOfAllSeriesAndTheRunningOnes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        List<BacktestSeries> series = List.of(series("A", 99), series("B", 99));
        MultiProgress progress = new MultiProgress(new PrintStream(bytes, true, StandardCharsets.UTF_8), series, 0, false);

        progress.started(0);
        progress.started(1);
        progress.listener(0).onBar(49, 99, 10, 2);   // A: 50 of 100 steps (99 bars and its files)
        progress.listener(1).onBar(9, 99, 0, 1);     // B: 10 of 100
        progress.finished(1, "FAILED: boom");        // B's remaining steps count as done
        progress.listener(1).onBar(19, 99, 5, 1);    // a late report of an ended series is ignored (else never 200/200)
        progress.finished(0, "done in 1.0 s");
        progress.finish("2 series done");

        String text = bytes.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("backtest 2 series  25.0% [", "50/200", "0/2 symbols done, 10 predictions, 3 retrains; running A 50%, B 10%")
                .contains("backtest B: FAILED: boom")
                .contains("150/200", "1/2 symbols done, 10 predictions, 3 retrains; running A 50%")
                .contains("backtest A: done in 1.0 s")
                .contains("200/200", "2/2 symbols done")
                .contains("backtest 2 series: 2 series done");
    }

    @Test
    void shouldCountTheBarsFromTheFirstTrainingOn() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        MultiProgress progress = new MultiProgress(new PrintStream(bytes, true, StandardCharsets.UTF_8),
                List.of(series("A", 99), series("B", 99)), 49, false);

        progress.started(0);
        progress.listener(0).onBar(48, 99, 0, 0);   // the last warm-up bar: nothing counted yet
        progress.listener(0).onBar(73, 99, 24, 2);  // 25 of A's 50 bars from its first training on (and 1 for its files)

        assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("0/102", "25/102", "running A 49%");
    }

    private static BacktestSeries series(String symbol, int bars) {
        return new BacktestSeries(symbol + ".csv", symbol, SyntheticBars.randomWalk(symbol, bars, 1));
    }
}
