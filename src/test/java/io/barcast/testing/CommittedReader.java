package io.barcast.testing;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** Consumers that read the service's outputs as its users do: read_committed, from the beginning, in a group of their own. */
public final class CommittedReader {

    private CommittedReader() {
    }

    public static KafkaConsumer<String, byte[]> consumer(Map<String, Object> clientProps, String groupPrefix) {
        Map<String, Object> p = new LinkedHashMap<>(clientProps);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, groupPrefix + "-" + UUID.randomUUID());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    }
}
