package io.barcast.broker;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Creates topics with replication factor 1 through the client listener and waits until they are served. */
final class TopicCreator {

    private static final Logger LOG = LoggerFactory.getLogger(TopicCreator.class);

    private final Map<String, Object> clientProperties;

    /** @param clientProperties how to reach the client listener (bootstrap and security settings) */
    TopicCreator(Map<String, Object> clientProperties) {
        this.clientProperties = clientProperties;
    }

    /**
     * Creates the topics that do not exist yet, and waits until the broker serves all their partitions (each has a
     * leader). Topics that already exist are left as they are, whatever their partition count.
     *
     * @throws IllegalStateException if a topic cannot be created or is not served within the Admin call timeout
     */
    void create(Map<String, Integer> nameToPartitions) {
        List<NewTopic> topics = new ArrayList<>();
        nameToPartitions.forEach((name, partitions) -> topics.add(new NewTopic(name, partitions, (short) 1)));
        try (Admin admin = Admin.create(AdminClients.properties(clientProperties))) {
            Map<String, KafkaFuture<Void>> results = admin.createTopics(topics).values();
            for (Map.Entry<String, KafkaFuture<Void>> result : results.entrySet()) {
                try {
                    result.getValue().get(AdminClients.CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("Cannot create topic " + result.getKey(), e.getCause());
                    }
                }
            }
            awaitServed(admin, nameToPartitions.keySet());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topics", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Timed out creating topics " + nameToPartitions.keySet(), e);
        }
    }

    private static void awaitServed(Admin admin, Collection<String> names)
            throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + AdminClients.CALL_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                Map<String, TopicDescription> descriptions = admin
                        .describeTopics(names, new DescribeTopicsOptions().timeoutMs(2_000))
                        .allTopicNames().get();
                boolean allLed = descriptions.values().stream()
                        .flatMap(d -> d.partitions().stream())
                        .map(TopicPartitionInfo::leader)
                        .allMatch(leader -> leader != null && !leader.isEmpty());
                if (allLed) {
                    return;
                }
            } catch (ExecutionException e) {
                LOG.debug("Topics {} not served yet: {}", names, e.getCause().toString());
            }
            Waits.sleep(Duration.ofMillis(50));
        }
        throw new TimeoutException("Topics " + names + " were not served within " + AdminClients.CALL_TIMEOUT);
    }
}
