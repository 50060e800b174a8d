package io.barcast.testing;

import io.barcast.bar.Bar;
import io.barcast.broker.EmbeddedKafka;
import io.barcast.events.Json;
import io.barcast.replay.BarReplayer;
import io.barcast.service.BarcastService;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The test's side of a broker: publishes bars to the service and reads its outputs as its users do, with
 * {@code read_committed} consumers from the beginning, each in a group of its own. Values are read as JSON.
 */
public final class BrokerKit {

    private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration READ_TO_END_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(200);

    private final Map<String, Object> clientProperties;

    /** @param clientProperties how to reach the broker (bootstrap and security settings); copied */
    public BrokerKit(Map<String, Object> clientProperties) {
        this.clientProperties = Map.copyOf(clientProperties);
    }

    /** A kit for the broker's {@link EmbeddedKafka#clientProperties()} (the first SCRAM user when SCRAM is on). */
    public static BrokerKit of(EmbeddedKafka broker) {
        return new BrokerKit(broker.clientProperties());
    }

    /** Publishes the bars in order with a producer created now, as fast as it can; returns once all are acknowledged. */
    public void replay(String topic, List<Bar> bars) throws Exception {
        new BarReplayer(new LinkedHashMap<>(clientProperties), topic).replay(bars, 0, (n, t, b) -> { }, () -> false);
    }

    /** A new read_committed consumer that starts from the beginning, in a group of its own, committing nothing. */
    public KafkaConsumer<byte[], byte[]> committedConsumer() {
        Map<String, Object> p = new LinkedHashMap<>(clientProperties);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "test-reader-" + UUID.randomUUID());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 4 * 1024 * 1024);
        return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /**
     * Every committed record of the topic: reads from the beginning up to the end offsets that a read_committed
     * consumer sees now (the last stable offsets), or fails after 30 s.
     */
    public List<ConsumerRecord<byte[], byte[]>> records(String topic) {
        List<ConsumerRecord<byte[], byte[]>> seen = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = committedConsumer()) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, METADATA_TIMEOUT).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, METADATA_TIMEOUT);
            long deadline = System.nanoTime() + READ_TO_END_TIMEOUT.toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp, METADATA_TIMEOUT) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + topic + " to its end offsets " + end + " within "
                            + READ_TO_END_TIMEOUT.toSeconds() + " s; have " + seen.size());
                }
                consumer.poll(POLL).forEach(seen::add);
            }
        }
        return seen;
    }

    /** The values of {@link #records(String)}, as JSON. */
    public List<JsonNode> readAll(String topic) {
        return records(topic).stream().map(r -> json(r.value())).toList();
    }

    /**
     * Polls the topic from the beginning until the JSON values seen satisfy {@code done}; fails after
     * {@code timeout}.
     */
    public List<JsonNode> readUntil(String topic, Duration timeout, Predicate<List<JsonNode>> done) {
        return readUntil(topic, timeout, done, null);
    }

    /**
     * Like {@link #readUntil(String, Duration, Predicate)}, but fails at once if {@code watched} stops running
     * (PENDING_SHUTDOWN, NOT_RUNNING, PENDING_ERROR or ERROR).
     */
    public List<JsonNode> readUntil(String topic, Duration timeout, Predicate<List<JsonNode>> done,
                                    BarcastService watched) {
        List<JsonNode> seen = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<byte[], byte[]> consumer = committedConsumer()) {
            consumer.subscribe(List.of(topic));
            while (!done.test(seen)) {
                if (watched != null && stopped(watched)) {
                    throw new AssertionError("the service stopped (" + watched.state()
                            + ") while waiting for records on " + topic);
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for records on "
                            + topic + (watched == null ? "" : "; service " + watched.state()) + "; have "
                            + seen.size() + ": " + abbreviate(seen.toString()));
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(POLL)) {
                    seen.add(json(r.value()));
                }
            }
        }
        return seen;
    }

    /** A record value parsed as JSON. */
    public static JsonNode json(byte[] value) {
        return Json.read(value, JsonNode.class);
    }

    /** The distinct {@code symbol} fields of the records, in order of first appearance. */
    public static List<String> symbols(List<JsonNode> records) {
        return records.stream().map(r -> r.get("symbol").asText()).distinct().toList();
    }

    /** The number of records per {@code symbol} field, sorted by symbol. */
    public static Map<String, Long> countBySymbol(List<JsonNode> records) {
        return records.stream().collect(Collectors.groupingBy(r -> r.get("symbol").asText(), TreeMap::new,
                Collectors.counting()));
    }

    private static boolean stopped(BarcastService service) {
        return switch (service.state()) {
            case PENDING_SHUTDOWN, NOT_RUNNING, PENDING_ERROR, ERROR -> true;
            default -> false;
        };
    }

    private static String abbreviate(String s) {
        return s.length() <= 2000 ? s : s.substring(0, 2000) + "...";
    }
}
