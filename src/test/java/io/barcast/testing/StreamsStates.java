package io.barcast.testing;

import io.barcast.service.BarcastService;

import org.apache.kafka.streams.KafkaStreams;

import java.time.Duration;

/** Waiting on a service's Kafka Streams state, for the multi-instance tests. */
public final class StreamsStates {

    private StreamsStates() {
    }

    /** Waits until the instance has been RUNNING for a second in a row (a member's join or leave has settled). */
    public static void awaitStableRunning(BarcastService service) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        long runningSince = -1;
        while (System.nanoTime() < deadline) {
            if (service.state() == KafkaStreams.State.RUNNING) {
                if (runningSince < 0) {
                    runningSince = System.nanoTime();
                } else if (System.nanoTime() - runningSince > 1_000_000_000L) {
                    return;
                }
            } else {
                runningSince = -1;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the in-JVM instance did not settle in RUNNING within 60 s: " + service.state());
    }
}
