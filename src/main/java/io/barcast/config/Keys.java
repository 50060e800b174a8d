package io.barcast.config;

import io.barcast.feature.FeatureSet;
import io.barcast.interval.Levels;
import io.barcast.model.LstmRoute;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Every Barcast key with its default and allowed values: the one table the service, the backtest and the
 * benchmarks read their settings through ({@link ConfigReader}). {@code config/application.properties}
 * lists the same keys with the same defaults (a test holds the two together).
 *
 * <p>The first four are Kafka Streams properties the service sets a default for (or, for
 * {@code num.standby.replicas}, documents and checks); every other Kafka property passes through unchanged and has
 * no entry here. {@code application.server} is set by the service from {@code http.advertised.host} and the bound
 * HTTP port unless configured.
 */
public final class Keys {

    // ---- Kafka Streams properties the service defaults ----
    public static final Key<String> APPLICATION_ID = Key.text("application.id", "barcast");
    public static final Key<String> BOOTSTRAP_SERVERS = Key.text("bootstrap.servers", "localhost:9092");
    public static final Key<String> PROCESSING_GUARANTEE = Key.text("processing.guarantee", "exactly_once_v2");
    /**
     * Standby copies of each store partition on other instances: they serve {@code /predictions} reads (with their
     * lag stated) while the active copy is away, and make a take-over quick. 0 (Kafka's default): one instance gains
     * nothing from it, and with N instances each standby doubles that state's disk and changelog reads.
     */
    public static final Key<Integer> NUM_STANDBY_REPLICAS = Key.integer("num.standby.replicas", 0, 0, 16);

    // ---- topics ----
    public static final Key<String> TOPIC_BARS = Key.text("topic.bars", "bars");
    public static final Key<String> TOPIC_PREDICTIONS = Key.text("topic.predictions", "predictions");
    public static final Key<String> TOPIC_TRAINING_LOSS = Key.text("topic.training.loss", "training-loss");
    public static final Key<String> TOPIC_PREDICTION_OUTCOMES = Key.text("topic.prediction.outcomes", "prediction-outcomes");
    public static final Key<String> TOPIC_BARS_REJECTED = Key.text("topic.bars.rejected", "bars-rejected");
    public static final Key<Boolean> TOPIC_CREATE = Key.flag("topic.create", true);
    public static final Key<Integer> TOPIC_PARTITIONS = Key.integer("topic.partitions", 4, 1, Integer.MAX_VALUE);
    public static final Key<Integer> TOPIC_REPLICATION_FACTOR = Key.integer("topic.replication.factor", 1, 1, Short.MAX_VALUE);

    // ---- windows, retraining, promotion ----
    public static final Key<Integer> WINDOW_BARS = Key.integer("window.bars", 500, 2, Integer.MAX_VALUE);
    public static final Key<Integer> RETRAIN_EVERY_BARS = Key.integer("retrain.every.bars", 20, 1, Integer.MAX_VALUE);
    public static final Key<Integer> TRAINING_THREADS = Key.integer("training.threads", 1, 1, Integer.MAX_VALUE);
    public static final Key<Integer> TRAINING_QUEUE_CAPACITY = Key.integer("training.queue.capacity", 10_000, 1, Integer.MAX_VALUE);
    /**
     * How a training job computes the LSTM's passes: {@code JAVA} (the layer's forward and backward passes in Java on
     * the Vector API, a minibatch per time step) or {@code BUILTIN} (DL4J's own LSTM layer). The same parameters, loss,
     * optimiser and snapshots; JAVA falls back to BUILTIN for dropout and on a JVM without the Vector API.
     */
    public static final Key<LstmRoute> TRAINING_LSTM = Key.choice("training.lstm", LstmRoute.JAVA,
            java.util.EnumSet.of(LstmRoute.JAVA, LstmRoute.BUILTIN));
    public static final Key<Integer> TRAINING_POLL_INTERVAL_MS = Key.integer("training.poll.interval.ms", 200, 10, Integer.MAX_VALUE);
    public static final Key<Double> PROMOTION_TOLERANCE = Key.number("promotion.tolerance", 0.05, v -> v >= 0, ">= 0");

    // ---- prediction intervals ----
    public static final Key<Levels> INTERVAL_LEVELS = Key.levels("interval.levels", Levels.parse("0.8,0.95"));
    public static final Key<Double> INTERVAL_ACI_STEP = Key.number("interval.aci.step", 0.005, v -> v >= 0 && v <= 0.1, "[0, 0.1]");
    public static final Key<Integer> INTERVAL_CALIBRATION_SCORES = Key.integer("interval.calibration.scores", 250, 20, 100_000);

    // ---- model ----
    public static final Key<Integer> MODEL_HIDDEN_SIZE = Key.integer("model.hidden.size", 32, 1, 4096);
    public static final Key<Integer> MODEL_LAYERS = Key.integer("model.layers", 1, 1, 8);
    public static final Key<Integer> MODEL_LOOKBACK = Key.integer("model.lookback", 20, 1, 1000);
    public static final Key<Integer> MODEL_EPOCHS = Key.integer("model.epochs", 40, 1, Integer.MAX_VALUE);
    public static final Key<Integer> MODEL_BATCH_SIZE = Key.integer("model.batch.size", 32, 1, Integer.MAX_VALUE);
    public static final Key<Double> MODEL_LEARNING_RATE = Key.number("model.learning.rate", 0.003, v -> v > 0, "> 0");
    public static final Key<Long> MODEL_SEED = Key.anyLong("model.seed", 42L);
    public static final Key<Double> MODEL_DROPOUT = Key.number("model.dropout", 0.0, v -> v >= 0 && v < 1, "[0, 1)");
    public static final Key<Double> MODEL_L2 = Key.number("model.l2", 1e-4, v -> v >= 0, ">= 0");
    public static final Key<Integer> MODEL_PATIENCE = Key.integer("model.patience", 8, 0, Integer.MAX_VALUE);
    public static final Key<Double> MODEL_VALIDATION_FRACTION = Key.number("model.validation.fraction", 0.2, v -> v > 0 && v < 0.9, "(0, 0.9)");
    public static final Key<Double> MODEL_GRADIENT_CLIP = Key.number("model.gradient.clip", 1.0, v -> v >= 0, ">= 0");
    public static final Key<FeatureSet> MODEL_FEATURES = Key.choice("model.features", FeatureSet.OHLCV);
    // warm-started retrains (not hyperparameters of a model: ForecastSettings.warmStart, not ModelConfig)
    public static final Key<Boolean> MODEL_WARM_START = Key.flag("model.warm.start", true);
    public static final Key<Integer> MODEL_WARM_EPOCHS = Key.integer("model.warm.epochs", 1, 1, Integer.MAX_VALUE);
    public static final Key<Integer> MODEL_COLD_EVERY = Key.integer("model.cold.every", 20, 1, Integer.MAX_VALUE);

    // ---- HTTP and metrics ----
    public static final Key<Integer> HTTP_PORT = Key.integer("http.port", 8080, 0, 65_535);
    public static final Key<String> HTTP_BIND_ADDRESS = Key.text("http.bind.address", "0.0.0.0");
    /**
     * The host other instances reach this one's HTTP endpoints at ({@code application.server} is this host and the
     * bound port). {@code auto}: {@code http.bind.address}, or {@code localhost} when that is a wildcard address.
     */
    public static final Key<String> HTTP_ADVERTISED_HOST = Key.text("http.advertised.host", "auto");
    /** How long one instance waits for another's answer (connect and response) when it fetches a prediction. */
    public static final Key<Integer> HTTP_REMOTE_TIMEOUT_MS = Key.integer("http.remote.timeout.ms", 2000, 50, 600_000);
    public static final Key<Integer> METRICS_KAFKA_REFRESH_SECONDS = Key.integer("metrics.kafka.refresh.seconds", 5, 1, Integer.MAX_VALUE);

    // ---- start-up ----
    /** Seconds to wait for the brokers at start before saying which could not be reached and stopping. */
    public static final Key<Integer> BROKER_WAIT_SECONDS = Key.integer("broker.wait.seconds", 15, 1, 3600);
    /** When the brokers cannot be reached at start: false stops with exit code 1; true keeps /ready at 503 and tries again every broker.wait.seconds. */
    public static final Key<Boolean> BROKER_WAIT_RETRY = Key.flag("broker.wait.retry", false);
    /** Keys (or prefixes ending in '.') that are neither Barcast's nor Kafka's and are passed to Kafka all the same. */
    public static final Key<List<String>> CONFIG_ALLOW_UNKNOWN = Key.names("config.allow.unknown");

    /** Every key above, in this order. */
    public static final List<Key<?>> ALL = List.of(
            APPLICATION_ID, BOOTSTRAP_SERVERS, PROCESSING_GUARANTEE, NUM_STANDBY_REPLICAS,
            TOPIC_BARS, TOPIC_PREDICTIONS, TOPIC_TRAINING_LOSS, TOPIC_PREDICTION_OUTCOMES, TOPIC_BARS_REJECTED,
            TOPIC_CREATE, TOPIC_PARTITIONS, TOPIC_REPLICATION_FACTOR,
            WINDOW_BARS, RETRAIN_EVERY_BARS, TRAINING_THREADS, TRAINING_QUEUE_CAPACITY, TRAINING_LSTM, TRAINING_POLL_INTERVAL_MS,
            PROMOTION_TOLERANCE, INTERVAL_LEVELS, INTERVAL_ACI_STEP, INTERVAL_CALIBRATION_SCORES,
            MODEL_HIDDEN_SIZE, MODEL_LAYERS, MODEL_LOOKBACK, MODEL_EPOCHS, MODEL_BATCH_SIZE, MODEL_LEARNING_RATE,
            MODEL_SEED, MODEL_DROPOUT, MODEL_L2, MODEL_PATIENCE, MODEL_VALIDATION_FRACTION, MODEL_GRADIENT_CLIP,
            MODEL_FEATURES, MODEL_WARM_START, MODEL_WARM_EPOCHS, MODEL_COLD_EVERY,
            HTTP_PORT, HTTP_BIND_ADDRESS, HTTP_ADVERTISED_HOST, HTTP_REMOTE_TIMEOUT_MS, METRICS_KAFKA_REFRESH_SECONDS,
            BROKER_WAIT_SECONDS, BROKER_WAIT_RETRY, CONFIG_ALLOW_UNKNOWN);

    private static final Map<String, Key<?>> BY_NAME = new LinkedHashMap<>();

    static {
        for (Key<?> k : ALL) {
            if (BY_NAME.put(k.name(), k) != null) {
                throw new ExceptionInInitializerError("key " + k.name() + " declared twice");
            }
        }
    }

    private Keys() {
    }

    /** The key called {@code name}, or null when Barcast has no such key. */
    public static Key<?> byName(String name) {
        return BY_NAME.get(name);
    }

    /** Every key set to its default. */
    public static Properties defaults() {
        Properties p = new Properties();
        for (Key<?> k : ALL) {
            p.setProperty(k.name(), k.defaultText());
        }
        return p;
    }
}
