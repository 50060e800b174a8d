package io.barcast.service;

import io.barcast.bar.Bar;
import io.barcast.broker.EmbeddedKafka;
import io.barcast.events.Json;
import io.barcast.forecast.Trainer;
import io.barcast.replay.BarReplayer;
import io.barcast.stream.Topics;
import io.barcast.testing.StreamsStates;
import io.barcast.testing.BrokerKit;
import io.barcast.testing.ServiceHttp;
import io.barcast.testing.ServiceProcess;
import io.barcast.testing.SmallServiceConfig;
import io.barcast.testing.SyntheticBars;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static io.barcast.testing.SmallServiceConfig.smallConfig;
import static io.barcast.testing.SmallServiceConfig.uniqueId;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances (same application id, 2 partitions, one standby replica each) serve {@code /predictions/{symbol}} and
 * {@code /predictions} for every symbol, whichever of them is asked: the one without the symbol fetches it from the
 * one with it. The first runs in this JVM on an ephemeral HTTP port (its {@code application.server} must name the
 * port bound); the second is a JVM of its own and is then killed with SIGKILL. The survivor keeps answering for every
 * symbol, from its standby copies (lag stated) until the group has noticed, then from its own active copies; never a
 * 5xx.
 */
@Tag("integration")
class AnyInstancePredictionsTest {

    private static final Logger log = LoggerFactory.getLogger(AnyInstancePredictionsTest.class);

    private static final int PARTITIONS = 2;
    private static final int PER_PARTITION = 3;
    private static final int WINDOW = 40;
    /** Bars per symbol: the window fills and trains the first model; then a few more, to be predicted and scored. */
    private static final int FIRST = WINDOW + 2;
    private static final int BARS = FIRST + 3;
    private static final Duration SESSION_TIMEOUT = Duration.ofSeconds(6);
    private static final Duration HEARTBEAT = Duration.ofSeconds(2);
    private static final Duration TRANSACTION_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration ABORT_CHECK = Duration.ofSeconds(1);
    /** Fields an answer gains by where it was read; the rest must be the same whichever instance is asked. */
    private static final List<String> PROVENANCE = List.of("source", "lagOffsets", "servedBy");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path tmp;

    @Test
    void shouldAnswerEverySymbolOnEveryInstanceAndKeepAnsweringWhenOneIsKilled() throws Exception {
        Map<String, List<Bar>> series = symbols();
        List<String> names = List.copyOf(new TreeSet<>(series.keySet()));

        try (EmbeddedKafka broker = EmbeddedKafka.start(EmbeddedKafka.Options.defaults().withNumPartitions(1)
                .withBrokerProperties(Map.of("transaction.abort.timed.out.transaction.cleanup.interval.ms",
                        Long.toString(ABORT_CHECK.toMillis()))))) {
            BrokerKit kit = BrokerKit.of(broker);
            String id = uniqueId("any-instance");
            Properties common = smallConfig(broker.bootstrapServers(), id, tmp.resolve("unused"), PARTITIONS);
            common.setProperty("session.timeout.ms", Long.toString(SESSION_TIMEOUT.toMillis()));
            common.setProperty("heartbeat.interval.ms", Long.toString(HEARTBEAT.toMillis()));
            common.setProperty("producer.transaction.timeout.ms", Long.toString(TRANSACTION_TIMEOUT.toMillis()));
            common.setProperty("num.standby.replicas", "1");
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

            try (BarcastService survivor = ServiceProcess.inJvm(configA, Trainer.lstm());
                 ServiceProcess other = ServiceProcess.childJvm(fileB, tmp.resolve("instance-b.log"), 512)) {
                try {
                    int portA = survivor.httpPort();
                    int portB = other.httpPort();
                    String hostA = ServiceHttp.LOOPBACK + ":" + portA;
                    String hostB = ServiceHttp.LOOPBACK + ":" + portB;
                    assertThat(portA).as("the in-JVM instance binds an ephemeral port").isPositive();

                    // Step 1: both instances up and in the group.
                    other.awaitReady(Duration.ofSeconds(90));
                    StreamsStates.awaitStableRunning(survivor);

                    // Step 2: every symbol fills its window, trains its first model and predicts; then more bars, each
                    // predicted and the previous prediction scored (the running skill).
                    kit.replay(topics.bars(), BarReplayer.interleave(names.stream().map(s -> series.get(s).subList(0, FIRST)).toList()));
                    kit.readUntil(topics.predictions(), Duration.ofSeconds(90), p -> BrokerKit.symbols(p).containsAll(names));
                    kit.replay(topics.bars(), BarReplayer.interleave(names.stream().map(s -> series.get(s).subList(FIRST, BARS)).toList()));
                    Map<String, String> lastDate = new TreeMap<>();
                    names.forEach(s -> lastDate.put(s, series.get(s).get(BARS - 1).date().toString()));
                    kit.readUntil(topics.predictions(), Duration.ofSeconds(90), p -> lastDate.entrySet().stream()
                            .allMatch(e -> p.stream().anyMatch(x -> x.get("symbol").asText().equals(e.getKey())
                                    && x.get("asOf").asText().equals(e.getValue()))));

                    // Step 3: both instances answer every symbol with the same content, read from the active copy
                    // on whichever instance holds it: the other instance's answer was fetched over HTTP.
                    Map<String, String> owner = new TreeMap<>();
                    for (String s : names) {
                        JsonNode fromA = awaitAnswer(portA, s, lastDate.get(s), Duration.ofSeconds(30));
                        JsonNode fromB = awaitAnswer(portB, s, lastDate.get(s), Duration.ofSeconds(30));
                        assertThat(withoutProvenance(fromA)).as(s + ": the same answer on both instances")
                                .isEqualTo(withoutProvenance(fromB));
                        assertThat(fromA.get("source").asText()).as(s).isEqualTo("active");
                        assertThat(fromB.get("source").asText()).as(s).isEqualTo("active");
                        assertThat(fromA.get("lagOffsets").asLong()).as(s).isZero();
                        assertThat(fromA.get("servedBy").asText()).as(s + ": both name the owner")
                                .isEqualTo(fromB.get("servedBy").asText()).isIn(hostA, hostB);
                        assertThat(fromA.get("model").get("version").asLong()).as(s).isEqualTo(1);
                        owner.put(s, fromA.get("servedBy").asText());
                    }
                    log.info("Owners: {}", owner);
                    assertThat(Set.copyOf(owner.values())).as("each instance owns some symbols, so each fetched some remotely")
                            .containsExactlyInAnyOrder(hostA, hostB);
                    List<String> onB = names.stream().filter(s -> owner.get(s).equals(hostB)).toList();

                    // The listing, paged by 4, gives every symbol on either instance, with its model version and skill.
                    for (int port : new int[]{portA, portB}) {
                        Map<String, JsonNode> listed = walk(port, 4);
                        assertThat(listed.keySet()).as("listing on port " + port).containsExactlyElementsOf(names);
                        listed.forEach((s, row) -> {
                            assertThat(row.get("modelVersion").asLong()).as(s).isEqualTo(1);
                            assertThat(row.get("asOf").asText()).as(s).isEqualTo(lastDate.get(s));
                            assertThat(row.get("servedBy").asText()).as(s).isEqualTo(owner.get(s));
                            assertThat(row.get("source").asText()).as(s).isEqualTo("active");
                            assertThat(row.get("skill").has("theilU")).as(s).isTrue();
                            assertThat(row.get("skill").get("outcomes").asLong()).as(s).isPositive();
                        });
                    }
                    HttpResponse<String> badLimit = ServiceHttp.get(portA, "/predictions?limit=5000");
                    assertThat(badLimit.statusCode()).isEqualTo(400);
                    HttpResponse<String> unknown = ServiceHttp.get(portB, "/predictions/NOPE");
                    assertThat(unknown.statusCode()).as(unknown.body()).isEqualTo(404);
                    assertThat(Json.mapper().readTree(unknown.body()).get("error").asText()).contains("unknown symbol");

                    // The survivor holds a standby copy of the other instance's symbols, caught up to the last bar
                    // (asked as another instance would: from its own copies only). Its lag is stated; under
                    // exactly-once the changelogs' commit markers count as offsets, so a caught-up copy may show a few.
                    for (String s : onB) {
                        JsonNode[] seen = new JsonNode[1];
                        awaitUntil(Duration.ofSeconds(30), () -> "a caught-up standby copy of " + s + " on the survivor; last answer "
                                + seen[0], () -> {
                            seen[0] = json(forwarded(portA, "/predictions/" + s));
                            return "standby".equals(seen[0].path("source").asText())
                                    && seen[0].path("lagOffsets").isNumber() && lastDate.get(s).equals(seen[0].path("asOf").asText());
                        });
                        log.info("Standby copy of {} on the survivor: lag {} offsets", s, seen[0].get("lagOffsets"));
                        assertThat(withoutProvenance(seen[0])).as(s + ": the standby's answer is the active one's")
                                .isEqualTo(withoutProvenance(json(ServiceHttp.get(portB, "/predictions/" + s))));
                    }

                    // Step 4: kill the second instance (SIGKILL: no leave-group, no close).
                    assertThat(other.kill(Duration.ofSeconds(10))).isTrue();
                    long killedAt = System.nanoTime();
                    log.info("Killed the second instance (exit {})", other.exitValue());

                    // The listing right after the kill: complete, from the standby copies of the dead instance's partition.
                    JsonNode listingAfterKill = Json.mapper().readTree(ServiceHttp.body(portA, "/predictions"));
                    log.info("Listing after the kill: partial {}, unreachable {}", listingAfterKill.get("partial"),
                            listingAfterKill.get("unreachable"));
                    assertThat(symbols(listingAfterKill)).containsExactlyElementsOf(names);
                    assertThat(listingAfterKill.get("partial").asBoolean()).isFalse();

                    // Step 5: read every symbol from the survivor until it serves all from its own active copies,
                    // recording each answer: always 200, from the standby (lag stated) until the take-over.
                    Map<String, Integer> bySource = new TreeMap<>();
                    List<String> failures = new ArrayList<>();
                    boolean settled = false;
                    long deadline = killedAt + Duration.ofSeconds(45).toNanos();
                    while (!settled && System.nanoTime() < deadline) {
                        boolean allActiveHere = true;
                        for (String s : names) {
                            HttpResponse<String> r = ServiceHttp.get(portA, "/predictions/" + s);
                            if (r.statusCode() != 200) {
                                failures.add(s + " " + r.statusCode() + " " + r.body());
                                allActiveHere = false;
                                continue;
                            }
                            JsonNode body = Json.mapper().readTree(r.body());
                            String source = body.get("source").asText();
                            bySource.merge(source, 1, Integer::sum);
                            assertThat(body.get("asOf").asText()).as(s).isEqualTo(lastDate.get(s));
                            if (!source.equals("active")) {
                                assertThat(body.get("lagOffsets").isNumber()).as(s + ": lag stated, " + body).isTrue();
                            }
                            allActiveHere &= source.equals("active") && body.get("servedBy").asText().equals(hostA);
                        }
                        settled = allActiveHere && survivor.state() == KafkaStreams.State.RUNNING;
                        Thread.sleep(200);
                    }
                    log.info("Answers after the kill by source: {}; non-200: {}; settled after {} ms", bySource, failures,
                            Duration.ofNanos(System.nanoTime() - killedAt).toMillis());
                    assertThat(settled).as("the survivor serves every symbol from its own active copies within 45 s").isTrue();
                    assertThat(failures).as("every read after the kill answered 200").isEmpty();
                    assertThat(bySource).as("the dead instance's symbols were read from the standby before the take-over")
                            .containsKey("standby");

                    // After the rebalance: the listing is whole and names no unreachable instance.
                    Map<String, JsonNode> listed = walk(portA, 100);
                    assertThat(listed.keySet()).containsExactlyElementsOf(names);
                    assertThat(listed.values()).allSatisfy(row -> assertThat(row.get("servedBy").asText()).isEqualTo(hostA));
                    JsonNode last = Json.mapper().readTree(ServiceHttp.body(portA, "/predictions"));
                    assertThat(last.get("partial").asBoolean()).isFalse();
                    assertThat(last.get("unreachable")).isEmpty();
                } catch (Throwable t) {
                    log.error("AnyInstancePredictionsTest failed; the second instance's log ends with:\n{}", other.logTail());
                    throw t;
                }
            }
        }
    }

    /** Synthetic symbols, {@link #PER_PARTITION} on each partition. */
    private static Map<String, List<Bar>> symbols() {
        Map<String, List<Bar>> series = new LinkedHashMap<>();
        int[] perPartition = new int[PARTITIONS];
        for (int i = 0; series.size() < PARTITIONS * PER_PARTITION; i++) {
            String name = "SYM" + i;
            int p = Utils.toPositive(Utils.murmur2(name.getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
            if (perPartition[p] < PER_PARTITION) {
                perPartition[p]++;
                series.put(name, SyntheticBars.autoregressive(name, BARS, 0.3, 0.01, 2000 + i));
            }
        }
        return series;
    }

    /** Polls {@code /predictions/{symbol}} until it answers 200 for the bar of {@code asOf}. */
    private static JsonNode awaitAnswer(int port, String symbol, String asOf, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
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

    /** Every row of {@code /predictions}, page by page ({@code limit} a page, following {@code next}). */
    private static Map<String, JsonNode> walk(int port, int limit) throws Exception {
        Map<String, JsonNode> rows = new LinkedHashMap<>();
        String after = null;
        int pages = 0;
        do {
            JsonNode page = Json.mapper().readTree(ServiceHttp.body(port, "/predictions?limit=" + limit
                    + (after == null ? "" : "&after=" + after)));
            assertThat(page.get("predictions").size()).isLessThanOrEqualTo(limit);
            assertThat(page.get("partial").asBoolean()).as(page.toString()).isFalse();
            page.get("predictions").forEach(row -> assertThat(rows.put(row.get("symbol").asText(), row))
                    .as("each symbol once").isNull());
            after = page.get("next").isNull() ? null : page.get("next").asText();
            pages++;
        } while (after != null && pages < 50);
        return rows;
    }

    private static List<String> symbols(JsonNode page) {
        List<String> s = new ArrayList<>();
        page.get("predictions").forEach(row -> s.add(row.get("symbol").asText()));
        return s;
    }

    private static JsonNode withoutProvenance(JsonNode answer) {
        ObjectNode copy = answer.deepCopy();
        PROVENANCE.forEach(copy::remove);
        return copy;
    }

    /** GET as another instance asks: with the forwarding header, so that only the asked instance's copies answer. */
    private static HttpResponse<String> forwarded(int port, String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://" + ServiceHttp.LOOPBACK + ":" + port + path))
                        .header(RemoteFetch.FORWARDED, "test").timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> r) throws IOException {
        return r.statusCode() == 200 ? Json.mapper().readTree(r.body()) : Json.mapper().createObjectNode()
                .put("status", r.statusCode()).put("body", r.body());
    }

    private interface Check {
        boolean ok() throws Exception;
    }

    private static void awaitUntil(Duration timeout, java.util.function.Supplier<String> what, Check check) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (check.ok()) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("not within " + timeout.toSeconds() + " s: " + what.get());
    }

}
