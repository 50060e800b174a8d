package io.barcast.cli;

import io.barcast.backtest.BacktestResult;
import io.barcast.backtest.BacktestSeries;
import io.barcast.backtest.MultiBacktest;
import io.barcast.evaluation.ForecastMetrics;
import io.barcast.options.CsvInputs;
import io.barcast.testing.SyntheticBars;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The parts of a backtest over several series that need no training: the pool, the progress, the inputs. */
class MultiBacktestTest {

    private static final PrintStream SINK = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

    @Test
    void shouldKeepTheOrderGivenAndTheOtherSeriesWhenOneThrows() throws InterruptedException {
        List<BacktestSeries> series = List.of(series("A", 50), series("B", 50), series("C", 50));

        List<MultiBacktest.Outcome> outcomes = MultiBacktest.run(series, 2, (s, listener) -> {
            if (s.symbol().equals("B")) {
                throw new IllegalStateException("boom in B");
            }
            Thread.sleep(s.symbol().equals("A") ? 100 : 0); // C ends first
            return result(s);
        }, new MultiProgress(SINK, series, 0, false));

        assertThat(outcomes).extracting(o -> o.series().symbol()).containsExactly("A", "B", "C");
        assertThat(outcomes).extracting(MultiBacktest.Outcome::failed).containsExactly(false, true, false);
        assertThat(outcomes.get(1).error()).isEqualTo("IllegalStateException: boom in B");
        assertThat(outcomes.get(0).result().symbol()).isEqualTo("A");
        assertThat(outcomes.get(2).result().symbol()).isEqualTo("C");
    }

    @Test
    void shouldRunAsManySeriesAtOnceAsThereAreThreads() throws InterruptedException {
        List<BacktestSeries> series = List.of(series("A", 50), series("B", 50), series("C", 50));
        for (int threads : new int[]{1, 2}) {
            AtomicInteger running = new AtomicInteger();
            AtomicInteger most = new AtomicInteger();
            CountDownLatch firstTwo = new CountDownLatch(2);
            List<MultiBacktest.Outcome> outcomes = MultiBacktest.run(series, threads, (s, listener) -> {
                most.accumulateAndGet(running.incrementAndGet(), Math::max);
                firstTwo.countDown();
                firstTwo.await(threads == 1 ? 50 : 10_000, TimeUnit.MILLISECONDS); // two threads: both wait for each other
                running.decrementAndGet();
                return result(s);
            }, new MultiProgress(SINK, series, 0, false));
            assertThat(outcomes).noneMatch(MultiBacktest.Outcome::failed);
            assertThat(most.get()).as("threads %d", threads).isEqualTo(threads);
        }
    }

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

    @Test
    void shouldReadAFolderAsItsCsvFilesInNameOrder(@TempDir Path dir) throws Exception {
        SyntheticBars.writeCsv(dir.resolve("b.csv"), SyntheticBars.randomWalk("X", 5, 1));
        SyntheticBars.writeCsv(dir.resolve("a.CSV"), SyntheticBars.randomWalk("X", 5, 1));
        SyntheticBars.writeCsv(dir.resolve(".hidden.csv"), SyntheticBars.randomWalk("X", 5, 1));
        Files.writeString(dir.resolve("notes.txt"), "not a series");
        Files.createDirectories(dir.resolve("c.csv"));

        assertThat(parse("--csv", dir.toString(), "--csv", "sp500").input.sources()).containsExactly(
                new CsvInputs.Source(dir.resolve("a.CSV").toString(), "A"),
                new CsvInputs.Source(dir.resolve("b.csv").toString(), "B"),
                new CsvInputs.Source("sp500", "SPX"));
        assertThat(parse("--csv", dir.toString(), "--symbol", "X,Y").input.sources())
                .extracting(CsvInputs.Source::symbol).containsExactly("X", "Y");
        // The default is replaced by --csv, not added to
        assertThat(parse().input.sources()).containsExactly(new CsvInputs.Source("aapl", "AAPL"));
        assertThat(parse("--csv", "sp500").input.sources()).containsExactly(new CsvInputs.Source("sp500", "SPX"));
        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertThatThrownBy(() -> parse("--csv", empty.toString()).input.sources())
                .isInstanceOf(CsvInputs.InputException.class).hasMessage(empty + ": the folder holds no *.csv file");
    }

    private static BacktestCommand parse(String... args) {
        BacktestCommand c = new BacktestCommand();
        new CommandLine(c).parseArgs(args);
        return c;
    }

    private static BacktestSeries series(String symbol, int bars) {
        return new BacktestSeries(symbol + ".csv", symbol, SyntheticBars.randomWalk(symbol, bars, 1));
    }

    private static BacktestResult result(BacktestSeries s) {
        return new BacktestResult(s.symbol(), s.bars().size(), List.of(), List.of(), new ForecastMetrics(), 0, 0.5);
    }
}
