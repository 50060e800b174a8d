package io.barcast.stream;

import io.barcast.forecast.Trainer;
import io.barcast.forecast.TrainingJob;
import io.barcast.model.TrainingResult;
import io.barcast.model.TrainingStatus;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A bounded pool of training threads shared by all stream tasks of an instance. A job's result
 * is handed to the callback given at submission (on the training thread); callers queue it and
 * pick it up on their stream thread. A full queue refuses the job (the caller retries at a later bar).
 */
public final class TrainingExecutor implements AutoCloseable {

    /** A finished job and the thread it ran on. */
    public record Completed(TrainingJob job, TrainingResult result, String thread) {
    }

    private static final Logger log = LoggerFactory.getLogger(TrainingExecutor.class);

    private final Trainer trainer;
    private final ThreadPoolExecutor pool;
    private final AtomicInteger running = new AtomicInteger();

    public TrainingExecutor(int threads, int queueCapacity, Trainer trainer) {
        this.trainer = trainer;
        AtomicInteger n = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(queueCapacity), r -> {
                    Thread t = new Thread(r, "barcast-trainer-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
    }

    /** Submits a job; false when the queue is full or the executor is shut down. */
    public boolean submit(TrainingJob job, Consumer<Completed> onDone) {
        try {
            pool.execute(() -> run(job, onDone));
            return true;
        } catch (RejectedExecutionException e) {
            log.warn("Training queue full or closed; job for {} v{} not submitted", job.symbol(), job.version());
            return false;
        }
    }

    private void run(TrainingJob job, Consumer<Completed> onDone) {
        running.incrementAndGet();
        try {
            onDone.accept(new Completed(job, trainSafely(job), Thread.currentThread().getName()));
        } finally {
            running.decrementAndGet();
        }
    }

    private TrainingResult trainSafely(TrainingJob job) {
        log.debug("Training {} v{} on {} bars", job.symbol(), job.version(), job.window().size());
        TrainingResult result = trainer.trainOrFail(job);
        if (result.report().status() == TrainingStatus.FAILED) {
            log.error("Training job for {} v{} failed: {}", job.symbol(), job.version(), result.report().reason());
        }
        return result;
    }

    /** True when no job is queued or running (results may still await their hand-over). */
    public boolean idle() {
        return running.get() == 0 && pool.getQueue().isEmpty() && pool.getActiveCount() == 0;
    }

    /** Jobs waiting for a thread. */
    public int queued() {
        return pool.getQueue().size();
    }

    /** Jobs being trained now. */
    public int running() {
        return running.get();
    }

    @Override
    public void close() {
        pool.shutdownNow();
        try {
            if (!pool.awaitTermination(30, TimeUnit.SECONDS)) {
                log.warn("Training threads did not stop within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
