package io.barcast.service;

import io.barcast.config.ConfigReader;
import io.barcast.config.Key;
import io.barcast.config.Keys;
import io.barcast.feature.WindowDataset;
import io.barcast.forecast.ForecastSettings;
import io.barcast.forecast.WarmStartPolicy;
import io.barcast.interval.IntervalSettings;
import io.barcast.model.ModelConfig;
import io.barcast.stream.Topics;

import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * The service's configuration: the defaults of {@link Keys}, a properties file, then environment variables,
 * read through {@link ConfigReader}.
 *
 * <p>Keys with one of Barcast's prefixes ({@code topic.}, {@code window.}, {@code retrain.},
 * {@code training.}, {@code promotion.}, {@code model.}, {@code http.}, {@code metrics.},
 * {@code replay.}) configure the service; every other key is a Kafka Streams / client property and
 * passes through unchanged (security, timeouts, {@code num.stream.threads}, ...).
 *
 * <p>Environment: {@code BARCAST_KAFKA_<NAME>} sets the Kafka property {@code <name>} (lower case,
 * {@code _} becomes {@code .}), e.g. {@code BARCAST_KAFKA_BOOTSTRAP_SERVERS}; any other
 * {@code BARCAST_<NAME>} sets the Barcast key {@code <name>}, e.g. {@code BARCAST_WINDOW_BARS}.
 */
public final class ServiceConfig {

    static final Set<String> OWN_PREFIXES = Set.of("topic.", "window.", "retrain.", "training.", "promotion.",
            "model.", "interval.", "http.", "metrics.", "replay.", "log.");

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
        applyEnvironment(p, env);
        return of(p);
    }

    /** The defaults with {@code overrides} on top, without the environment. */
    public static ServiceConfig of(Properties overrides) {
        ServiceConfig c = new ServiceConfig(ConfigReader.of(overrides));
        c.validate();
        return c;
    }

    static void applyEnvironment(Properties p, Map<String, String> env) {
        for (Map.Entry<String, String> e : env.entrySet()) {
            String name = e.getKey();
            if (name.startsWith("BARCAST_KAFKA_")) {
                p.setProperty(toKey(name.substring("BARCAST_KAFKA_".length())), e.getValue());
            } else if (name.startsWith("BARCAST_") && !name.equals("BARCAST_LOG_LEVEL")) {
                p.setProperty(toKey(name.substring("BARCAST_".length())), e.getValue());
            }
        }
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

    /** The value of a Barcast key (see {@link Keys}). */
    public <T> T get(Key<T> key) {
        return reader.get(key);
    }

    public Topics topics() {
        return new Topics(get(Keys.TOPIC_BARS), get(Keys.TOPIC_PREDICTIONS), get(Keys.TOPIC_TRAINING_LOSS),
                get(Keys.TOPIC_PREDICTION_OUTCOMES), get(Keys.TOPIC_BARS_REJECTED));
    }

    public int windowBars() {
        return get(Keys.WINDOW_BARS);
    }

    public int retrainEveryBars() {
        return get(Keys.RETRAIN_EVERY_BARS);
    }

    public int trainingThreads() {
        return get(Keys.TRAINING_THREADS);
    }

    public int trainingQueueCapacity() {
        return get(Keys.TRAINING_QUEUE_CAPACITY);
    }

    public long trainingPollMillis() {
        return get(Keys.TRAINING_POLL_INTERVAL_MS);
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
            throw new IllegalArgumentException(Keys.WINDOW_BARS.name() + " = " + window + " is too small for "
                    + Keys.MODEL_LOOKBACK.name() + " = " + m.lookback() + " (need at least " + need + ")");
        }
        return new ForecastSettings(window, retrainEveryBars(), get(Keys.PROMOTION_TOLERANCE), m, intervals(),
                WarmStartPolicy.from(reader));
    }

    /** The {@code interval.*} keys. */
    public IntervalSettings intervals() {
        return new IntervalSettings(get(Keys.INTERVAL_LEVELS), get(Keys.INTERVAL_ACI_STEP), get(Keys.INTERVAL_CALIBRATION_SCORES));
    }

    public ModelConfig model() {
        return ModelConfig.from(reader);
    }

    public String applicationId() {
        return get(Keys.APPLICATION_ID);
    }

    /** The Kafka Streams / client properties: every key without a Barcast prefix. */
    public Properties kafka() {
        Properties all = reader.properties();
        Properties k = new Properties();
        for (String name : all.stringPropertyNames()) {
            if (OWN_PREFIXES.stream().noneMatch(name::startsWith)) {
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
