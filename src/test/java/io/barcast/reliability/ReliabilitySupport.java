package io.barcast.reliability;

import io.barcast.bar.Bar;
import io.barcast.events.Json;
import io.barcast.replay.BarReplayer;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * Shared helpers of {@link BrokerRestartTest}, {@link FailoverTest} and {@link SecurityTest}: a small, fast service
 * configuration, a replay helper and read_committed readers.
 */
final class ReliabilitySupport {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private ReliabilitySupport() {
    }

    static String uniqueId(String name) {
        return "rel-" + name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Publishes the bars with a producer created now; returns once all are acknowledged. */
    static void replay(Map<String, Object> clientProps, String topic, List<Bar> bars) throws Exception {
        new BarReplayer(clientProps, topic).replay(bars, 0, (n, t, b) -> { }, () -> false);
    }

    /** Polls a topic (read_committed, from the beginning) until the records seen satisfy {@code done}. */
    static List<JsonNode> readUntil(Map<String, Object> clientProps, String topic, Duration timeout,
                                    Predicate<List<JsonNode>> done) throws IOException {
        List<JsonNode> seen = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<String, byte[]> consumer = consumer(clientProps)) {
            consumer.subscribe(List.of(topic));
            while (!done.test(seen)) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for records on "
                            + topic + "; have " + seen.size() + ": " + abbreviate(seen));
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    seen.add(Json.mapper().readTree(r.value()));
                }
            }
        }
        return seen;
    }

    /**
     * Every committed record of a topic: reads (read_committed) from the beginning up to the end offsets that a
     * read_committed consumer sees now (the last stable offsets).
     */
    static List<JsonNode> readAllCommitted(Map<String, Object> clientProps, String topic) throws IOException {
        List<JsonNode> seen = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = consumer(clientProps)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp, Duration.ofSeconds(30)) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + topic + " to its end offsets " + end);
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    seen.add(Json.mapper().readTree(r.value()));
                }
            }
        }
        return seen;
    }

    /** The number of bars per symbol in a bars topic, read from the beginning to the end. */
    static Map<String, Integer> countBySymbol(Map<String, Object> clientProps, String topic) throws IOException {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (JsonNode bar : readAllCommitted(clientProps, topic)) {
            counts.merge(bar.get("symbol").asText(), 1, Integer::sum);
        }
        return counts;
    }

    static KafkaConsumer<String, byte[]> consumer(Map<String, Object> clientProps) {
        return io.barcast.testing.CommittedReader.consumer(clientProps, "rel-reader");
    }

    static List<String> symbols(List<JsonNode> records) {
        return records.stream().map(r -> r.get("symbol").asText()).distinct().toList();
    }

    static HttpResponse<String> get(String host, int port, String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + path))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static String abbreviate(List<JsonNode> records) {
        String s = records.toString();
        return s.length() > 2000 ? s.substring(0, 2000) + "..." : s;
    }
}
