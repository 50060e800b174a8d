package io.barcast.broker;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** The pauses of the broker's polling loops, and elapsed times for its log lines. */
final class Waits {

    private Waits() {
    }

    /**
     * Sleeps for {@code duration}.
     *
     * @throws IllegalStateException if interrupted (the thread's interrupt flag is set again)
     */
    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }

    /** Milliseconds since {@code nanoTime}, a value of {@link System#nanoTime()}. */
    static long millisSince(long nanoTime) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanoTime);
    }
}
