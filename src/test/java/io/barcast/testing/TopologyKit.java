package io.barcast.testing;

import io.barcast.events.Json;
import io.barcast.stream.TrainingExecutor;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Helpers of the tests that drive the topology or its processor without a broker. */
public final class TopologyKit {

    private TopologyKit() {
    }

    /** Waits (at most 60 s, else the test fails) until the executor has no job queued or running. */
    public static void awaitIdle(TrainingExecutor executor) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!executor.idle()) {
            assertThat(System.nanoTime()).as("training did not finish in 60 s").isLessThan(deadline);
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** An output record's JSON value. */
    public static JsonNode json(byte[] value) {
        try {
            return Json.mapper().readTree(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
