package io.barcast.service;

import io.barcast.events.Json;
import io.barcast.forecast.SymbolState;
import io.barcast.forecast.Trainer;
import io.barcast.metrics.BarcastMetrics;
import io.barcast.metrics.ExportedStreams;
import io.barcast.metrics.MetricsSetup;
import io.barcast.model.LstmModel;
import io.barcast.model.LstmRoute;
import io.barcast.model.ModelMetadata;
import io.barcast.model.ModelSnapshot;
import io.barcast.stream.BarcastTopology;
import io.barcast.stream.SymbolStateCodec;
import io.barcast.stream.Topics;
import io.barcast.stream.TrainingExecutor;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The running service: Kafka Streams over {@link BarcastTopology}, the training executor,
 * metrics and the HTTP endpoints. {@link #close()} stops them in order.
 */
public final class BarcastService implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BarcastService.class);
    /** How long a stop waits for Kafka Streams to commit and close (a container's grace period must exceed it). */
    public static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final ServiceConfig config;
    private final TrainingExecutor executor;
    private final MetricsSetup metricsSetup;
    private final BarcastMetrics metrics;
    private volatile KafkaStreams streams;
    private volatile PredictionQueries queries;
    private final HttpEndpoints http;
    private final RecentHistory history = new RecentHistory();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile GroupMembership membership;
    private volatile BrokerContact contact;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    private BarcastService(ServiceConfig config, Trainer trainer) throws IOException {
        this.config = config;
        this.executor = new TrainingExecutor(config.trainingThreads(), config.trainingQueueCapacity(), trainer);
        this.metricsSetup = new MetricsSetup(config.applicationId());
        this.metrics = BarcastMetrics.boundTo(metricsSetup.registry(), executor::queued, executor::running);
        // The HTTP endpoints bind first: application.server must name the port actually bound (http.port may be 0).
        this.http = new HttpEndpoints(config.get(ServiceKeys.HTTP_BIND_ADDRESS), config.get(ServiceKeys.HTTP_PORT), metricsSetup::scrape,
                this::isReady, this::stateName, new Predictions());
        http.mount("/", new LivePage(history));
        try {
            this.streams = streams(config, http.port());
        } catch (RuntimeException e) {
            http.close();
            throw e;
        }
        PortFile.write(config, http.port());
    }

    private ExportedStreams streams(ServiceConfig config, int httpPort) {
        Properties kafka = config.kafka();
        this.membership = GroupMembership.of(config, kafka);
        membership.applyTo(kafka);
        log.info("Group membership of {}: {}", config.applicationId(), membership.describe());
        HostInfo self = advertised(config, httpPort);
        kafka.putIfAbsent(StreamsConfig.APPLICATION_SERVER_CONFIG, self.host() + ":" + self.port());
        HostInfo server = HostInfo.buildFromEndpoint(kafka.getProperty(StreamsConfig.APPLICATION_SERVER_CONFIG));
        ExportedStreams streams = new ExportedStreams(BarcastTopology.build(new BarcastTopology.Settings(config.topics(), config.trainingPollMillis(), config.forecast()), executor, metrics, history),
                kafka);
        streams.setUncaughtExceptionHandler(e -> {
            log.error("Stream thread failed; shutting this instance down so that it can be restarted cleanly", e);
            failure.compareAndSet(null, e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        streams.setStateListener((next, previous) -> {
            log.info("Kafka Streams state {} -> {}", previous, next);
            PredictionQueries q = queries;
            if (q != null) {
                q.assignmentChanged();
            }
            if (next == KafkaStreams.State.NOT_RUNNING || next == KafkaStreams.State.ERROR) {
                stopped.countDown();
            }
        });
        metricsSetup.bindKafkaStreams(streams, Duration.ofSeconds(config.get(ServiceKeys.METRICS_KAFKA_REFRESH_SECONDS)));
        this.queries = new PredictionQueries(streams, config.topics().bars(), server,
                new RemoteFetch(Duration.ofMillis(config.get(ServiceKeys.HTTP_REMOTE_TIMEOUT_MS)), server.host() + ":" + server.port()));
        log.info("application.server (where other instances fetch this one's symbols): {}:{}", server.host(), server.port());
        return streams;
    }

    private String stateName() {
        KafkaStreams s = streams;
        BrokerContact c = contact;
        if (s != null && s.state() == KafkaStreams.State.RUNNING && c != null && c.lost()) {
            return "BROKER_LOST";
        }
        return s == null ? "CREATED" : s.state().name();
    }

    /** Kafka Streams RUNNING, and a broker answered within {@code ready.broker.lost.seconds}. */
    public boolean isReady() {
        BrokerContact c = contact;
        return isRunning() && (c == null || !c.lost());
    }

    /** {@code http.advertised.host} ({@code auto}: the bind address, or localhost for a wildcard) and the bound port. */
    static HostInfo advertised(ServiceConfig config, int boundPort) {
        String host = config.get(ServiceKeys.HTTP_ADVERTISED_HOST).trim();
        if ("auto".equalsIgnoreCase(host)) {
            String bind = config.get(ServiceKeys.HTTP_BIND_ADDRESS).trim();
            host = bind.equals("0.0.0.0") || bind.equals("::") || bind.equals("[::]") ? "localhost" : bind;
        }
        return new HostInfo(host, boundPort);
    }

    /** Answers with 503 until Kafka Streams exists, then through {@link PredictionQueries}. */
    private final class Predictions implements HttpEndpoints.PredictionLookup {
        @Override
        public HttpEndpoints.Response lookup(String symbol, HttpEndpoints.Request request) {
            PredictionQueries q = queries;
            return q == null ? HttpEndpoints.Response.error(503, "starting; retry shortly") : q.lookup(symbol, request);
        }

        @Override
        public HttpEndpoints.Response list(HttpEndpoints.Request request) {
            PredictionQueries q = queries;
            return q == null ? HttpEndpoints.Response.error(503, "starting; retry shortly") : q.list(request);
        }
    }

    /** Creates missing topics (when {@code topic.create} is true), then starts the service. */
    public static BarcastService start(ServiceConfig config, Trainer trainer) throws IOException {
        if (config.get(ServiceKeys.TOPIC_CREATE)) {
            createTopics(config);
        }
        BarcastService service = new BarcastService(config, trainer);
        LstmRoute asked = config.trainingLstm();
        LstmRoute used = asked.forTraining(config.model());
        log.info("Starting Barcast {} against {}; forward pass: {}; training LSTM passes: {}", config.applicationId(),
                config.get(ServiceKeys.BOOTSTRAP_SERVERS), LstmModel.forwardKernel(), used);
        if (used != asked) {
            log.warn("training.lstm={} trains on {} instead: {}", asked, used, asked.fallbackReason(config.model()));
        }
        service.streams.start();
        service.contact = new BrokerContact(adminProperties(config),
                Duration.ofSeconds(config.get(ServiceKeys.READY_BROKER_LOST_SECONDS))).start();
        return service;
    }

    static void createTopics(ServiceConfig config) {
        Topics t = config.topics();
        int partitions = config.get(ServiceKeys.TOPIC_PARTITIONS);
        short replication = config.get(ServiceKeys.TOPIC_REPLICATION_FACTOR).shortValue();
        Properties admin = adminProperties(config);
        admin.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "30000");
        admin.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "60000");
        try (Admin client = Admin.create(admin)) {
            for (String name : java.util.stream.Stream.concat(java.util.stream.Stream.of(t.bars()), t.outputs().stream()).toList()) {
                try {
                    client.createTopics(List.of(new NewTopic(name, partitions, replication))).all().get(60, TimeUnit.SECONDS);
                    log.info("Created topic {} ({} partitions, replication {})", name, partitions, replication);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + name + ": " + e.getCause().getMessage(), e.getCause());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("timed out creating topics at " + config.get(ServiceKeys.BOOTSTRAP_SERVERS)
                    + " (is the broker reachable, are the credentials right?)", e);
        }
    }

    /** The Kafka properties an admin client takes (security included). */
    public static Properties adminProperties(ServiceConfig config) {
        Properties admin = new Properties();
        Set<String> known = AdminClientConfig.configNames();
        config.kafka().forEach((k, v) -> {
            if (known.contains(k.toString())) {
                admin.put(k, v);
            }
        });
        return admin;
    }

    public boolean isRunning() {
        KafkaStreams s = streams;
        return s != null && s.state() == KafkaStreams.State.RUNNING;
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    public int httpPort() {
        return http.port();
    }

    public MetricsSetup metricsSetup() {
        return metricsSetup;
    }

    public TrainingExecutor executor() {
        return executor;
    }

    /** Whether this instance published a prediction of {@code symbol} or finished a training of it. */
    public boolean predictedOrTrained(String symbol) {
        return history.snapshot(symbol).map(s -> s.prediction() != null || !s.trainings().isEmpty()).orElse(false);
    }

    /** Waits until Kafka Streams is RUNNING; false on timeout or failure. */
    public boolean awaitRunning(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            KafkaStreams.State s = streams.state();
            if (s == KafkaStreams.State.RUNNING) {
                return true;
            }
            if (s == KafkaStreams.State.ERROR || s == KafkaStreams.State.NOT_RUNNING || s == KafkaStreams.State.PENDING_ERROR) {
                return false;
            }
            Thread.sleep(50);
        }
        return false;
    }

    /** Blocks until the streams stop (after a fatal error or {@link #close()}); returns the failure, if any. */
    public Throwable awaitStop() throws InterruptedException {
        stopped.await();
        return failure.get();
    }

    /**
     * A static member asked to leave can still be in the group after Kafka Streams' close (seen once under load in
     * RestartIntegrationTest; most likely a rebalance that raced the close re-joined it). Its threads are stopped, so
     * what is left is stale. Each broker call waits at most 5 s, so that the stop stays within a container's grace.
     */
    private void removeLeftMembers() {
        String group = config.applicationId();
        try (Admin admin = Admin.create(adminProperties(config))) {
            List<String> left = StaticMembers.remove(admin, group, List.of(membership.instanceId()), Duration.ofSeconds(5));
            if (!left.isEmpty()) {
                log.warn("Static member(s) {} were still in group {} after the close; removed them", left, group);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.warn("Could not check that {} left group {}: {} (barcast leave-group {} removes it)", membership.instanceId(),
                    group, e.toString(), membership.instanceId());
        }
    }

    @Override
    public void close() {
        log.info("Stopping Barcast {}: {}", config.applicationId(), membership.leaveOnStop() && membership.isStatic()
                ? "leaving the group" : "keeping the group membership for a restart within session.timeout.ms");
        BrokerContact c = contact;
        if (c != null) {
            c.close();
        }
        streams.close(membership.closeOptions(CLOSE_TIMEOUT));
        if (membership.leaveOnStop() && membership.isStatic()) {
            removeLeftMembers();
        }
        executor.close();
        PortFile.delete(config);
        http.close();
        metrics.close();
        metricsSetup.close();
        stopped.countDown();
    }
}
