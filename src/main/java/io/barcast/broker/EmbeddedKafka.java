package io.barcast.broker;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * A real Apache Kafka broker inside this JVM: one KRaft node in combined mode ({@code broker,controller}),
 * built from Kafka's own server classes ({@link StorageTool} to format the storage, {@link KafkaRaftServer} to
 * run it). Used by {@code barcast local} and by integration tests.
 *
 * <p>Listeners, all bound to {@code localhost}:
 * <ul>
 *   <li>{@code CLIENT} on {@link #port()}: the one clients use ({@link #bootstrapServers()}). PLAINTEXT, or
 *       SASL_PLAINTEXT with SCRAM-SHA-256 when {@link Options#scramUsers()} is not empty;</li>
 *   <li>{@code INTERNAL} (PLAINTEXT, ephemeral port): inter-broker traffic, e.g. the transaction coordinator's
 *       commit markers, which a broker sends to itself;</li>
 *   <li>{@code CONTROLLER} (PLAINTEXT, ephemeral port): the KRaft quorum.</li>
 * </ul>
 * The INTERNAL and CONTROLLER ports are picked afresh at every start; only the client port is kept across
 * {@link #restart()}. With SCRAM on, INTERNAL still takes unauthenticated connections from this host: this is a
 * development broker, not a secured deployment.
 *
 * <p>The settings are sized for tests on a small machine: replication factor 1 and {@code min.isr} 1 for the
 * internal topics (so transactions, exactly-once Kafka Streams and {@code read_committed} consumers work), few
 * partitions for {@code __consumer_offsets} and {@code __transaction_state}, no initial rebalance delay, few
 * threads and small buffers. Kafka's own logging goes through SLF4J and is quiet at the project's levels; the
 * storage formatter's console output is routed to this class's DEBUG log.
 *
 * <p>{@link #stop()}, {@link #restart()} and {@link #close()} are synchronized on this instance; the accessors
 * and {@link #clientProperties()} may be called from any thread. The broker runs Kafka's standard fault handlers:
 * a fatal metadata fault (e.g. a corrupt metadata log) halts the JVM, as it would a standalone broker.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);

    /** Host of every listener and of {@link #bootstrapServers()}. */
    public static final String HOST = "localhost";
    /** SASL mechanism of the client listener when SCRAM users are configured. */
    public static final String SCRAM_MECHANISM = "SCRAM-SHA-256";

    private static final int NODE_ID = 1;
    private static final String CLIENT_LISTENER = "CLIENT";
    private static final String INTERNAL_LISTENER = "INTERNAL";
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final String META_PROPERTIES = "meta.properties";
    private static final int SCRAM_ITERATIONS = 4096;
    /** How long a start may take until clients are served (it normally takes about two seconds). */
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    /** How long a start waits for the client port to be free, e.g. let go by the previous run of a restart. */
    private static final Duration BIND_RETRY_WINDOW = Duration.ofSeconds(10);
    /** Starts of the server when Kafka fails to bind a port (a race with another process for a free port). */
    private static final int MAX_START_ATTEMPTS = 3;
    private static final Duration ADMIN_CALL_TIMEOUT = Duration.ofSeconds(30);

    private final Options options;
    private final Path dataDir;
    private final boolean deleteDataDirOnClose;
    private final int port;
    private final AtomicReference<KafkaRaftServer> server = new AtomicReference<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedKafka(Options options, Path dataDir, boolean deleteDataDirOnClose, int port) {
        this.options = options;
        this.dataDir = dataDir;
        this.deleteDataDirOnClose = deleteDataDirOnClose;
        this.port = port;
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
        Path dir;
        boolean temporary = options.dataDir() == null;
        try {
            dir = temporary
                    ? Files.createTempDirectory("barcast-kafka-")
                    : Files.createDirectories(options.dataDir().toAbsolutePath());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the Kafka data directory", e);
        }
        int port = options.port() == 0 ? freePort() : options.port();
        EmbeddedKafka kafka = new EmbeddedKafka(options, dir, temporary, port);
        try {
            boolean formatted = kafka.formatIfNeeded();
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
        return dataDir;
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
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                + jaasEscape(username) + "\" password=\"" + jaasEscape(password) + "\";";
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
        List<NewTopic> topics = new ArrayList<>();
        nameToPartitions.forEach((name, partitions) -> topics.add(new NewTopic(name, partitions, (short) 1)));
        try (Admin admin = Admin.create(adminProperties(clientProperties()))) {
            Map<String, KafkaFuture<Void>> results = admin.createTopics(topics).values();
            for (Map.Entry<String, KafkaFuture<Void>> result : results.entrySet()) {
                try {
                    result.getValue().get(ADMIN_CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("Cannot create topic " + result.getKey(), e.getCause());
                    }
                }
            }
            awaitTopics(admin, nameToPartitions.keySet());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topics", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Timed out creating topics " + nameToPartitions.keySet(), e);
        }
    }

    /** Shuts the broker down and waits for it; the data is kept. A no-op when it is not running. */
    public synchronized void stop() {
        KafkaRaftServer running = server.getAndSet(null);
        if (running == null) {
            return;
        }
        long started = System.nanoTime();
        shutdownQuietly(running);
        LOG.debug("Embedded Kafka at {} stopped in {} ms", bootstrapServers(), millisSince(started));
    }

    /**
     * Stops the broker (if running) and starts it again on the same client port and data directory. Retries for a
     * few seconds while the port is still bound.
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
        if (deleteDataDirOnClose) {
            deleteRecursively(dataDir);
        }
    }

    // ------------------------------------------------------------------------------------------------------------

    /**
     * Formats the storage unless it has a {@code meta.properties}; returns whether it formatted. This is
     * {@code kafka-storage.sh format --config ... --cluster-id ... --add-scram 'SCRAM-SHA-256=[name=...,password=...]'}
     * run in-process through {@link StorageTool#execute}, with its console output sent to the DEBUG log.
     * ({@code org.apache.kafka.metadata.storage.Formatter}, which StorageTool drives, is only on the runtime
     * classpath of {@code kafka_2.13}.)
     */
    private boolean formatIfNeeded() {
        if (Files.exists(dataDir.resolve(META_PROPERTIES))) {
            LOG.debug("Reusing formatted Kafka storage in {}", dataDir);
            return false;
        }
        List<String> args = new ArrayList<>(List.of("format", "--cluster-id", Uuid.randomUuid().toString()));
        options.scramUsers().forEach((user, password) -> {
            args.add("--add-scram");
            // Values in quotes: ScramParser strips one pair of surrounding quotes and splits only on ','.
            args.add(SCRAM_MECHANISM + "=[name=\"" + user + "\",password=\"" + password + "\",iterations="
                    + SCRAM_ITERATIONS + "]");
        });
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        Path config = null;
        int status;
        try (PrintStream out = new PrintStream(console, true, StandardCharsets.UTF_8)) {
            config = Files.createTempFile("barcast-kafka-format-", ".properties");
            try (Writer writer = Files.newBufferedWriter(config, StandardCharsets.UTF_8)) {
                // Ports are irrelevant to formatting a static quorum; the voter entry just has to be well formed.
                brokerProperties(1, 2).store(writer, "barcast embedded Kafka: storage format");
            }
            args.add(1, "--config");
            args.add(2, config.toString());
            status = StorageTool.execute(args.toArray(String[]::new), out);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot format the Kafka storage in " + dataDir, e);
        } catch (RuntimeException e) {
            throw new IllegalStateException("Cannot format the Kafka storage in " + dataDir + ": "
                    + console.toString(StandardCharsets.UTF_8).trim(), e);
        } finally {
            if (config != null) {
                deleteRecursively(config);
            }
        }
        if (status != 0) {
            throw new IllegalStateException("kafka-storage format exited with " + status + ": "
                    + console.toString(StandardCharsets.UTF_8).trim());
        }
        LOG.debug("Formatted Kafka storage: {}", console.toString(StandardCharsets.UTF_8).trim());
        return true;
    }

    /**
     * Starts the server, upserts the SCRAM users if asked and awaits readiness. Waits (quietly, up to
     * {@link #BIND_RETRY_WINDOW}) for the client port to be free first, e.g. while a restarted broker's previous
     * run lets it go; retries a couple of times if Kafka still cannot bind one of its ports.
     */
    private void startServer(boolean upsertScramUsers) {
        long started = System.nanoTime();
        int attempt = 0;
        while (true) {
            attempt++;
            awaitClientPortFree(started + BIND_RETRY_WINDOW.toNanos());
            int[] ports = freePorts(2, port);
            int controllerPort = ports[0];
            int internalPort = ports[1];
            KafkaRaftServer candidate;
            try {
                candidate = new KafkaRaftServer(
                        new KafkaConfig(brokerProperties(controllerPort, internalPort), false), Time.SYSTEM);
            } catch (RuntimeException e) {
                throw new IllegalStateException("Kafka broker cannot be created on " + dataDir, e);
            }
            try {
                candidate.startup();
                server.set(candidate);
            } catch (RuntimeException e) {
                shutdownQuietly(candidate);
                Throwable bindFailure = bindFailure(e);
                if (bindFailure != null && attempt < MAX_START_ATTEMPTS) {
                    LOG.warn("Kafka could not bind a port (attempt {} of {}): {}; retrying", attempt,
                            MAX_START_ATTEMPTS, bindFailure.getMessage());
                    sleep(Duration.ofMillis(250));
                    continue;
                }
                throw new IllegalStateException("Kafka broker failed to start on " + bootstrapServers(), e);
            }
            if (upsertScramUsers && options.saslEnabled()) {
                upsertScramUsers(internalPort);
            }
            awaitReady();
            LOG.debug("Embedded Kafka ready at {} (data in {}) after {} ms", bootstrapServers(), dataDir,
                    millisSince(started));
            return;
        }
    }

    /** Waits until the client port can be bound (as Kafka will, with SO_REUSEADDR), or fails at the deadline. */
    private void awaitClientPortFree(long deadlineNanos) {
        while (true) {
            try (ServerSocket probe = new ServerSocket()) {
                probe.setReuseAddress(true);
                probe.bind(new InetSocketAddress(InetAddress.getByName(HOST), port));
                return;
            } catch (BindException e) {
                if (System.nanoTime() >= deadlineNanos) {
                    throw new IllegalStateException("Port " + port + " on " + HOST + " is in use", e);
                }
                LOG.debug("Port {} is still in use; waiting", port);
                sleep(Duration.ofMillis(200));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot check port " + port, e);
            }
        }
    }

    private Properties brokerProperties(int controllerPort, int internalPort) {
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", Integer.toString(NODE_ID));
        props.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
        props.put("listeners", CLIENT_LISTENER + "://" + HOST + ":" + port + ","
                + INTERNAL_LISTENER + "://" + HOST + ":" + internalPort + ","
                + CONTROLLER_LISTENER + "://" + HOST + ":" + controllerPort);
        props.put("advertised.listeners", CLIENT_LISTENER + "://" + HOST + ":" + port + ","
                + INTERNAL_LISTENER + "://" + HOST + ":" + internalPort);
        props.put("listener.security.protocol.map",
                CLIENT_LISTENER + ":" + (options.saslEnabled() ? "SASL_PLAINTEXT" : "PLAINTEXT") + ","
                        + INTERNAL_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        props.put("inter.broker.listener.name", INTERNAL_LISTENER);
        props.put("controller.listener.names", CONTROLLER_LISTENER);
        if (options.saslEnabled()) {
            props.put("sasl.enabled.mechanisms", SCRAM_MECHANISM);
            // The server side of SCRAM needs a login module, but no credentials: users live in the metadata log.
            props.put("listener.name." + CLIENT_LISTENER.toLowerCase(Locale.ROOT) + "."
                            + SCRAM_MECHANISM.toLowerCase(Locale.ROOT) + ".sasl.jaas.config",
                    "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        }
        props.put("log.dirs", dataDir.toString());
        props.put("metadata.log.dir", dataDir.toString());

        // A single replica of everything, so transactions and exactly-once Streams work.
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "4");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("transaction.state.log.num.partitions", "4");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("share.coordinator.state.topic.num.partitions", "1");
        props.put("default.replication.factor", "1");
        props.put("min.insync.replicas", "1");
        props.put("num.partitions", Integer.toString(options.numPartitions()));
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("auto.create.topics.enable", "true");

        // A small footprint: few threads, small buffers and segments.
        props.put("num.network.threads", "2");
        props.put("num.io.threads", "2");
        props.put("background.threads", "2");
        props.put("num.recovery.threads.per.data.dir", "1");
        props.put("num.replica.fetchers", "1");
        props.put("group.coordinator.threads", "1");
        props.put("share.coordinator.threads", "1");
        props.put("log.cleaner.threads", "1");
        props.put("log.cleaner.dedupe.buffer.size", Integer.toString(2 * 1024 * 1024));
        props.put("log.segment.bytes", Integer.toString(16 * 1024 * 1024));
        props.put("log.index.size.max.bytes", Integer.toString(1024 * 1024));
        props.put("offsets.topic.segment.bytes", Integer.toString(16 * 1024 * 1024));
        props.put("transaction.state.log.segment.bytes", Integer.toString(16 * 1024 * 1024));

        props.putAll(options.brokerProperties());
        return props;
    }

    /** Creates or updates the SCRAM users through the INTERNAL listener (storage formatted by an earlier run). */
    private void upsertScramUsers(int internalPort) {
        List<UserScramCredentialAlteration> upsertions = new ArrayList<>();
        ScramCredentialInfo info = new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_256, SCRAM_ITERATIONS);
        options.scramUsers().forEach((user, password) ->
                upsertions.add(new UserScramCredentialUpsertion(user, info, password)));
        Map<String, Object> props = new LinkedHashMap<>();
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, HOST + ":" + internalPort);
        try (Admin admin = Admin.create(adminProperties(props))) {
            admin.alterUserScramCredentials(upsertions).all()
                    .get(ADMIN_CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating the SCRAM users", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Cannot create the SCRAM users", e);
        }
        LOG.debug("Upserted SCRAM users {}", options.scramUsers().keySet());
    }

    /** Polls {@code describeCluster} on the client listener (as the first SCRAM user) until it answers. */
    private void awaitReady() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        Exception last = null;
        try (Admin admin = Admin.create(adminProperties(clientProperties()))) {
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
                sleep(Duration.ofMillis(100));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for Kafka", e);
        }
        throw new IllegalStateException("Kafka at " + bootstrapServers() + " was not ready within "
                + READY_TIMEOUT.toSeconds() + " s"
                + (last instanceof AuthenticationException ? " (authentication failed)" : ""), last);
    }

    private static void awaitTopics(Admin admin, Collection<String> names)
            throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + ADMIN_CALL_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                Map<String, TopicDescription> descriptions = admin
                        .describeTopics(names, new DescribeTopicsOptions().timeoutMs(2_000))
                        .allTopicNames().get();
                boolean allLed = descriptions.values().stream()
                        .flatMap(d -> d.partitions().stream())
                        .map(TopicPartitionInfo::leader)
                        .allMatch(leader -> leader != null && !leader.isEmpty());
                if (allLed) {
                    return;
                }
            } catch (ExecutionException e) {
                LOG.debug("Topics {} not served yet: {}", names, e.getCause().toString());
            }
            sleep(Duration.ofMillis(50));
        }
        throw new TimeoutException("Topics " + names + " were not served within " + ADMIN_CALL_TIMEOUT);
    }

    private static Map<String, Object> adminProperties(Map<String, Object> base) {
        Map<String, Object> props = new LinkedHashMap<>(base);
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "barcast-embedded-kafka");
        props.put(AdminClientConfig.RECONNECT_BACKOFF_MS_CONFIG, 50);
        props.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500);
        props.put(AdminClientConfig.RETRY_BACKOFF_MS_CONFIG, 50);
        props.put(AdminClientConfig.RETRY_BACKOFF_MAX_MS_CONFIG, 500);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) ADMIN_CALL_TIMEOUT.toMillis());
        return props;
    }

    private void ensureRunning() {
        if (server.get() == null) {
            throw new IllegalStateException("Embedded Kafka is not running");
        }
    }

    private static void shutdownQuietly(KafkaRaftServer kafka) {
        try {
            kafka.shutdown();
            kafka.awaitShutdown();
        } catch (RuntimeException e) {
            LOG.warn("Kafka did not shut down cleanly: {}", e.toString());
        }
    }

    /** The {@link BindException}, or Kafka's exception that reports it, in the cause chain; else null. */
    private static Throwable bindFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getCause() instanceof BindException) {
                return t;
            }
        }
        return null;
    }

    /** A port that is free on {@link #HOST} now (another process may still take it before Kafka binds it). */
    private static int freePort() {
        return freePorts(1, 0)[0];
    }

    /**
     * Distinct ports that are free on {@link #HOST} now, none equal to {@code excluded} (the client port, which is
     * free too before Kafka binds it). The probe sockets stay open until all are found, so the ports differ.
     */
    private static int[] freePorts(int count, int excluded) {
        List<ServerSocket> probes = new ArrayList<>();
        try {
            int[] ports = new int[count];
            int found = 0;
            while (found < count) {
                ServerSocket probe = new ServerSocket();
                probes.add(probe);
                probe.setReuseAddress(true);
                probe.bind(new InetSocketAddress(InetAddress.getByName(HOST), 0));
                if (probe.getLocalPort() != excluded) {
                    ports[found++] = probe.getLocalPort();
                }
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot find a free port", e);
        } finally {
            for (ServerSocket probe : probes) {
                try {
                    probe.close();
                } catch (IOException e) {
                    LOG.debug("Cannot close a port probe: {}", e.toString());
                }
            }
        }
    }

    private static String jaasEscape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }

    private static long millisSince(long nanoTime) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanoTime);
    }

    private static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("Cannot delete the Kafka data directory {}: {}", root, e.toString());
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
