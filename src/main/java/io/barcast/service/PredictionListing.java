package io.barcast.service;

import io.barcast.events.Json;
import io.barcast.service.HttpEndpoints.Request;
import io.barcast.service.HttpEndpoints.Response;
import io.barcast.stream.SymbolStateCodec;

import com.fasterxml.jackson.core.type.TypeReference;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.LagInfo;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

/**
 * {@code /predictions}: this instance's active partitions, each other instance's ({@code /predictions?local=true},
 * asked in parallel), and for the partitions of an instance that did not answer, this instance's standby copies;
 * merged and paged by {@link PredictionPages}.
 */
final class PredictionListing {

    private static final Logger log = LoggerFactory.getLogger(PredictionListing.class);

    /** Rows of some partitions' copies here, and which partitions had one. */
    private record Local(PredictionPages.Slice slice, Set<Integer> covered) {
    }

    private final KafkaStreams streams;
    private final String barsTopic;
    private final HostInfo self;
    private final RemoteFetch remote;
    private final StoreCopies copies;
    private final PredictionAnswers answers;

    PredictionListing(KafkaStreams streams, String barsTopic, HostInfo self, RemoteFetch remote, StoreCopies copies,
                      PredictionAnswers answers) {
        this.streams = streams;
        this.barsTopic = barsTopic;
        this.self = self;
        this.remote = remote;
        this.copies = copies;
        this.answers = answers;
    }

    Response list(Request request) {
        int limit;
        try {
            limit = PredictionPages.limit(request.query().get("limit"));
        } catch (IllegalArgumentException e) {
            return Response.error(400, e.getMessage());
        }
        String after = request.query().getOrDefault("after", "");
        try {
            StoreCopies.Roles roles = copies.roles();
            if (request.header(RemoteFetch.FORWARDED) != null || "true".equals(request.query().get("local"))) {
                Local mine = localRows(new TreeSet<>(roles.active()), false, after, limit, roles);
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("predictions", mine.slice().rows());
                body.put("more", mine.slice().more());
                body.put("partitions", mine.covered());
                body.put("servedBy", SymbolLookup.text(self));
                return new Response(200, Json.bytes(body));
            }
            return new Response(200, Json.bytes(merged(after, limit, roles)));
        } catch (RuntimeException e) {
            log.warn("Prediction listing failed", e);
            return Response.error(500, "listing failed: " + e.getMessage());
        }
    }

    private Map<String, Object> merged(String after, int limit, StoreCopies.Roles roles) {
        Collection<StreamsMetadata> clients = clients();
        Set<Integer> all = new TreeSet<>(roles.active());
        all.addAll(roles.standby());
        Map<HostInfo, CompletableFuture<RemoteFetch.Answer>> asked = new LinkedHashMap<>();
        String query = "/predictions?local=true&limit=" + limit
                + (after.isEmpty() ? "" : "&after=" + URLEncoder.encode(after, StandardCharsets.UTF_8));
        for (StreamsMetadata c : clients) {
            all.addAll(partitions(c.topicPartitions()));
            if (!c.hostInfo().equals(self) && SymbolLookup.usable(c.hostInfo())) {
                asked.put(c.hostInfo(), remote.get(c.hostInfo(), query));
            }
        }
        List<PredictionPages.Slice> slices = new ArrayList<>();
        Local mine = localRows(new TreeSet<>(roles.active()), false, after, limit, roles);
        slices.add(mine.slice());
        Set<Integer> covered = new TreeSet<>(mine.covered());
        List<String> unreachable = gather(asked, slices, covered);
        Set<Integer> missing = new TreeSet<>(all);
        missing.removeAll(covered);
        if (!missing.isEmpty()) {
            Local stale = localRows(missing, true, after, limit, roles);
            slices.add(stale.slice());
            missing.removeAll(stale.covered());
        }
        PredictionPages.Page page = PredictionPages.merge(slices, limit);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("predictions", page.rows());
        body.put("count", page.rows().size());
        body.put("limit", limit);
        body.put("after", after.isEmpty() ? null : after);
        body.put("next", page.next());
        body.put("partial", !missing.isEmpty() || clients.isEmpty());
        body.put("unreachable", unreachable);
        body.put("missingPartitions", missing);
        body.put("servedBy", SymbolLookup.text(self));
        body.put("state", streams.state().name());
        return body;
    }

    /** Adds the other instances' slices and the partitions they covered; returns those that did not answer. */
    private static List<String> gather(Map<HostInfo, CompletableFuture<RemoteFetch.Answer>> asked,
                                       List<PredictionPages.Slice> slices, Set<Integer> covered) {
        List<String> unreachable = new ArrayList<>();
        for (Map.Entry<HostInfo, CompletableFuture<RemoteFetch.Answer>> e : asked.entrySet()) {
            RemoteFetch.Answer a = join(e.getValue());
            Map<String, Object> body = a == null || a.status() != 200 ? null : parse(a.body());
            if (body == null) {
                unreachable.add(SymbolLookup.text(e.getKey()));
                continue;
            }
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> rows = (List<Map<String, Object>>) body.getOrDefault("predictions", List.of());
            slices.add(new PredictionPages.Slice(rows, Boolean.TRUE.equals(body.get("more"))));
            if (body.get("partitions") instanceof List<?> ps) {
                ps.forEach(p -> covered.add(((Number) p).intValue()));
            }
        }
        return unreachable;
    }

    private Collection<StreamsMetadata> clients() {
        try {
            return streams.metadataForAllStreamsClients();
        } catch (RuntimeException notYet) {
            return List.of();
        }
    }

    private static RemoteFetch.Answer join(CompletableFuture<RemoteFetch.Answer> f) {
        try {
            return f.join();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static Map<String, Object> parse(byte[] json) {
        try {
            return Json.mapper().readValue(json, new TypeReference<LinkedHashMap<String, Object>>() { });
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
    }

    /** The rows of these partitions' copies here (stale ones when {@code allowStale}), and which partitions had one. */
    private Local localRows(Set<Integer> partitions, boolean allowStale, String after, int limit, StoreCopies.Roles roles) {
        List<Map<String, Object>> rows = new ArrayList<>();
        Set<Integer> covered = new TreeSet<>();
        Map<String, Map<Integer, LagInfo>> lags = null;
        for (int p : partitions) {
            StoreCopies.Copy copy = copies.copy(p, allowStale, roles);
            if (copy == null) {
                continue;
            }
            if (copy.stale() && lags == null) {
                lags = copies.lags();
            }
            Long lag = StoreCopies.lagOf(lags, p);
            List<Map<String, Object>> part = new ArrayList<>();
            try (KeyValueIterator<String, byte[]> it = copy.states().all()) {
                while (it.hasNext()) {
                    KeyValue<String, byte[]> kv = it.next();
                    if (after.isEmpty() || kv.key.compareTo(after) > 0) {
                        part.add(answers.row(kv.key, SymbolStateCodec.decode(kv.value), copy.source(), lag));
                    }
                }
            } catch (InvalidStateStoreException movedAway) {
                continue;
            }
            rows.addAll(part);
            covered.add(p);
        }
        return new Local(PredictionPages.slice(rows, after, limit), covered);
    }

    private Set<Integer> partitions(Set<TopicPartition> tps) {
        Set<Integer> ps = new TreeSet<>();
        tps.stream().filter(tp -> tp.topic().equals(barsTopic)).forEach(tp -> ps.add(tp.partition()));
        return ps;
    }
}
