package io.barcast.broker;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.BindException;
import java.nio.file.Path;
import java.time.Duration;

import static io.barcast.broker.ListenerPorts.HOST;

/**
 * Starts and shuts down Kafka's {@link KafkaRaftServer} on a formatted data directory. Every start picks the
 * INTERNAL and CONTROLLER ports afresh; the client port is the same each time. The server runs Kafka's standard
 * fault handlers: a fatal metadata fault (e.g. a corrupt metadata log) halts the JVM, as it would a standalone
 * broker.
 */
final class RaftServerRunner {

    private static final Logger LOG = LoggerFactory.getLogger(RaftServerRunner.class);

    /** How long a start waits for the client port to be free, e.g. let go by the previous run of a restart. */
    private static final Duration BIND_RETRY_WINDOW = Duration.ofSeconds(10);
    /** Most starts of the server when Kafka fails to bind a port (another process took a free port first). */
    private static final int MAX_START_ATTEMPTS = 3;

    private final BrokerProperties brokerProperties;
    private final Path dataDir;
    private final int clientPort;

    RaftServerRunner(BrokerProperties brokerProperties, Path dataDir, int clientPort) {
        this.brokerProperties = brokerProperties;
        this.dataDir = dataDir;
        this.clientPort = clientPort;
    }

    /** A started server and the port of its INTERNAL (unauthenticated) listener. */
    record Started(KafkaRaftServer server, int internalPort) {
    }

    /**
     * Starts a server. Waits (quietly, up to {@link #BIND_RETRY_WINDOW}) for the client port to be free first;
     * retries a couple of times if Kafka still cannot bind one of its ports.
     *
     * @throws IllegalStateException if the server cannot be created or started
     */
    Started start() {
        long started = System.nanoTime();
        int attempt = 0;
        while (true) {
            attempt++;
            ListenerPorts.awaitFree(clientPort, started + BIND_RETRY_WINDOW.toNanos());
            int[] ports = ListenerPorts.freePorts(2, clientPort);
            int controllerPort = ports[0];
            int internalPort = ports[1];
            KafkaRaftServer candidate;
            try {
                candidate = new KafkaRaftServer(
                        new KafkaConfig(brokerProperties.build(controllerPort, internalPort), false), Time.SYSTEM);
            } catch (RuntimeException e) {
                throw new IllegalStateException("Kafka broker cannot be created on " + dataDir, e);
            }
            try {
                candidate.startup();
                return new Started(candidate, internalPort);
            } catch (RuntimeException e) {
                shutdown(candidate);
                Throwable bindFailure = bindFailure(e);
                if (bindFailure != null && attempt < MAX_START_ATTEMPTS) {
                    LOG.warn("Kafka at {}:{} could not bind a port (attempt {} of {}): {}; retrying", HOST, clientPort,
                            attempt, MAX_START_ATTEMPTS, bindFailure.getMessage());
                    Waits.sleep(Duration.ofMillis(250));
                    continue;
                }
                throw new IllegalStateException("Kafka broker failed to start on " + HOST + ":" + clientPort, e);
            }
        }
    }

    /** Shuts the server down and waits for it; logs a warning if it does not shut down cleanly. */
    void shutdown(KafkaRaftServer server) {
        try {
            server.shutdown();
            server.awaitShutdown();
        } catch (RuntimeException e) {
            LOG.warn("Kafka at {}:{} did not shut down cleanly: {}", HOST, clientPort, e.toString());
        }
    }

    /** The exception in the cause chain whose cause is a {@link BindException} (Kafka's report of it); else null. */
    private static Throwable bindFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getCause() instanceof BindException) {
                return t;
            }
        }
        return null;
    }
}
