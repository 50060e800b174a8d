package io.barcast.backtest;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs one task per series on a pool of {@code threads} threads, one series per thread at a time, and returns an
 * {@link Outcome} per series in the order given, whatever order they finish in. A series whose task throws is an
 * outcome with its error; the others run on. Each task must share no mutable state with the others
 * ({@link WalkForwardBacktest} with its own trainer does not: each training job builds its own network, and ND4J's
 * random generator is per thread).
 */
public final class MultiBacktest {

    /** The work of one series: its backtest, and whatever is written from it. */
    @FunctionalInterface
    public interface Task {
        BacktestResult run(BacktestSeries series, WalkForwardBacktest.Listener listener) throws Exception;
    }

    /** What the run reports of series {@code i} (in the order given), from the pool's threads: must be thread-safe. */
    public interface Progress {
        void started(int i);

        WalkForwardBacktest.Listener listener(int i);

        /** Series {@code i} ended, well ({@code "done in 1.2 s"}) or not ({@code "FAILED: ..."}). */
        void finished(int i, String outcome);
    }

    /** How one series ended: a result, or the error that stopped it (then {@code result} is null). */
    public record Outcome(BacktestSeries series, BacktestResult result, String error) {

        public boolean failed() {
            return result == null;
        }
    }

    private MultiBacktest() {
    }

    /** Runs {@code task} over every series; returns when all have ended. */
    public static List<Outcome> run(List<BacktestSeries> series, int threads, Task task, Progress progress) throws InterruptedException {
        AtomicInteger names = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(threads, series.size())), r -> {
            Thread t = new Thread(r, "backtest-" + names.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<BacktestResult>> futures = new ArrayList<>();
            for (int i = 0; i < series.size(); i++) {
                int index = i;
                BacktestSeries s = series.get(i);
                futures.add(pool.submit(() -> {
                    progress.started(index);
                    try {
                        BacktestResult r = task.run(s, progress.listener(index));
                        progress.finished(index, String.format(Locale.ROOT, "done in %.1f s", r.wallSeconds()));
                        return r;
                    } catch (Exception | Error e) {
                        progress.finished(index, "FAILED: " + describe(e));
                        throw e;
                    }
                }));
            }
            List<Outcome> outcomes = new ArrayList<>();
            for (int i = 0; i < series.size(); i++) {
                try {
                    outcomes.add(new Outcome(series.get(i), futures.get(i).get(), null));
                } catch (ExecutionException e) {
                    outcomes.add(new Outcome(series.get(i), null, describe(e.getCause())));
                }
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
        }
    }

    /** The class of {@code e} and its message, if any: {@code FileAlreadyExistsException: out/AAPL}. */
    private static String describe(Throwable e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m.strip().replaceAll("[\\r\\n]+", " "));
    }
}
