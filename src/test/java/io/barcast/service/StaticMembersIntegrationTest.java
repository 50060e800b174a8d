package io.barcast.service;

import io.barcast.broker.EmbeddedKafka;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@Tag("integration")
class StaticMembersIntegrationTest {

    private static final String GROUP = "static-members";

    @Test
    void shouldRemoveTheStoppedMembersOfANameAndOnlyThose() throws Exception {
        try (EmbeddedKafka broker = EmbeddedKafka.start(EmbeddedKafka.Options.defaults().withNumPartitions(2));
             Admin admin = Admin.create(broker.clientProperties())) {
            broker.createTopics(Map.of("t", 2));
            join(broker, "inst-1", "inst2-1"); // a closed static member stays in the group until its session times out

            assertThat(StaticMembers.of(admin, GROUP, List.of("inst", "inst2"))).containsExactlyInAnyOrder("inst-1", "inst2-1");
            assertThat(StaticMembers.remove(admin, GROUP, List.of("inst"))).containsExactly("inst-1");
            assertThat(StaticMembers.of(admin, GROUP, List.of("inst", "inst2"))).containsExactly("inst2-1");
            assertThat(StaticMembers.remove(admin, GROUP, List.of("inst"))).isEmpty();
        }
    }

    /** Two members join together (each takes one partition) and close. */
    private static void join(EmbeddedKafka broker, String first, String second) {
        try (KafkaConsumer<byte[], byte[]> a = consumer(broker, first); KafkaConsumer<byte[], byte[]> b = consumer(broker, second)) {
            a.subscribe(List.of("t"));
            b.subscribe(List.of("t"));
            long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            while ((a.assignment().isEmpty() || b.assignment().isEmpty()) && System.nanoTime() < deadline) {
                a.poll(Duration.ofMillis(100));
                b.poll(Duration.ofMillis(100));
            }
            assertThat(a.assignment()).as("%s joined", first).isNotEmpty();
            assertThat(b.assignment()).as("%s joined", second).isNotEmpty();
        }
    }

    private static KafkaConsumer<byte[], byte[]> consumer(EmbeddedKafka broker, String instanceId) {
        Map<String, Object> p = new HashMap<>(broker.clientProperties());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, GROUP);
        p.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, instanceId);
        p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 120_000);
        return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
}
