package io.barcast.service;

import io.barcast.bar.Bar;
import io.barcast.broker.EmbeddedKafka;
import io.barcast.events.Json;
import io.barcast.forecast.Trainer;
import io.barcast.replay.BarReplayer;
import io.barcast.stream.Topics;
import io.barcast.testing.BrokerKit;
import io.barcast.testing.LibrdkafkaPartitioner;
import io.barcast.testing.ServiceHttp;
import io.barcast.testing.ServiceProcess;
import io.barcast.testing.SmallServiceConfig;
import io.barcast.testing.StreamsStates;
import io.barcast.testing.SyntheticBars;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

import static io.barcast.testing.SmallServiceConfig.smallConfig;
import static io.barcast.testing.SmallServiceConfig.uniqueId;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bars produced with librdkafka's default partitioner (CRC-32, as confluent-kafka, Go, .NET and kcat produce them)
 * land on other partitions than Kafka Streams' murmur2 lookup would ask; two instances (one in this JVM, one a JVM of
 * its own; 2 partitions, no standbys) still answer {@code /predictions/SYMBOL} for every symbol, each on both.
 */
@Tag("integration")
class ForeignPartitionerLookupTest {

    private static final Logger log = LoggerFactory.getLogger(ForeignPartitionerLookupTest.class);

    private static final int PARTITIONS = 2;
    /** Symbols per partition that CRC-32 places elsewhere than murmur2; and one it places alike. */
    private static final int MISPLACED_PER_PARTITION = 2;
    private static final int BARS = 40 + 2;

    @TempDir
    Path tmp;

    @Test
    void shouldAnswerSymbolsOfALibrdkafkaProducerOnEveryInstance() throws Exception {
        Map<String, List<Bar>> series = symbols();
        List<String> names = List.copyOf(series.keySet());
        try (EmbeddedKafka broker = EmbeddedKafka.start(EmbeddedKafka.Options.defaults().withNumPartitions(1))) {
            BrokerKit reader = BrokerKit.of(broker);
            Map<String, Object> producer = new LinkedHashMap<>(broker.clientProperties());
            producer.put(ProducerConfig.PARTITIONER_CLASS_CONFIG, LibrdkafkaPartitioner.class.getName());
            BrokerKit crc32 = new BrokerKit(producer);

            Properties common = smallConfig(broker.bootstrapServers(), uniqueId("crc32-lookup"), tmp.resolve("unused"),
                    PARTITIONS);
            Properties a = new Properties();
            a.putAll(common);
            a.setProperty("state.dir", Files.createDirectories(tmp.resolve("state-a")).toString());
            ServiceConfig configA = ServiceConfig.of(a);
            Topics topics = configA.topics();
            Properties b = new Properties();
            b.putAll(common);
            b.setProperty("state.dir", Files.createDirectories(tmp.resolve("state-b")).toString());
            b.setProperty("http.port", Integer.toString(ServiceProcess.freePort()));
            Path fileB = SmallServiceConfig.write(b, tmp.resolve("instance-b.properties"));

            try (BarcastService first = ServiceProcess.inJvm(configA, Trainer.lstm());
                 ServiceProcess second = ServiceProcess.childJvm(fileB, tmp.resolve("instance-b.log"), 512)) {
                try {
                    second.awaitReady(Duration.ofSeconds(90));
                    StreamsStates.awaitStableRunning(first);
                    int[] ports = {first.httpPort(), second.httpPort()};

                    crc32.replay(topics.bars(), BarReplayer.interleave(List.copyOf(series.values())));
                    assertCrc32Placement(reader.records(topics.bars()), names);
                    Map<String, String> lastDate = new TreeMap<>();
                    names.forEach(s -> lastDate.put(s, series.get(s).get(BARS - 1).date().toString()));
                    reader.readUntil(topics.predictions(), Duration.ofSeconds(120), p -> lastDate.entrySet().stream()
                            .allMatch(e -> p.stream().anyMatch(x -> x.get("symbol").asText().equals(e.getKey())
                                    && x.get("asOf").asText().equals(e.getValue()))));

                    // Every symbol answers 200 on both instances, from the active copy of the one that holds it.
                    Map<String, String> holder = new TreeMap<>();
                    for (String s : names) {
                        JsonNode one = awaitAnswer(ports[0], s, lastDate.get(s));
                        JsonNode two = awaitAnswer(ports[1], s, lastDate.get(s));
                        assertThat(one.get("servedBy").asText()).as(s + ": both name the holder")
                                .isEqualTo(two.get("servedBy").asText());
                        assertThat(one.get("source").asText()).as(s).isEqualTo("active");
                        assertThat(two.get("source").asText()).as(s).isEqualTo("active");
                        holder.put(s, one.get("servedBy").asText());
                    }
                    log.info("Holders of the CRC-32-partitioned symbols: {}", holder);
                    assertThat(Set.copyOf(holder.values())).as("each instance holds some, so each asked the other")
                            .hasSize(2);

                    // Unknown: 404 on both; asked as another instance asks, the one without the symbol says so.
                    for (int port : ports) {
                        HttpResponse<String> unknown = ServiceHttp.get(port, "/predictions/NOPE");
                        assertThat(unknown.statusCode()).as(unknown.body()).isEqualTo(404);
                        assertThat(unknown.body()).contains("unknown symbol", "no instance holds it");
                    }
                    String s = names.get(0);
                    int notHolding = holder.get(s).endsWith(":" + ports[0]) ? ports[1] : ports[0];
                    HttpResponse<String> local = ServiceHttp.get(notHolding, "/predictions/" + s + "?local=true");
                    assertThat(local.statusCode()).as(local.body()).isEqualTo(404);
                    assertThat(Json.mapper().readTree(local.body()).get("held").asBoolean(true)).isFalse();
                } catch (Throwable t) {
                    log.error("ForeignPartitionerLookupTest failed; the second instance's log ends with:\n{}",
                            second.logTail());
                    throw t;
                }
            }
        }
    }

    /**
     * {@link #MISPLACED_PER_PARTITION} symbols on each partition where CRC-32 and murmur2 disagree, and one where
     * they agree (the murmur2 owner asked first holds it).
     */
    private static Map<String, List<Bar>> symbols() {
        Map<String, List<Bar>> series = new LinkedHashMap<>();
        int[] misplaced = new int[PARTITIONS];
        boolean agreeing = false;
        for (int i = 0; series.size() < PARTITIONS * MISPLACED_PER_PARTITION + 1; i++) {
            String name = "SYM" + i;
            int p = LibrdkafkaPartitioner.partition(name.getBytes(StandardCharsets.UTF_8), PARTITIONS);
            boolean differs = LibrdkafkaPartitioner.differs(name, PARTITIONS);
            if (differs && misplaced[p] < MISPLACED_PER_PARTITION || !differs && !agreeing) {
                misplaced[p] += differs ? 1 : 0;
                agreeing |= !differs;
                series.put(name, SyntheticBars.autoregressive(name, BARS, 0.3, 0.01, 3000 + i));
            }
        }
        long differing = series.keySet().stream().filter(n -> LibrdkafkaPartitioner.differs(n, PARTITIONS)).count();
        assertThat(differing).as("symbols that CRC-32 and murmur2 place apart").isEqualTo(PARTITIONS * MISPLACED_PER_PARTITION);
        return series;
    }

    /** Each symbol's bars are on the partition CRC-32 picks: the producer did use librdkafka's scheme. */
    private static void assertCrc32Placement(List<ConsumerRecord<byte[], byte[]>> bars, List<String> names) {
        Map<String, Set<Integer>> seen = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> r : bars) {
            seen.computeIfAbsent(new String(r.key(), StandardCharsets.UTF_8), k -> new java.util.TreeSet<>()).add(r.partition());
        }
        assertThat(seen.keySet()).containsExactlyInAnyOrderElementsOf(names);
        seen.forEach((s, ps) -> assertThat(ps).as(s).containsExactly(
                LibrdkafkaPartitioner.partition(s.getBytes(StandardCharsets.UTF_8), PARTITIONS)));
    }

    /** Polls {@code /predictions/{symbol}} until it answers 200 for the bar of {@code asOf}; fails after 30 s. */
    private static JsonNode awaitAnswer(int port, String symbol, String asOf) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        HttpResponse<String> r = null;
        while (System.nanoTime() < deadline) {
            r = ServiceHttp.get(port, "/predictions/" + symbol);
            if (r.statusCode() == 200) {
                JsonNode body = Json.mapper().readTree(r.body());
                if (body.get("asOf").asText().equals(asOf)) {
                    return body;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no answer for " + symbol + " as of " + asOf + " on port " + port + ": "
                + (r == null ? "none" : r.statusCode() + " " + r.body()));
    }
}
