package io.barcast.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.TreeSet;

/**
 * Reads Barcast settings: the defaults of a {@link KeyCatalog} overridden by the given properties (a
 * {@code --config} file, command-line flags, the environment: the callers decide the layers). Absent and
 * blank keys read as their default; every value is checked against its key's allowed values.
 */
public final class ConfigReader {

    /** Keys (or prefixes ending in '.') that are neither Barcast's nor Kafka's and are passed to Kafka all the same. */
    public static final Key<List<String>> ALLOW_UNKNOWN = Key.names("config.allow.unknown");

    private final KeyCatalog catalog;
    private final Properties values;

    private ConfigReader(KeyCatalog catalog, Properties values) {
        this.catalog = catalog;
        this.values = values;
    }

    /** The catalog's defaults with {@code settings} on top; other keys (Kafka properties) are kept as they are. */
    public static ConfigReader of(KeyCatalog catalog, Properties settings) {
        Properties p = catalog.defaults();
        p.putAll(settings);
        return new ConfigReader(catalog, p);
    }

    /** {@code settings} alone: a key they do not set reads as its default. */
    public static ConfigReader of(Properties settings) {
        return of(KeyCatalog.of(), settings);
    }

    /** No settings: every key reads as its default. */
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
     * Checks the whole configuration, before anything connects: every Barcast key's value, every Kafka Streams /
     * client key's value against Kafka's own definition, and that every other key is listed in
     * {@code config.allow.unknown} (a key, or a prefix ending in '.').
     *
     * @throws ConfigError for the first mistake: an invalid value, or an unknown key with the nearest known one
     */
    public void validate() {
        catalog.all().forEach(this::get);
        List<String> allowed = get(ALLOW_UNKNOWN);
        for (String name : new TreeSet<>(values.stringPropertyNames())) {
            String value = values.getProperty(name);
            if (KafkaKeys.known(name)) {
                // Kafka's own keys, those Barcast gives a default (processing.guarantee, ...) included
                KafkaKeys.check(name, value);
            } else if (catalog.byName(name) == null && !isAllowedUnknown(name, allowed)) {
                String near = nearest(name, catalog);
                throw new ConfigError(name, "'" + value + "'", "is not a Barcast or Kafka key"
                        + (near == null ? "" : " (did you mean " + near + "?)")
                        + "; to pass it to Kafka all the same, add it to " + ALLOW_UNKNOWN.name());
            }
        }
    }

    /** Whether Kafka Streams or one of its clients knows {@code name} (prefixed client keys included). */
    public static boolean isKafkaKey(String name) {
        return KafkaKeys.known(name);
    }

    /** Whether {@code name} is listed in {@code config.allow.unknown}, itself or by a prefix ending in '.'. */
    public static boolean isAllowedUnknown(String name, List<String> allowed) {
        return allowed.stream().anyMatch(a -> a.equals(name) || a.endsWith(".") && name.startsWith(a));
    }

    /** The key of {@code catalog} or Kafka's nearest {@code name} (edit distance), or null when none is close. */
    static String nearest(String name, KeyCatalog catalog) {
        List<String> candidates = new ArrayList<>();
        catalog.all().forEach(k -> candidates.add(k.name()));
        candidates.addAll(KafkaKeys.names());
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            int d = distance(name, c);
            if (d < bestDistance) {
                best = c;
                bestDistance = d;
            }
        }
        return bestDistance <= Math.max(2, name.length() / 3) ? best : null;
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    /** The keys this reader knows. */
    public KeyCatalog catalog() {
        return catalog;
    }

    /** A copy of every setting, defaults included. */
    public Properties properties() {
        Properties p = new Properties();
        p.putAll(values);
        return p;
    }
}
