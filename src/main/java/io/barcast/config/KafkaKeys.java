package io.barcast.config;

import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Kafka Streams and client keys, as Kafka's own {@link ConfigDef}s declare them: unprefixed (Kafka Streams, producer,
 * consumer, admin client) and with the client prefixes Kafka Streams reads ({@code producer.}, {@code consumer.},
 * {@code main.consumer.}, {@code restore.consumer.}, {@code global.consumer.}, {@code admin.}); {@code client.tag.*}
 * takes any name. {@code topic.*} is Barcast's.
 */
final class KafkaKeys {

    private static final ConfigDef STREAMS = StreamsConfig.configDef();
    private static final ConfigDef PRODUCER = ProducerConfig.configDef();
    private static final ConfigDef CONSUMER = ConsumerConfig.configDef();
    private static final ConfigDef ADMIN = AdminClientConfig.configDef();

    /** Prefix to the definitions of the keys after it. */
    private static final Map<String, List<ConfigDef>> PREFIXES = new LinkedHashMap<>();

    static {
        PREFIXES.put(StreamsConfig.PRODUCER_PREFIX, List.of(PRODUCER));
        PREFIXES.put(StreamsConfig.MAIN_CONSUMER_PREFIX, List.of(CONSUMER));
        PREFIXES.put(StreamsConfig.RESTORE_CONSUMER_PREFIX, List.of(CONSUMER));
        PREFIXES.put(StreamsConfig.GLOBAL_CONSUMER_PREFIX, List.of(CONSUMER));
        PREFIXES.put(StreamsConfig.CONSUMER_PREFIX, List.of(CONSUMER));
        PREFIXES.put(StreamsConfig.ADMIN_CLIENT_PREFIX, List.of(ADMIN));
    }

    private static final List<ConfigDef> UNPREFIXED = List.of(STREAMS, PRODUCER, CONSUMER, ADMIN);

    private KafkaKeys() {
    }

    /** Whether Kafka Streams or one of its clients knows {@code name}. */
    static boolean known(String name) {
        return definition(name) != null || name.startsWith(StreamsConfig.CLIENT_TAG_PREFIX);
    }

    /**
     * Checks {@code value} against the key's type and validator in Kafka's definition.
     *
     * @throws ConfigError naming the key, the value and Kafka's reason
     */
    static void check(String name, String value) {
        ConfigDef.ConfigKey key = definition(name);
        if (key == null) {
            return;
        }
        try {
            Object parsed = ConfigDef.parseType(key.name, value.trim(), key.type);
            if (key.validator != null) {
                key.validator.ensureValid(key.name, parsed);
            }
        } catch (ConfigException e) {
            String reason = e.getMessage();
            int colon = reason.indexOf(": ");
            String allowed = colon >= 0 && reason.startsWith("Invalid value") ? reason.substring(colon + 2) : reason;
            throw new ConfigError(name, "'" + value + "'", "is not allowed (Kafka " + key.type.toString().toLowerCase(java.util.Locale.ROOT)
                    + " key: " + allowed + ")");
        }
    }

    /** Every Kafka key, unprefixed and prefixed, for suggestions. */
    static List<String> names() {
        List<String> all = new ArrayList<>();
        UNPREFIXED.forEach(d -> all.addAll(d.names()));
        PREFIXES.forEach((prefix, defs) -> defs.forEach(d -> d.names().forEach(n -> all.add(prefix + n))));
        return all;
    }

    private static ConfigDef.ConfigKey definition(String name) {
        for (Map.Entry<String, List<ConfigDef>> e : PREFIXES.entrySet()) {
            if (name.startsWith(e.getKey())) {
                String rest = name.substring(e.getKey().length());
                for (ConfigDef d : e.getValue()) {
                    ConfigDef.ConfigKey k = d.configKeys().get(rest);
                    if (k != null) {
                        return k;
                    }
                }
                return null;
            }
        }
        for (ConfigDef d : UNPREFIXED) {
            ConfigDef.ConfigKey k = d.configKeys().get(name);
            if (k != null) {
                return k;
            }
        }
        return null;
    }
}
