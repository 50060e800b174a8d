package io.barcast.service;

import io.barcast.forecast.ForecastSettings;
import io.barcast.model.ModelConfig;
import io.barcast.stream.Topics;

import org.apache.kafka.streams.StreamsConfig;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * The service's configuration: a properties file, overridden by environment variables.
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
            "model.", "http.", "metrics.", "replay.", "log.");

    /** Keys whose values are never logged. */
    private static final Set<String> SECRET_MARKERS = Set.of("password", "secret", "jaas", "token", "key");

    private final Properties all;

    private ServiceConfig(Properties all) {
        this.all = all;
    }

    public static ServiceConfig load(Path file, Map<String, String> env) throws IOException {
        Properties p = defaults();
        if (file != null) {
            if (!Files.isRegularFile(file)) {
                throw new NoSuchFileException(file.toString(), null, "configuration file not found");
            }
            try (Reader r = Files.newBufferedReader(file)) {
                p.load(r);
            }
        }
        applyEnvironment(p, env);
        ServiceConfig c = new ServiceConfig(p);
        c.validate();
        return c;
    }

    public static ServiceConfig of(Properties overrides) {
        Properties p = defaults();
        p.putAll(overrides);
        ServiceConfig c = new ServiceConfig(p);
        c.validate();
        return c;
    }

    static Properties defaults() {
        Properties p = new Properties();
        p.setProperty(StreamsConfig.APPLICATION_ID_CONFIG, "barcast");
        p.setProperty(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9092");
        p.setProperty(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.setProperty("topic.bars", "bars");
        p.setProperty("topic.predictions", "predictions");
        p.setProperty("topic.training.loss", "training-loss");
        p.setProperty("topic.prediction.outcomes", "prediction-outcomes");
        p.setProperty("topic.bars.rejected", "bars-rejected");
        p.setProperty("window.bars", "500");
        p.setProperty("retrain.every.bars", "20");
        p.setProperty("training.threads", "1");
        p.setProperty("training.queue.capacity", "10000");
        p.setProperty("training.poll.interval.ms", "200");
        p.setProperty("promotion.tolerance", "0.05");
        p.setProperty("topic.create", "true");
        p.setProperty("topic.partitions", "4");
        p.setProperty("topic.replication.factor", "1");
        p.setProperty("metrics.kafka.refresh.seconds", "5");
        p.setProperty("http.port", "8080");
        p.setProperty("http.bind.address", "0.0.0.0");
        return p;
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
        windowBars();
        retrainEveryBars();
        trainingThreads();
        if (promotionTolerance() < 0) {
            throw new IllegalArgumentException("promotion.tolerance must be >= 0");
        }
        ModelConfig m = model();
        if (windowBars() < io.barcast.feature.WindowDataset.minBars(m.lookback(), m.validationFraction())) {
            throw new IllegalArgumentException("window.bars = " + windowBars() + " is too small for model.lookback = "
                    + m.lookback() + " (need at least " + io.barcast.feature.WindowDataset.minBars(m.lookback(), m.validationFraction()) + ")");
        }
    }

    public String get(String key) {
        return all.getProperty(key);
    }

    public int getInt(String key, int min) {
        String v = all.getProperty(key);
        int i;
        try {
            i = Integer.parseInt(v == null ? "" : v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " = '" + v + "' is not an integer");
        }
        if (i < min) {
            throw new IllegalArgumentException(key + " = " + i + " must be >= " + min);
        }
        return i;
    }

    public double getDouble(String key) {
        String v = all.getProperty(key);
        try {
            return Double.parseDouble(v == null ? "" : v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " = '" + v + "' is not a number");
        }
    }

    public Topics topics() {
        return new Topics(get("topic.bars"), get("topic.predictions"), get("topic.training.loss"),
                get("topic.prediction.outcomes"), get("topic.bars.rejected"));
    }

    public int windowBars() {
        return getInt("window.bars", 2);
    }

    public int retrainEveryBars() {
        return getInt("retrain.every.bars", 1);
    }

    public int trainingThreads() {
        return getInt("training.threads", 1);
    }

    public int trainingQueueCapacity() {
        return getInt("training.queue.capacity", 1);
    }

    public long trainingPollMillis() {
        return getInt("training.poll.interval.ms", 10);
    }

    public double promotionTolerance() {
        return getDouble("promotion.tolerance");
    }

    /** The per-symbol forecasting rules (window, retraining, promotion gate, model). */
    public ForecastSettings forecast() {
        return new ForecastSettings(windowBars(), retrainEveryBars(), promotionTolerance(), model());
    }

    public ModelConfig model() {
        return ModelConfig.fromProperties(all, ModelConfig.defaults());
    }

    public String applicationId() {
        return get(StreamsConfig.APPLICATION_ID_CONFIG);
    }

    /** The Kafka Streams / client properties: every key without a Barcast prefix. */
    public Properties kafka() {
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
        new java.util.TreeMap<>(all).forEach((k, v) -> b.append("  ").append(k).append(" = ")
                .append(isSecret(k.toString()) ? "[hidden]" : v).append('\n'));
        return b.toString();
    }

    static boolean isSecret(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return SECRET_MARKERS.stream().anyMatch(k::contains) && !k.endsWith(".type") && !k.endsWith("serializer")
                && !k.endsWith("deserializer") && !k.equals("ssl.key.password.type");
    }

}
