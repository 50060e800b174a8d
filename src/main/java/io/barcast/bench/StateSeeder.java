package io.barcast.bench;

import io.barcast.bar.Bar;
import io.barcast.forecast.SymbolState;
import io.barcast.model.ModelSnapshot;
import io.barcast.stream.BarcastTopology;
import io.barcast.stream.SymbolStateCodec;
import io.barcast.window.BarWindow;
import io.barcast.window.WindowChunks;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Writes windows, models and symbol state straight into the changelog topics of an application
 * that has not started yet, so that it starts as a failed-over instance would: restoring full
 * windows and trained models from Kafka. Used by the benchmarks (many symbols with models without
 * hours of training); the records are exactly what the service itself writes.
 */
public final class StateSeeder {

    private final Map<String, Object> clientProps;
    private final String applicationId;
    private final int partitions;

    public StateSeeder(Map<String, Object> clientProps, String applicationId, int partitions) {
        this.clientProps = clientProps;
        this.applicationId = applicationId;
        this.partitions = partitions;
    }

    public static String changelog(String applicationId, String store) {
        return applicationId + "-" + store + "-changelog";
    }

    /**
     * The changelog records of {@link #seed}. Each goes to its symbol's partition, the one the producer's
     * default partitioner gives the symbol's bar records (keyed by symbol): Kafka Streams restores a
     * changelog partition into the task of the same input partition, and a window's chunk keys (symbol,
     * NUL, chunk number) would hash elsewhere.
     */
    List<ProducerRecord<String, byte[]>> records(Map<String, List<Bar>> windows, int windowBars, byte[] snapshot) {
        List<ProducerRecord<String, byte[]>> out = new ArrayList<>();
        for (Map.Entry<String, List<Bar>> e : windows.entrySet()) {
            String symbol = e.getKey();
            int partition = partitionOf(symbol, partitions);
            BarWindow window = new BarWindow(windowBars);
            e.getValue().forEach(window::offer);
            for (WindowChunks.Change chunk : WindowChunks.all(window)) {
                out.add(new ProducerRecord<>(changelog(applicationId, BarcastTopology.WINDOW_STORE), partition, chunk.putKey(), chunk.putValue()));
            }
            out.add(new ProducerRecord<>(changelog(applicationId, BarcastTopology.MODEL_STORE), partition, symbol,
                    ModelSnapshot.relabel(snapshot, symbol, 1)));
            SymbolState state = SymbolState.initial().withNextVersion(2).withTrained(window.appendedTotal());
            out.add(new ProducerRecord<>(changelog(applicationId, BarcastTopology.STATE_STORE), partition, symbol, SymbolStateCodec.encode(state)));
        }
        return out;
    }

    /** The partition the producer's default partitioner gives a record keyed by {@code symbol}. */
    static int partitionOf(String symbol, int partitions) {
        return BuiltInPartitioner.partitionForKey(symbol.getBytes(StandardCharsets.UTF_8), partitions);
    }

    /**
     * @param windows  per symbol, the bars of its window (oldest first)
     * @param snapshot one model snapshot, relabelled for every symbol as version 1
     */
    public void seed(Map<String, List<Bar>> windows, int windowBars, byte[] snapshot)
            throws ExecutionException, InterruptedException, java.util.concurrent.TimeoutException {
        Properties admin = new Properties();
        admin.putAll(clientProps);
        try (Admin client = Admin.create(admin)) {
            List<NewTopic> topics = new ArrayList<>();
            for (String store : List.of(BarcastTopology.WINDOW_STORE, BarcastTopology.MODEL_STORE, BarcastTopology.STATE_STORE)) {
                topics.add(new NewTopic(changelog(applicationId, store), partitions, (short) 1)
                        .configs(Map.of("cleanup.policy", "compact")));
            }
            client.createTopics(topics).all().get(60, TimeUnit.SECONDS);
        }
        Properties p = new Properties();
        p.putAll(clientProps);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        // The topics were created a moment ago: the first sends can meet NOT_LEADER_OR_FOLLOWER, on which an
        // idempotent producer's retries can stall on OutOfOrderSequenceException. One request in flight keeps
        // the order; a duplicate (lost ack) is harmless in a compacted changelog.
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, "4194304");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            for (ProducerRecord<String, byte[]> r : records(windows, windowBars, snapshot)) {
                producer.send(r);
            }
            producer.flush();
        }
    }
}
