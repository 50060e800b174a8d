package io.barcast.testing;

import org.apache.kafka.clients.producer.Partitioner;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.utils.Utils;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.CRC32;

/**
 * librdkafka's default partitioner ({@code partitioner=consistent_random}, the default of confluent-kafka for Python,
 * Go and .NET, and of kcat) for a Java producer: CRC-32 of the key bytes modulo the partition count; a random
 * partition for a null or empty key. It places many keys elsewhere than Java's murmur2: {@link #differs}.
 */
public final class LibrdkafkaPartitioner implements Partitioner {

    /** The partition librdkafka's default partitioner picks for a non-empty key. */
    public static int partition(byte[] key, int partitions) {
        CRC32 crc = new CRC32();
        crc.update(key);
        return (int) (crc.getValue() % partitions);
    }

    /** The partition Java's default partitioner (and Kafka Streams' lookup) picks for a key. */
    public static int murmur2Partition(byte[] key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key)) % partitions;
    }

    /** Whether the two partitioners place the symbol on different partitions. */
    public static boolean differs(String symbol, int partitions) {
        byte[] key = symbol.getBytes(StandardCharsets.UTF_8);
        return partition(key, partitions) != murmur2Partition(key, partitions);
    }

    @Override
    public int partition(String topic, Object key, byte[] keyBytes, Object value, byte[] valueBytes, Cluster cluster) {
        int partitions = cluster.partitionCountForTopic(topic);
        if (keyBytes == null || keyBytes.length == 0) {
            return ThreadLocalRandom.current().nextInt(partitions);
        }
        return partition(keyBytes, partitions);
    }

    @Override
    public void configure(Map<String, ?> configs) {
    }

    @Override
    public void close() {
    }
}
