package io.barcast.service;

import io.barcast.config.Keys;
import io.barcast.events.Json;
import io.barcast.forecast.SymbolState;
import io.barcast.forecast.Trainer;
import io.barcast.metrics.BarcastMetrics;
import io.barcast.metrics.MetricsSetup;
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
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
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

    private final ServiceConfig config;
    private final TrainingExecutor executor;
    private final MetricsSetup metricsSetup;
    private final BarcastMetrics metrics;
    private final KafkaStreams streams;
    private final HttpEndpoints http;
    private final RecentHistory history = new RecentHistory();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    private BarcastService(ServiceConfig config, Trainer trainer) throws IOException {
        this.config = config;
        this.executor = new TrainingExecutor(config.trainingThreads(), config.trainingQueueCapacity(), trainer);
        this.metricsSetup = new MetricsSetup(config.applicationId());
        this.metrics = new BarcastMetrics(metricsSetup.registry(), executor::queued, executor::running);
        this.streams = new KafkaStreams(BarcastTopology.build(new BarcastTopology.Settings(config.topics(), config.trainingPollMillis(), config.forecast()), executor, metrics, history),
                config.kafka());
        streams.setUncaughtExceptionHandler(e -> {
            log.error("Stream thread failed; shutting this instance down so that it can be restarted cleanly", e);
            failure.compareAndSet(null, e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        streams.setStateListener((next, previous) -> {
            log.info("Kafka Streams state {} -> {}", previous, next);
            if (next == KafkaStreams.State.NOT_RUNNING || next == KafkaStreams.State.ERROR) {
                stopped.countDown();
            }
        });
        metricsSetup.bindKafkaStreams(streams, Duration.ofSeconds(config.get(Keys.METRICS_KAFKA_REFRESH_SECONDS)));
        int port = config.get(Keys.HTTP_PORT);
        this.http = new HttpEndpoints(config.get(Keys.HTTP_BIND_ADDRESS), port, metricsSetup::scrape, this::isRunning,
                () -> streams.state().name(), this::lookup);
        http.mount("/", new LivePage(history));
    }

    /** Creates missing topics (when {@code topic.create} is true), then starts the service. */
    public static BarcastService start(ServiceConfig config, Trainer trainer) throws IOException {
        if (config.get(Keys.TOPIC_CREATE)) {
            createTopics(config);
        }
        BarcastService service = new BarcastService(config, trainer);
        log.info("Starting Barcast {} against {}; forward pass: {}", config.applicationId(), config.get(Keys.BOOTSTRAP_SERVERS),
                io.barcast.model.LstmModel.forwardKernel());
        service.streams.start();
        return service;
    }

    static void createTopics(ServiceConfig config) {
        Topics t = config.topics();
        int partitions = config.get(Keys.TOPIC_PARTITIONS);
        short replication = config.get(Keys.TOPIC_REPLICATION_FACTOR).shortValue();
        Properties admin = new Properties();
        Set<String> known = AdminClientConfig.configNames();
        config.kafka().forEach((k, v) -> {
            if (known.contains(k.toString())) {
                admin.put(k, v);
            }
        });
        admin.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "30000");
        admin.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "60000");
        try (Admin client = Admin.create(admin)) {
            for (String name : List.of(t.bars(), t.predictions(), t.trainingLoss(), t.outcomes(), t.rejected())) {
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
            throw new IllegalStateException("timed out creating topics at " + config.get(Keys.BOOTSTRAP_SERVERS)
                    + " (is the broker reachable, are the credentials right?)", e);
        }
    }

    public boolean isRunning() {
        return streams.state() == KafkaStreams.State.RUNNING;
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

    private HttpEndpoints.Response lookup(String symbol) {
        try {
            ReadOnlyKeyValueStore<String, byte[]> states = streams.store(StoreQueryParameters.fromNameAndType(
                    BarcastTopology.STATE_STORE, QueryableStoreTypes.<String, byte[]>keyValueStore()));
            ReadOnlyKeyValueStore<String, byte[]> models = streams.store(StoreQueryParameters.fromNameAndType(
                    BarcastTopology.MODEL_STORE, QueryableStoreTypes.<String, byte[]>keyValueStore()));
            byte[] s = states.get(symbol);
            SymbolState state = s == null ? null : SymbolStateCodec.decode(s);
            if (state == null || state.pending() == null) {
                var meta = streams.queryMetadataForKey(BarcastTopology.STATE_STORE, symbol,
                        org.apache.kafka.common.serialization.Serdes.String().serializer());
                String where = meta == null || meta.activeHost() == null || meta.activeHost().port() <= 0 ? ""
                        : " here; its partition is hosted by " + meta.activeHost().host() + ":" + meta.activeHost().port();
                return HttpEndpoints.Response.error(404, state == null ? "unknown symbol '" + symbol + "'" + where
                        : "no prediction yet for '" + symbol + "' (no model has been promoted)");
            }
            Map<String, Object> body = new LinkedHashMap<>();
            SymbolState.Pending p = state.pending();
            body.put("symbol", symbol);
            body.put("asOf", p.asOf());
            body.put("lastClose", p.lastClose());
            body.put("predictedClose", p.predictedClose());
            body.put("modelVersion", p.modelVersion());
            body.put("trainedThrough", p.trainedThrough());
            byte[] m = models.get(symbol);
            if (m != null) {
                ModelMetadata meta = ModelSnapshot.fromBytes(m).metadata();
                Map<String, Object> model = new LinkedHashMap<>();
                model.put("version", meta.version());
                model.put("trainedThrough", meta.trainedThrough());
                model.put("trainedAt", meta.trainedAt().toString());
                model.put("valTheilU", Json.num(meta.valTheilU()));
                model.put("valRmseModel", Json.num(meta.valRmseModel()));
                model.put("valRmseNaive", Json.num(meta.valRmseNaive()));
                model.put("epochs", meta.epochsRun());
                model.put("hyperparameters", new java.util.TreeMap<>(meta.config().toProperties()));
                body.put("model", model);
            }
            return new HttpEndpoints.Response(200, Json.bytes(body));
        } catch (InvalidStateStoreException e) {
            return HttpEndpoints.Response.error(503, "state stores are not queryable now (" + streams.state() + "); retry shortly");
        } catch (RuntimeException e) {
            log.warn("Prediction lookup for {} failed", symbol, e);
            return HttpEndpoints.Response.error(500, "lookup failed: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        log.info("Stopping Barcast {}", config.applicationId());
        // Leave the group so that a restarted or surviving instance takes the partitions over at once,
        // instead of after session.timeout.ms.
        streams.close(new KafkaStreams.CloseOptions().timeout(Duration.ofSeconds(30)).leaveGroup(true));
        executor.close();
        http.close();
        metrics.close();
        metricsSetup.close();
        stopped.countDown();
    }
}
