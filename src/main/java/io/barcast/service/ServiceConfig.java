package io.barcast.service;

import io.barcast.forecast.ForecastKeys;
import io.barcast.interval.IntervalKeys;
import io.barcast.model.ModelKeys;
import io.barcast.stream.StreamKeys;
import io.barcast.config.ConfigError;
import io.barcast.config.ConfigReader;
import io.barcast.config.Key;
import io.barcast.feature.WindowDataset;
import io.barcast.forecast.ForecastSettings;
import io.barcast.forecast.WarmStartPolicy;
import io.barcast.interval.IntervalSettings;
import io.barcast.model.ModelConfig;
import io.barcast.quality.QualitySettings;
import io.barcast.stream.Topics;

import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * The service's configuration, read through {@link ConfigReader}: the defaults of {@link ServiceKeys#CATALOG}, a
 * properties file, then environment variables. Barcast's keys configure the service; Kafka Streams and client keys
 * (those Kafka's own {@code ConfigDef}s know, prefixed ones such as {@code producer.acks} included) pass through to
 * Kafka. Any other key is an error unless {@code config.allow.unknown} lists it (it then passes to Kafka too);
 * {@link #of(Properties)} checks all of it before anything connects.
 *
 * <p>Environment: {@code BARCAST_KAFKA_<NAME>} sets the Kafka property {@code <name>} (lower case, {@code _} becomes
 * {@code .}), e.g. {@code BARCAST_KAFKA_BOOTSTRAP_SERVERS}; any other {@code BARCAST_<NAME>} but
 * {@code BARCAST_LOG_LEVEL} sets the key {@code <name>}, e.g. {@code BARCAST_WINDOW_BARS}.
 */
public final class ServiceConfig {

    static final Set<String> OWN_PREFIXES = Set.of("topic.", "window.", "retrain.", "training.", "promotion.",
            "model.", "interval.", "http.", "broker.", "config.", "quality.");

    /** Whether {@code name} is under one of Barcast's prefixes (Kafka has no keys there). */
    private static boolean isBarcastNamespace(String name) {
        return OWN_PREFIXES.stream().anyMatch(name::startsWith);
    }

    /** Keys whose values are never logged. */
    private static final Set<String> SECRET_MARKERS = Set.of("password", "secret", "jaas", "token", "key");

    private final ConfigReader reader;

    private ServiceConfig(ConfigReader reader) {
        this.reader = reader;
    }

    /** The defaults, then {@code settings} (a {@code --config} file and {@code --set} flags), then the environment. */
    public static ServiceConfig of(Properties settings, Map<String, String> env) {
        Properties p = new Properties();
        p.putAll(settings);
        Map<String, String> sources = applyEnvironment(p, env);
        try {
            return of(p);
        } catch (ConfigError e) {
            String var = sources.get(e.name());
            throw var == null ? e : e.renamed(var + " (" + e.name() + ")");
        }
    }

    /** The defaults with {@code overrides} on top, without the environment. */
    public static ServiceConfig of(Properties overrides) {
        ServiceConfig c = new ServiceConfig(ConfigReader.of(ServiceKeys.CATALOG, overrides));
        c.validate();
        return c;
    }

    /** Sets the keys of the {@code BARCAST_*} variables in {@code p}; returns each key's variable. */
    static Map<String, String> applyEnvironment(Properties p, Map<String, String> env) {
        Map<String, String> sources = new java.util.HashMap<>();
        for (Map.Entry<String, String> e : env.entrySet()) {
            String name = e.getKey();
            String key = null;
            if (name.startsWith("BARCAST_KAFKA_")) {
                key = toKey(name.substring("BARCAST_KAFKA_".length()));
            } else if (name.startsWith("BARCAST_") && !name.equals("BARCAST_LOG_LEVEL")) {
                key = toKey(name.substring("BARCAST_".length()));
            }
            if (key != null) {
                p.setProperty(key, e.getValue());
                sources.put(key, name);
            }
        }
        return sources;
    }

    private static String toKey(String envName) {
        return envName.toLowerCase(Locale.ROOT).replace('_', '.');
    }

    private void validate() {
        reader.validate();
        forecast();
    }

    /** The text of any key, Barcast's or Kafka's, or null. */
    public String get(String key) {
        return reader.text(key);
    }

    /** The value of a Barcast key (see {@link ServiceKeys#CATALOG}). */
    public <T> T get(Key<T> key) {
        return reader.get(key);
    }

    public Topics topics() {
        return new Topics(get(StreamKeys.TOPIC_BARS), get(StreamKeys.TOPIC_PREDICTIONS), get(StreamKeys.TOPIC_TRAINING_LOSS),
                get(StreamKeys.TOPIC_PREDICTION_OUTCOMES), get(StreamKeys.TOPIC_BARS_REJECTED), get(StreamKeys.TOPIC_DATA_QUALITY));
    }

    public int windowBars() {
        return get(ForecastKeys.WINDOW_BARS);
    }

    public int retrainEveryBars() {
        return get(ForecastKeys.RETRAIN_EVERY_BARS);
    }

    public int trainingThreads() {
        return get(StreamKeys.TRAINING_THREADS);
    }

    public int trainingQueueCapacity() {
        return get(StreamKeys.TRAINING_QUEUE_CAPACITY);
    }

    /** How training jobs compute the LSTM's passes ({@code training.lstm}). */
    public io.barcast.model.LstmRoute trainingLstm() {
        return get(ModelKeys.TRAINING_LSTM);
    }

    public long trainingPollMillis() {
        return get(StreamKeys.TRAINING_POLL_INTERVAL_MS);
    }

    /**
     * The per-symbol forecasting rules (window, retraining and its warm starts, promotion gate, model). The backtest and the
     * benchmarks take theirs from here too, so that all read the same keys with the same defaults and checks.
     *
     * @throws IllegalArgumentException when a value is out of range or the window is too small for the model
     */
    public ForecastSettings forecast() {
        ModelConfig m = model();
        int window = windowBars();
        int need = WindowDataset.minBars(m.lookback(), m.validationFraction());
        if (window < need) {
            throw new ConfigError(ForecastKeys.WINDOW_BARS.name(), String.valueOf(window), "is too small for "
                    + ModelKeys.LOOKBACK.name() + " = " + m.lookback() + " (need at least " + need + ")");
        }
        return new ForecastSettings(window, retrainEveryBars(), get(ForecastKeys.PROMOTION_TOLERANCE), m, intervals(),
                WarmStartPolicy.from(reader), QualitySettings.from(reader));
    }

    /** The {@code interval.*} keys. */
    public IntervalSettings intervals() {
        return new IntervalSettings(get(IntervalKeys.LEVELS), get(IntervalKeys.ACI_STEP), get(IntervalKeys.CALIBRATION_SCORES),
                get(IntervalKeys.VOLATILITY));
    }

    public ModelConfig model() {
        return ModelConfig.from(reader);
    }

    public String applicationId() {
        return get(ServiceKeys.APPLICATION_ID);
    }

    /**
     * The Kafka Streams / client properties: every key that is not Barcast's own (the Kafka Streams keys that Barcast
     * defaults, such as application.id and num.standby.replicas, included); the validation let through only Kafka's keys and those of {@code config.allow.unknown}.
     */
    public Properties kafka() {
        Properties all = reader.properties();
        Properties k = new Properties();
        for (String name : all.stringPropertyNames()) {
            Key<?> own = ServiceKeys.CATALOG.byName(name);
            if (own == null ? !isBarcastNamespace(name) || ConfigReader.isAllowedUnknown(name, get(ConfigReader.ALLOW_UNKNOWN))
                    : ConfigReader.isKafkaKey(name)) { // Kafka's keys Barcast gives a default (application.id, ...) go to Kafka
                k.setProperty(name, all.getProperty(name));
            }
        }
        return k;
    }

    /** All settings with secret values masked, for logging. */
    public String describe() {
        StringBuilder b = new StringBuilder();
        new java.util.TreeMap<>(reader.properties()).forEach((k, v) -> b.append("  ").append(k).append(" = ")
                .append(isSecret(k.toString()) ? "[hidden]" : v).append('\n'));
        return b.toString();
    }

    static boolean isSecret(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return SECRET_MARKERS.stream().anyMatch(k::contains) && !k.endsWith(".type") && !k.endsWith("serializer")
                && !k.endsWith("deserializer") && !k.equals("ssl.key.password.type");
    }

}
