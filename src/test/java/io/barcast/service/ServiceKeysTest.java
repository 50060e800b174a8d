package io.barcast.service;

import io.barcast.config.ConfigReader;
import io.barcast.config.Key;

import io.barcast.forecast.ForecastKeys;
import io.barcast.model.ModelKeys;
import io.barcast.feature.FeatureSet;
import io.barcast.model.ModelConfig;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The service's keys: their defaults, the shipped file that documents them, and their errors. */
class ServiceKeysTest {

    @TempDir
    Path dir;

    @Test
    void shouldGiveEveryKeyItsDefaultWhenAbsentOrBlank() {
        Properties blank = new Properties();
        blank.setProperty("window.bars", "  ");
        ConfigReader reader = ConfigReader.of(ServiceKeys.CATALOG, blank);
        for (Key<?> key : ServiceKeys.CATALOG.all()) {
            assertThat(reader.get(key)).as(key.name()).isEqualTo(key.defaultValue());
            assertThat(ConfigReader.defaults().get(key)).as(key.name()).isEqualTo(key.defaultValue());
        }
        assertThat(ServiceKeys.CATALOG.defaults().stringPropertyNames()).hasSize(ServiceKeys.CATALOG.all().size());
    }

    @Test
    void shouldDocumentEveryKeyWithItsDefaultInTheShippedConfiguration() throws IOException {
        Properties shipped = ConfigReader.load(Path.of("config/application.properties"));
        for (Key<?> key : ServiceKeys.CATALOG.all()) {
            assertThat(shipped.getProperty(key.name())).as("config/application.properties lists " + key.name()).isNotNull();
            assertThat(key.parse(shipped.getProperty(key.name()))).as(key.name()).isEqualTo(key.defaultValue());
        }
    }

    @Test
    void shouldDocumentEveryKeyTheServiceAcceptsAndNoOtherInTheConfigurationDoc() throws IOException {
        // the key table of docs/configuration.md: rows whose first cell is a key in backticks
        java.util.Map<String, String> documented = new java.util.LinkedHashMap<>();
        for (String line : Files.readAllLines(Path.of("docs/configuration.md"))) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("^\\| `([a-z0-9.]+)` \\| ([^|]*) \\|").matcher(line);
            if (m.find()) {
                documented.put(m.group(1), m.group(2).trim());
            }
        }
        java.util.List<String> keys = ServiceKeys.CATALOG.all().stream().map(Key::name).toList();
        assertThat(documented.keySet()).as("the keys of docs/configuration.md").containsExactlyInAnyOrderElementsOf(keys);
        for (Key<?> key : ServiceKeys.CATALOG.all()) {
            String cell = documented.get(key.name());
            String text = cell.equals("(empty)") ? "" : cell.replaceAll("^`|`$", "");
            assertThat(key.parse(text)).as(key.name() + "'s default in docs/configuration.md (" + cell + ")").isEqualTo(key.defaultValue());
        }
    }

    @Test
    void shouldBuildTheModelDefaultsFromTheTable() {
        ModelConfig d = ModelConfig.defaults();
        assertThat(d).isEqualTo(ModelConfig.from(ConfigReader.defaults()));
        assertThat(d.hiddenSize()).isEqualTo(ModelKeys.HIDDEN_SIZE.defaultValue());
        assertThat(d.lookback()).isEqualTo(ModelKeys.LOOKBACK.defaultValue());
        assertThat(d.l2()).isEqualTo(ModelKeys.L2.defaultValue());
        assertThat(d.features()).isEqualTo(ModelKeys.FEATURES.defaultValue());
        assertThat(ModelConfig.fromProperties(d.toProperties())).isEqualTo(d);
    }

    @Test
    void shouldReadTypedValues() {
        Properties p = new Properties();
        p.setProperty("window.bars", " 250 ");
        p.setProperty("model.features", "ohlc");
        p.setProperty("topic.create", "FALSE");
        p.setProperty("model.seed", "-7");
        p.setProperty("promotion.tolerance", "0.1");
        p.setProperty("num.stream.threads", "2");
        ConfigReader r = ConfigReader.of(p);
        assertThat(r.get(ForecastKeys.WINDOW_BARS)).isEqualTo(250);
        assertThat(r.get(ModelKeys.FEATURES)).isEqualTo(FeatureSet.OHLC);
        assertThat(r.get(ServiceKeys.TOPIC_CREATE)).isFalse();
        assertThat(r.get(ModelKeys.SEED)).isEqualTo(-7L);
        assertThat(r.get(ForecastKeys.PROMOTION_TOLERANCE)).isEqualTo(0.1);
        assertThat(r.text("num.stream.threads")).isEqualTo("2");
    }

    @Test
    void shouldNameKeyValueAndAllowedValuesInEveryError() {
        assertThatThrownBy(() -> read("window.bars", "ten", ForecastKeys.WINDOW_BARS))
                .hasMessage("window.bars = 'ten' is not an integer (allowed: >= 2)");
        assertThatThrownBy(() -> read("window.bars", "1", ForecastKeys.WINDOW_BARS))
                .hasMessage("window.bars = 1 is out of range (>= 2)");
        assertThatThrownBy(() -> read("model.layers", "9", ModelKeys.LAYERS))
                .hasMessage("model.layers = 9 is out of range (1..8)");
        assertThatThrownBy(() -> read("model.dropout", "1.5", ModelKeys.DROPOUT))
                .hasMessage("model.dropout = 1.5 is out of range ([0, 1))");
        assertThatThrownBy(() -> read("model.learning.rate", "NaN", ModelKeys.LEARNING_RATE))
                .hasMessage("model.learning.rate = NaN is out of range (> 0)");
        assertThatThrownBy(() -> read("model.validation.fraction", "a fifth", ModelKeys.VALIDATION_FRACTION))
                .hasMessage("model.validation.fraction = 'a fifth' is not a number (allowed: (0, 0.9))");
        assertThatThrownBy(() -> read("model.features", "HLC", ModelKeys.FEATURES))
                .hasMessage("model.features = 'HLC' is not one of OHLCV, OHLC (allowed: OHLCV, OHLC)");
        assertThatThrownBy(() -> read("topic.create", "yes", ServiceKeys.TOPIC_CREATE))
                .hasMessage("topic.create = 'yes' is not true or false (allowed: true, false)");
        assertThatThrownBy(() -> read("http.port", "70000", ServiceKeys.HTTP_PORT))
                .hasMessage("http.port = 70000 is out of range (0..65535)");
        assertThatThrownBy(() -> read("model.warm.start", "on", ForecastKeys.WARM_START))
                .hasMessage("model.warm.start = 'on' is not true or false (allowed: true, false)");
        assertThatThrownBy(() -> read("model.warm.epochs", "0", ForecastKeys.WARM_EPOCHS))
                .hasMessage("model.warm.epochs = 0 is out of range (>= 1)");
        assertThatThrownBy(() -> read("model.cold.every", "0", ForecastKeys.COLD_EVERY))
                .hasMessage("model.cold.every = 0 is out of range (>= 1)");
    }

    @Test
    void shouldCheckEveryKeyWhenValidating() {
        Properties p = new Properties();
        p.setProperty("training.poll.interval.ms", "5");
        assertThatThrownBy(() -> ConfigReader.of(ServiceKeys.CATALOG, p).validate()).hasMessage("training.poll.interval.ms = 5 is out of range (>= 10)");
    }

    @Test
    void shouldGiveTheModelConfigurationTheTablesRanges() {
        ModelConfig d = ModelConfig.defaults();
        assertThatThrownBy(() -> new ModelConfig(0, d.layers(), d.lookback(), d.epochs(), d.batchSize(), d.learningRate(), d.seed(),
                d.dropout(), d.l2(), d.patience(), d.validationFraction(), d.gradientClip(), d.features()))
                .hasMessage("model.hidden.size = 0 is out of range (1..4096)");
    }

    private static <T> T read(String key, String value, Key<T> typed) {
        Properties p = new Properties();
        p.setProperty(key, value);
        return ConfigReader.of(p).get(typed);
    }
}
