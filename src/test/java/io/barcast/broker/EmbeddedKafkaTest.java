package io.barcast.broker;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
@Tag("integration")
class EmbeddedKafkaTest {

    private static final Duration POLL_TIMEOUT = Duration.ofSeconds(15);

    @Test
    void shouldProduceTransactionallyAndConsumeOnlyCommittedRecords() throws Exception {
        EmbeddedKafka kafka = EmbeddedKafka.start();
        Path dataDir = kafka.dataDir();
        try {
            assertThat(kafka.bootstrapServers()).isEqualTo("localhost:" + kafka.port());
            assertThat(Files.exists(dataDir.resolve("meta.properties"))).isTrue();
            kafka.createTopics(Map.of("bars", 2));
            kafka.createTopics(Map.of("bars", 2)); // idempotent

            try (KafkaProducer<String, String> producer = transactionalProducer(kafka.clientProperties())) {
                producer.initTransactions();
                producer.beginTransaction();
                producer.send(new ProducerRecord<>("bars", "AAPL", "committed-1"));
                producer.send(new ProducerRecord<>("bars", "MSFT", "committed-2"));
                producer.commitTransaction();
                producer.beginTransaction();
                producer.send(new ProducerRecord<>("bars", "AAPL", "aborted"));
                producer.flush();
                producer.abortTransaction();
                producer.beginTransaction();
                producer.send(new ProducerRecord<>("bars", "MSFT", "committed-3"));
                producer.commitTransaction();
            }

            assertThat(consumeValues(kafka.clientProperties(), "bars", 3))
                    .containsExactlyInAnyOrder("committed-1", "committed-2", "committed-3");
        } finally {
            kafka.close();
        }
        kafka.close(); // a second close is a no-op
        assertThat(kafka.isRunning()).isFalse();
        assertThat(dataDir).doesNotExist();
    }

    @Test
    void shouldKeepCommittedRecordsWhenRestartedOnTheSamePortAndDataDir(@TempDir Path tmp) throws Exception {
        Path dataDir = tmp.resolve("kafka");
        int port;
        try (EmbeddedKafka kafka = EmbeddedKafka.start(EmbeddedKafka.Options.defaults().withDataDir(dataDir))) {
            port = kafka.port();
            kafka.createTopics(Map.of("outcomes", 1));
            produceCommitted(kafka.clientProperties(), "outcomes", "before-restart");

            kafka.restart();

            assertThat(kafka.port()).isEqualTo(port);
            assertThat(kafka.dataDir()).isEqualTo(dataDir.toAbsolutePath());
            assertThat(consumeValues(kafka.clientProperties(), "outcomes", 1)).containsExactly("before-restart");
            produceCommitted(kafka.clientProperties(), "outcomes", "after-restart");
            assertThat(consumeValues(kafka.clientProperties(), "outcomes", 2))
                    .containsExactly("before-restart", "after-restart");
        }
        // A given data directory survives close, and a new broker reuses its formatted storage.
        assertThat(dataDir.resolve("meta.properties")).exists();
        try (EmbeddedKafka kafka = EmbeddedKafka.start(
                EmbeddedKafka.Options.defaults().withDataDir(dataDir).withPort(port))) {
            assertThat(kafka.bootstrapServers()).isEqualTo("localhost:" + port);
            assertThat(consumeValues(kafka.clientProperties(), "outcomes", 2))
                    .containsExactly("before-restart", "after-restart");
        }
    }

    @Test
    void shouldAuthenticateScramUsersAndRejectAWrongPasswordQuickly() throws Exception {
        Map<String, String> users = new LinkedHashMap<>();
        users.put("barcast", "s3cret\"pa]ss");
        users.put("reader", "other-secret");
        try (EmbeddedKafka kafka = EmbeddedKafka.start(EmbeddedKafka.Options.defaults().withScramUsers(users))) {
            assertThat(kafka.saslEnabled()).isTrue();
            assertThat(kafka.clientProperties())
                    .containsEntry("security.protocol", "SASL_PLAINTEXT")
                    .containsEntry("sasl.mechanism", "SCRAM-SHA-256")
                    .containsEntry("sasl.jaas.config", EmbeddedKafka.scramJaasConfig("barcast", "s3cret\"pa]ss"));
            kafka.createTopics(Map.of("predictions", 1));

            produceCommitted(kafka.clientProperties(), "predictions", "authenticated");
            assertThat(consumeValues(kafka.clientProperties("reader", "other-secret"), "predictions", 1))
                    .containsExactly("authenticated");

            Map<String, Object> wrong = kafka.clientProperties("barcast", "wrong-password");
            long started = System.nanoTime();
            try (KafkaProducer<String, String> producer = plainProducer(wrong)) {
                assertThatThrownBy(() -> producer.send(new ProducerRecord<>("predictions", "k", "v"))
                        .get(10, TimeUnit.SECONDS))
                        .isInstanceOf(ExecutionException.class)
                        .hasCauseInstanceOf(SaslAuthenticationException.class);
            }
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("a wrong password fails fast").isLessThan(Duration.ofSeconds(1));
        }
    }

    @Test
    void shouldApplyTheGivenScramUsersWhenReusingAFormattedDataDir(@TempDir Path tmp) {
        Path dataDir = tmp.resolve("kafka");
        EmbeddedKafka.Options options = EmbeddedKafka.Options.defaults().withDataDir(dataDir);
        try (EmbeddedKafka kafka = EmbeddedKafka.start(options.withScramUsers(Map.of("barcast", "old")))) {
            kafka.createTopics(Map.of("bars", 1));
        }
        try (EmbeddedKafka kafka = EmbeddedKafka.start(options.withScramUsers(Map.of("barcast", "new")))) {
            produceCommitted(kafka.clientProperties(), "bars", "with-new-password");
            assertThat(consumeValues(kafka.clientProperties(), "bars", 1)).containsExactly("with-new-password");
            try (KafkaProducer<String, String> producer = plainProducer(kafka.clientProperties("barcast", "old"))) {
                assertThatThrownBy(() -> producer.send(new ProducerRecord<>("bars", "k", "v")).get(10, TimeUnit.SECONDS))
                        .hasCauseInstanceOf(SaslAuthenticationException.class);
            }
        }
    }

    @Test
    void shouldRunAnExactlyOnceStreamsApplication(@TempDir Path stateDir) {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.createTopics(Map.of("raw", 2, "upper", 2));
            StreamsBuilder builder = new StreamsBuilder();
            builder.stream("raw", Consumed.with(Serdes.String(), Serdes.String()))
                    .mapValues(value -> value.toUpperCase(Locale.ROOT))
                    .to("upper", Produced.with(Serdes.String(), Serdes.String()));
            Properties props = new Properties();
            props.putAll(kafka.clientProperties());
            props.put(StreamsConfig.APPLICATION_ID_CONFIG, "eos-" + UUID.randomUUID());
            props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
            props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
            props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
            try (KafkaStreams streams = new KafkaStreams(builder.build(), props)) {
                streams.start();
                try (KafkaProducer<String, String> producer = plainProducer(kafka.clientProperties())) {
                    for (String value : List.of("a", "b", "c")) {
                        producer.send(new ProducerRecord<>("raw", value, value));
                    }
                }
                assertThat(consumeValues(kafka.clientProperties(), "upper", 3))
                        .containsExactlyInAnyOrder("A", "B", "C");
                streams.close(Duration.ofSeconds(10));
            }
        }
    }

    private static void produceCommitted(Map<String, Object> clientProperties, String topic, String value) {
        try (KafkaProducer<String, String> producer = transactionalProducer(clientProperties)) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "key", value));
            producer.commitTransaction();
        }
    }

    private static KafkaProducer<String, String> transactionalProducer(Map<String, Object> clientProperties) {
        Map<String, Object> props = new LinkedHashMap<>(clientProperties);
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "tx-" + UUID.randomUUID());
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    private static KafkaProducer<String, String> plainProducer(Map<String, Object> clientProperties) {
        Map<String, Object> props = new LinkedHashMap<>(clientProperties);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    /** Reads the topic from the start with read_committed until {@code expected} records or the poll timeout. */
    private static List<String> consumeValues(Map<String, Object> clientProperties, String topic, int expected) {
        Map<String, Object> props = new LinkedHashMap<>(clientProperties);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                     new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + POLL_TIMEOUT.toNanos();
            while (values.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
            }
            // Anything beyond the expected records (e.g. an aborted one) would show up here.
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(300))) {
                values.add(record.value());
            }
        }
        return values;
    }
}
