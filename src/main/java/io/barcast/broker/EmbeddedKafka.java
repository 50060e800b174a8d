package io.barcast.broker;

import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.SaslConfigs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A real Apache Kafka broker inside this JVM, for {@code barcast local} and integration tests: one KRaft node in
 * combined mode ({@code broker,controller}), formatted by Kafka's {@link StorageTool} and run as a
 * {@link KafkaRaftServer}. Listeners, all on {@code localhost}:
 * <ul>
 *   <li>{@code CLIENT} on {@link #port()}, kept across {@link #restart()}: PLAINTEXT, or SASL_PLAINTEXT with
 *       SCRAM-SHA-256 when {@link Options#scramUsers()} is not empty;</li>
 *   <li>{@code INTERNAL} (PLAINTEXT, a new port at each start): inter-broker traffic such as the transaction
 *       coordinator's commit markers, which the broker sends to itself; unauthenticated even with SCRAM on, as suits
 *       a development broker;</li>
 *   <li>{@code CONTROLLER} (PLAINTEXT, a new port at each start): the KRaft quorum.</li>
 * </ul>
 * This class owns the lifecycle; the package-private classes ({@link DataDirectory}, {@link StorageFormatter},
 * {@link BrokerProperties}, {@link RaftServerRunner}, ...) do the work. Kafka logs through SLF4J; the storage
 * formatter's console output goes to DEBUG. {@link #stop()}, {@link #restart()} and {@link #close()} are synchronized;
 * the accessors and {@link #clientProperties()} may be called from any thread. Kafka's standard fault handlers run:
 * a fatal metadata fault (e.g. a corrupt metadata log) halts the JVM, as it would a standalone broker.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);

    /** Host of every listener and of {@link #bootstrapServers()}. */
    public static final String HOST = ListenerPorts.HOST;
    /** SASL mechanism of the client listener when SCRAM users are configured. */
    public static final String SCRAM_MECHANISM = ScramUsers.MECHANISM;

    private final Options options;
    private final DataDirectory dataDir;
    private final int port;
    private final ScramUsers scramUsers;
    private final StorageFormatter formatter;
    private final RaftServerRunner runner;
    private final AtomicReference<KafkaRaftServer> server = new AtomicReference<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedKafka(Options options, DataDirectory dataDir, int port) {
        BrokerProperties brokerProperties = new BrokerProperties(options, dataDir.path(), port);
        this.options = options;
        this.dataDir = dataDir;
        this.port = port;
        this.scramUsers = new ScramUsers(options.scramUsers());
        this.formatter = new StorageFormatter(dataDir.path(), brokerProperties, scramUsers);
        this.runner = new RaftServerRunner(brokerProperties, dataDir.path(), port);
    }

    /** Starts a broker with {@link Options#defaults()}: temporary data, a free port, no SASL. */
    public static EmbeddedKafka start() {
        return start(Options.defaults());
    }

    /**
     * Formats the data directory if it has no {@code meta.properties} yet (creating the SCRAM users there), starts
     * the broker and returns once it serves clients on the client listener.
     *
     * @throws IllegalStateException if the broker cannot be started or is not ready within a minute
     */
    public static EmbeddedKafka start(Options options) {
        Objects.requireNonNull(options, "options");
        DataDirectory dir = DataDirectory.create(options.dataDir());
        int port = options.port() == 0 ? ListenerPorts.freePort() : options.port();
        EmbeddedKafka kafka = new EmbeddedKafka(options, dir, port);
        try {
            boolean formatted = kafka.formatter.formatIfNeeded();
            kafka.startServer(!formatted);
            return kafka;
        } catch (RuntimeException | Error e) {
            kafka.close();
            throw e;
        }
    }

    /** {@code localhost:port} of the client listener. */
    public String bootstrapServers() {
        return HOST + ":" + port;
    }

    /** The client listener's port; the same across {@link #restart()}. */
    public int port() {
        return port;
    }

    /** The broker's data directory (log dir and metadata log dir): the one given, or a temporary one. */
    public Path dataDir() {
        return dataDir.path();
    }

    /** Whether the client listener requires SASL/SCRAM-SHA-256. */
    public boolean saslEnabled() {
        return options.saslEnabled();
    }

    /** Whether the broker is running (started and not stopped or closed). */
    public boolean isRunning() {
        return server.get() != null;
    }

    /**
     * A new, mutable map of client settings for this broker: {@code bootstrap.servers} and, when SCRAM is on,
     * {@code security.protocol=SASL_PLAINTEXT}, {@code sasl.mechanism=SCRAM-SHA-256} and a {@code sasl.jaas.config}
     * for the FIRST user of {@link Options#scramUsers()} (in that map's iteration order; pass a
     * {@link LinkedHashMap} or a one-entry map to choose it). Suitable for producers, consumers, Admin and Streams.
     */
    public Map<String, Object> clientProperties() {
        if (!options.saslEnabled()) {
            Map<String, Object> props = new LinkedHashMap<>();
            props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
            return props;
        }
        Map.Entry<String, String> first = options.scramUsers().entrySet().iterator().next();
        return clientProperties(first.getKey(), first.getValue());
    }

    /**
     * Like {@link #clientProperties()} but authenticating as the given user (which need not exist, e.g. to test a
     * failed login). Requires SCRAM to be on.
     */
    public Map<String, Object> clientProperties(String username, String password) {
        if (!options.saslEnabled()) {
            throw new IllegalStateException("SASL is not enabled on this broker");
        }
        Map<String, Object> props = new LinkedHashMap<>();
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT");
        props.put(SaslConfigs.SASL_MECHANISM, SCRAM_MECHANISM);
        props.put(SaslConfigs.SASL_JAAS_CONFIG, scramJaasConfig(username, password));
        return props;
    }

    /**
     * The client {@code sasl.jaas.config} value for a SCRAM login, with {@code \} and {@code "} escaped:
     * {@code org.apache.kafka.common.security.scram.ScramLoginModule required username="u" password="p";}
     */
    public static String scramJaasConfig(String username, String password) {
        return ScramUsers.jaasConfig(username, password);
    }

    /**
     * Creates the topics (replication factor 1) that do not exist yet, and waits until the broker serves all their
     * partitions. Topics that already exist are left as they are, whatever their partition count.
     */
    public void createTopics(Map<String, Integer> nameToPartitions) {
        Objects.requireNonNull(nameToPartitions, "nameToPartitions");
        if (nameToPartitions.isEmpty()) {
            return;
        }
        ensureRunning();
        new TopicCreator(clientProperties()).create(nameToPartitions);
    }

    /** Shuts the broker down and waits for it; the data is kept. A no-op when it is not running. */
    public synchronized void stop() {
        KafkaRaftServer running = server.getAndSet(null);
        if (running == null) {
            return;
        }
        long started = System.nanoTime();
        runner.shutdown(running);
        LOG.debug("Embedded Kafka at {} stopped in {} ms", bootstrapServers(), Waits.millisSince(started));
    }

    /**
     * Stops the broker (if running) and starts it again on the same client port and data directory, waiting up to
     * ten seconds for the port to be let go.
     */
    public synchronized void restart() {
        if (closed.get()) {
            throw new IllegalStateException("Embedded Kafka is closed");
        }
        stop();
        startServer(false);
    }

    /** Stops the broker and deletes the data directory if it was a temporary one. A second close is a no-op. */
    @Override
    public synchronized void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        stop();
        dataDir.deleteIfTemporary();
    }

    /** Starts the server, upserts the SCRAM users if asked (and configured) and awaits readiness. */
    private void startServer(boolean upsertScramUsers) {
        long started = System.nanoTime();
        RaftServerRunner.Started run = runner.start();
        server.set(run.server());
        if (upsertScramUsers && options.saslEnabled()) {
            scramUsers.upsert(HOST + ":" + run.internalPort());
        }
        ReadinessProbe.awaitReady(clientProperties(), bootstrapServers());
        LOG.debug("Embedded Kafka ready at {} (data in {}) after {} ms", bootstrapServers(), dataDir.path(),
                Waits.millisSince(started));
    }

    private void ensureRunning() {
        if (server.get() == null) {
            throw new IllegalStateException("Embedded Kafka is not running");
        }
    }

    /**
     * Settings of an {@link EmbeddedKafka}.
     *
     * @param dataDir          the data directory: empty or missing on first use (it is then formatted), reused
     *                         when it has a {@code meta.properties}; {@code null} for a temporary directory that
     *                         {@link EmbeddedKafka#close()} deletes
     * @param port             the client listener's port; 0 picks a free port (kept across restarts)
     * @param scramUsers       username to password of the SCRAM-SHA-256 users; empty for a PLAINTEXT client
     *                         listener, otherwise SASL_PLAINTEXT. Iteration order is kept: the first user is the
     *                         one of {@link EmbeddedKafka#clientProperties()}. Names and passwords must not be empty
     *                         and must not contain {@code ,} (the storage formatter's argument syntax)
     * @param numPartitions    {@code num.partitions}: partitions of auto-created topics
     * @param brokerProperties extra broker settings, applied last (changing listeners or quorum is unsupported)
     */
    public record Options(Path dataDir, int port, Map<String, String> scramUsers, int numPartitions,
                          Map<String, String> brokerProperties) {

        public Options {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("port must be in [0, 65535]: " + port);
            }
            if (numPartitions < 1) {
                throw new IllegalArgumentException("numPartitions must be >= 1: " + numPartitions);
            }
            Objects.requireNonNull(scramUsers, "scramUsers");
            Objects.requireNonNull(brokerProperties, "brokerProperties");
            scramUsers.forEach((user, password) -> {
                requireScramToken("username", user);
                requireScramToken("password", password);
            });
            scramUsers = Collections.unmodifiableMap(new LinkedHashMap<>(scramUsers));
            brokerProperties = Collections.unmodifiableMap(new LinkedHashMap<>(brokerProperties));
        }

        /** Temporary data, a free port, PLAINTEXT, one partition per auto-created topic. */
        public static Options defaults() {
            return new Options(null, 0, Map.of(), 1, Map.of());
        }

        public Options withDataDir(Path dir) {
            return new Options(dir, port, scramUsers, numPartitions, brokerProperties);
        }

        public Options withPort(int listenerPort) {
            return new Options(dataDir, listenerPort, scramUsers, numPartitions, brokerProperties);
        }

        public Options withScramUsers(Map<String, String> users) {
            return new Options(dataDir, port, users, numPartitions, brokerProperties);
        }

        public Options withNumPartitions(int partitions) {
            return new Options(dataDir, port, scramUsers, partitions, brokerProperties);
        }

        public Options withBrokerProperties(Map<String, String> properties) {
            return new Options(dataDir, port, scramUsers, numPartitions, properties);
        }

        /** Whether the client listener uses SASL/SCRAM-SHA-256 (there is at least one user). */
        public boolean saslEnabled() {
            return !scramUsers.isEmpty();
        }

        private static void requireScramToken(String what, String value) {
            if (value == null || value.isEmpty()) {
                throw new IllegalArgumentException("SCRAM " + what + " must not be empty");
            }
            if (value.indexOf(',') >= 0) {
                throw new IllegalArgumentException("SCRAM " + what + " must not contain ','");
            }
        }

        @Override
        public String toString() {
            // Never print the passwords.
            return "Options[dataDir=" + dataDir + ", port=" + port + ", scramUsers=" + scramUsers.keySet()
                    + ", numPartitions=" + numPartitions + ", brokerProperties=" + brokerProperties + "]";
        }
    }
}
