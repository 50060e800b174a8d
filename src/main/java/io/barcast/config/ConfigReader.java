package io.barcast.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Reads Barcast settings: the defaults of {@link Keys} overridden by the given properties (a
 * {@code --config} file, command-line flags, the environment: the callers decide the layers). Absent and
 * blank keys read as their default; every value is checked against its key's allowed values.
 */
public final class ConfigReader {

    private final Properties values;

    private ConfigReader(Properties values) {
        this.values = values;
    }

    /** The defaults with {@code settings} on top; other keys (Kafka properties) are kept as they are. */
    public static ConfigReader of(Properties settings) {
        Properties p = Keys.defaults();
        p.putAll(settings);
        return new ConfigReader(p);
    }

    /** Only the defaults. */
    public static ConfigReader defaults() {
        return of(new Properties());
    }

    /**
     * Loads a properties file; no file ({@code null}) gives no properties.
     *
     * @throws NoSuchFileException when {@code file} is given but is not a readable file
     */
    public static Properties load(Path file) throws IOException {
        Properties p = new Properties();
        if (file == null) {
            return p;
        }
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "configuration file not found");
        }
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        }
        return p;
    }

    /**
     * The value of {@code key}: its default when absent or blank.
     *
     * @throws IllegalArgumentException naming the key, the value and the allowed values when the value is invalid
     */
    public <T> T get(Key<T> key) {
        String text = values.getProperty(key.name());
        return text == null || text.isBlank() ? key.defaultValue() : key.parse(text);
    }

    /** The text of any key, Barcast's or Kafka's, or null. */
    public String text(String name) {
        return values.getProperty(name);
    }

    /**
     * Reads every Barcast key once.
     *
     * @throws IllegalArgumentException for the first invalid value
     */
    public void validate() {
        Keys.ALL.forEach(this::get);
    }

    /** A copy of every setting, defaults included. */
    public Properties properties() {
        Properties p = new Properties();
        p.putAll(values);
        return p;
    }
}
