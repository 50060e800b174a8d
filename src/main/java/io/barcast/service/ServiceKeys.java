package io.barcast.service;

import io.barcast.config.ConfigReader;
import io.barcast.config.Key;
import io.barcast.config.KeyCatalog;
import io.barcast.forecast.ForecastKeys;
import io.barcast.interval.IntervalKeys;
import io.barcast.model.ModelKeys;
import io.barcast.quality.QualityKeys;
import io.barcast.stream.StreamKeys;

import java.util.List;

/**
 * The service's own keys (Kafka Streams defaults, topic creation, HTTP, metrics, start-up) and {@link #CATALOG}, the
 * one place that composes every package's keys into what {@code run}, {@code local}, the backtest and the benchmarks
 * accept. {@code config/application.properties} lists the same keys with the same defaults (a test holds them).
 */
public final class ServiceKeys {

    // Kafka Streams properties the service defaults; application.server is set from http.advertised.host and the bound port
    public static final Key<String> APPLICATION_ID = Key.text("application.id", "barcast");
    public static final Key<String> BOOTSTRAP_SERVERS = Key.text("bootstrap.servers", "localhost:9092");
    public static final Key<String> PROCESSING_GUARANTEE = Key.text("processing.guarantee", "exactly_once_v2");
    /** Standby copies of each store partition on other instances: reads while the active copy is away, quick take-overs. */
    public static final Key<Integer> NUM_STANDBY_REPLICAS = Key.integer("num.standby.replicas", 0, 0, 16);

    // group membership
    /** The instance's stable name in the group ({@link GroupMembership}): {@code auto}, {@code none} or a name. */
    public static final Key<String> INSTANCE_ID = Key.text("instance.id", "auto");
    /** Whether a stop removes this instance from the group at once (a scale-down), instead of waiting to be restarted. */
    public static final Key<Boolean> SHUTDOWN_LEAVE_GROUP = Key.flag("shutdown.leave.group", false);
    /** Seconds without an answer from any broker after which {@code /ready} turns 503 (until one answers again). */
    public static final Key<Integer> READY_BROKER_LOST_SECONDS = Key.integer("ready.broker.lost.seconds", 30, 1, 86_400);

    // topic creation at start
    public static final Key<Boolean> TOPIC_CREATE = Key.flag("topic.create", true);
    public static final Key<Integer> TOPIC_PARTITIONS = Key.integer("topic.partitions", 4, 1, Integer.MAX_VALUE);
    public static final Key<Integer> TOPIC_REPLICATION_FACTOR = Key.integer("topic.replication.factor", 1, 1, Short.MAX_VALUE);

    // HTTP and metrics
    public static final Key<Integer> HTTP_PORT = Key.integer("http.port", 8080, 0, 65_535);
    public static final Key<String> HTTP_BIND_ADDRESS = Key.text("http.bind.address", "0.0.0.0");
    /** The host other instances reach this one at; {@code auto}: the bind address, or localhost for a wildcard one. */
    public static final Key<String> HTTP_ADVERTISED_HOST = Key.text("http.advertised.host", "auto");
    /** How long one instance waits for another's answer (connect and response). */
    public static final Key<Integer> HTTP_REMOTE_TIMEOUT_MS = Key.integer("http.remote.timeout.ms", 2000, 50, 600_000);
    /** A file the service writes the bound HTTP address to (host:port, for health checks); empty: none. */
    public static final Key<String> HTTP_PORT_FILE = Key.optionalText("http.port.file");
    public static final Key<Integer> METRICS_KAFKA_REFRESH_SECONDS = Key.integer("metrics.kafka.refresh.seconds", 5, 1, Integer.MAX_VALUE);

    // start-up
    /** Seconds to wait for the brokers at start before saying which could not be reached. */
    public static final Key<Integer> BROKER_WAIT_SECONDS = Key.integer("broker.wait.seconds", 15, 1, 3600);
    /** When the brokers cannot be reached at start: false exits 1; true keeps /ready at 503 and tries again. */
    public static final Key<Boolean> BROKER_WAIT_RETRY = Key.flag("broker.wait.retry", false);

    /** Every key the service accepts, in the order {@code config/application.properties} lists them. */
    public static final KeyCatalog CATALOG = KeyCatalog.of(
            List.of(APPLICATION_ID, BOOTSTRAP_SERVERS, PROCESSING_GUARANTEE, NUM_STANDBY_REPLICAS,
                    INSTANCE_ID, SHUTDOWN_LEAVE_GROUP),
            StreamKeys.TOPICS,
            List.of(TOPIC_CREATE, TOPIC_PARTITIONS, TOPIC_REPLICATION_FACTOR,
                    ForecastKeys.WINDOW_BARS, ForecastKeys.RETRAIN_EVERY_BARS,
                    StreamKeys.TRAINING_THREADS, StreamKeys.TRAINING_QUEUE_CAPACITY, ModelKeys.TRAINING_LSTM,
                    StreamKeys.TRAINING_POLL_INTERVAL_MS, ForecastKeys.PROMOTION_TOLERANCE),
            IntervalKeys.ALL,
            QualityKeys.ALL,
            ModelKeys.HYPERPARAMETERS,
            ForecastKeys.WARM_STARTS,
            List.of(HTTP_PORT, HTTP_BIND_ADDRESS, HTTP_ADVERTISED_HOST, HTTP_REMOTE_TIMEOUT_MS, HTTP_PORT_FILE, METRICS_KAFKA_REFRESH_SECONDS,
                    BROKER_WAIT_SECONDS, BROKER_WAIT_RETRY, READY_BROKER_LOST_SECONDS, ConfigReader.ALLOW_UNKNOWN));

    private ServiceKeys() {
    }
}
