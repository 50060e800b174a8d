package io.barcast.reliability;

import io.barcast.broker.EmbeddedKafka;
import io.barcast.events.Json;
import io.barcast.service.BarcastService;
import io.barcast.service.ServiceConfig;
import io.barcast.stream.Topics;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/** Shared plumbing of the reliability tests: configuration, read_committed reading, metrics scraping. */
final class ReliabilityHarness {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private ReliabilityHarness() {
    }

    /** A service configuration on its own application id and topics, one partition per topic, small models. */
    static Properties baseConfig(EmbeddedKafka broker, Path stateDir, String name) {
        // Callers set window.bars and retrain.every.bars themselves.
        return io.barcast.testing.SmallServiceConfig.smallConfig(broker.bootstrapServers(), ReliabilitySupport.uniqueId(name), stateDir, 1);
    }

    static List<String> outputTopics(ServiceConfig config) {
        Topics t = config.topics();
        return List.of(t.predictions(), t.trainingLoss(), t.outcomes(), t.rejected());
    }

    static KafkaConsumer<byte[], byte[]> committedConsumer(EmbeddedKafka broker) {
        Map<String, Object> p = broker.clientProperties();
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "rel-reader-" + UUID.randomUUID());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 4 * 1024 * 1024);
        return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** Every committed record of the topic, read from the beginning up to the last stable offset. */
    static List<ConsumerRecord<byte[], byte[]>> readCommitted(EmbeddedKafka broker, String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = committedConsumer(broker)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            List<ConsumerRecord<byte[], byte[]>> seen = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                assertThat(System.nanoTime()).as("reading %s up to %s", topic, end).isLessThan(deadline);
                consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
            }
            return seen;
        }
    }

    /**
     * Polls the topic (read_committed, from the beginning) until the JSON values seen satisfy {@code done};
     * fails at once if the service stops running, and after {@code timeout}.
     */
    static List<JsonNode> awaitJson(EmbeddedKafka broker, BarcastService service, String topic, Duration timeout,
                                    Predicate<List<JsonNode>> done) {
        List<JsonNode> seen = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<byte[], byte[]> consumer = committedConsumer(broker)) {
            consumer.subscribe(List.of(topic));
            while (!done.test(seen)) {
                if (stopped(service)) {
                    fail("the service stopped (" + service.state() + ") while waiting for records on " + topic);
                }
                if (System.nanoTime() > deadline) {
                    fail("timed out waiting for records on " + topic + "; service " + service.state() + "; have "
                            + seen.size() + ": " + abbreviate(seen.toString()));
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    seen.add(json(r.value()));
                }
            }
        }
        return seen;
    }

    static boolean stopped(BarcastService service) {
        return switch (service.state()) {
            case PENDING_SHUTDOWN, NOT_RUNNING, PENDING_ERROR, ERROR -> true;
            default -> false;
        };
    }

    static JsonNode json(byte[] value) {
        try {
            return Json.mapper().readTree(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String metrics(BarcastService service) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + service.httpPort() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    /** The value of one Prometheus series, or 0 when the series is absent (a counter never incremented). */
    static double seriesOrZero(String metrics, String series) {
        return metrics.lines().filter(l -> l.startsWith(series + " ")).findFirst()
                .map(l -> Double.parseDouble(l.substring(series.length() + 1).trim())).orElse(0.0);
    }

    static String abbreviate(String s) {
        return s.length() <= 2000 ? s : s.substring(0, 2000) + "...";
    }
}
