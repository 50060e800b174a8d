package io.barcast.broker;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.errors.AuthenticationException;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/** Waits until a started broker serves clients on its client listener. */
final class ReadinessProbe {

    /** How long a start may take until clients are served. */
    static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private ReadinessProbe() {
    }

    /**
     * Polls {@code describeCluster} with the given client settings (as the first SCRAM user when SCRAM is on) until
     * it answers with a node.
     *
     * @param bootstrapServers the client listener, for the error message
     * @throws IllegalStateException if the broker does not answer within {@link #READY_TIMEOUT}
     */
    static void awaitReady(Map<String, Object> clientProperties, String bootstrapServers) {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        Exception last = null;
        try (Admin admin = Admin.create(AdminClients.properties(clientProperties))) {
            while (System.nanoTime() < deadline) {
                try {
                    if (!admin.describeCluster(new DescribeClusterOptions().timeoutMs(2_000))
                            .nodes().get().isEmpty()) {
                        return;
                    }
                } catch (ExecutionException e) {
                    // Not serving yet, or (right after an upsert) the SCRAM credentials not yet propagated.
                    last = e.getCause() instanceof Exception cause ? cause : e;
                }
                Waits.sleep(Duration.ofMillis(100));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for Kafka", e);
        }
        throw new IllegalStateException("Kafka at " + bootstrapServers + " was not ready within "
                + READY_TIMEOUT.toSeconds() + " s"
                + (last instanceof AuthenticationException ? " (authentication failed)" : ""), last);
    }
}
