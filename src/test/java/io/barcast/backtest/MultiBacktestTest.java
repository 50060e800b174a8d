package io.barcast.backtest;

import io.barcast.evaluation.ForecastMetrics;
import io.barcast.testing.SyntheticBars;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The pool of a backtest over several series, without training: order, failures, threads, what progress is told. */
class MultiBacktestTest {

    @Test
    void shouldKeepTheOrderGivenAndTheOtherSeriesWhenOneThrows() throws InterruptedException {
        List<BacktestSeries> series = List.of(series("A", 50), series("B", 50), series("C", 50));
        RecordingProgress progress = new RecordingProgress();

        List<MultiBacktest.Outcome> outcomes = MultiBacktest.run(series, 2, (s, listener) -> {
            if (s.symbol().equals("B")) {
                throw new IllegalStateException("boom in B");
            }
            Thread.sleep(s.symbol().equals("A") ? 100 : 0); // C ends first
            return result(s);
        }, progress);

        assertThat(outcomes).extracting(o -> o.series().symbol()).containsExactly("A", "B", "C");
        assertThat(outcomes).extracting(MultiBacktest.Outcome::failed).containsExactly(false, true, false);
        assertThat(outcomes.get(1).error()).isEqualTo("IllegalStateException: boom in B");
        assertThat(outcomes.get(0).result().symbol()).isEqualTo("A");
        assertThat(outcomes.get(2).result().symbol()).isEqualTo("C");
        // Every series is started and ended once, a failed one with its error
        assertThat(progress.started).containsOnlyKeys(0, 1, 2);
        assertThat(progress.finished).containsExactlyInAnyOrderEntriesOf(
                Map.of(0, "done in 0.5 s", 1, "FAILED: IllegalStateException: boom in B", 2, "done in 0.5 s"));
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
            }, new RecordingProgress());
            assertThat(outcomes).noneMatch(MultiBacktest.Outcome::failed);
            assertThat(most.get()).as("threads %d", threads).isEqualTo(threads);
        }
    }

    /** Records what the pool tells, from any thread. */
    private static final class RecordingProgress implements MultiBacktest.Progress {
        final Map<Integer, Boolean> started = new ConcurrentHashMap<>();
        final Map<Integer, String> finished = new ConcurrentHashMap<>();

        @Override
        public void started(int i) {
            started.put(i, true);
        }

        @Override
        public WalkForwardBacktest.Listener listener(int i) {
            return WalkForwardBacktest.Listener.NONE;
        }

        @Override
        public void finished(int i, String outcome) {
            finished.merge(i, outcome, (a, b) -> a + " AND AGAIN " + b);
        }
    }

    private static BacktestSeries series(String symbol, int bars) {
        return new BacktestSeries(symbol + ".csv", symbol, SyntheticBars.randomWalk(symbol, bars, 1));
    }

    private static BacktestResult result(BacktestSeries s) {
        return new BacktestResult(s.symbol(), s.bars().size(), List.of(), List.of(), new ForecastMetrics(), 0, 0.5);
    }
}
