package io.barcast.service;

import io.barcast.evaluation.ForecastMetrics;
import io.barcast.events.Json;
import io.barcast.forecast.SymbolState;
import io.barcast.model.ModelMetadata;
import io.barcast.model.ModelSnapshot;
import io.barcast.service.HttpEndpoints.Request;
import io.barcast.service.HttpEndpoints.Response;
import io.barcast.stream.BarcastTopology;
import io.barcast.stream.SymbolStateCodec;

import com.fasterxml.jackson.core.type.TypeReference;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.LagInfo;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
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
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

/**
 * {@code /predictions/{symbol}} and {@code /predictions} on any instance, over Kafka Streams' interactive queries.
 *
 * <p>A symbol: answered from this instance's active copy of its partition when it has one; else fetched from the
 * instance {@code queryMetadataForKey} names as active; when that one does not answer, from a copy here that is
 * still catching up (a standby, or an active copy still restoring: {@code "source": "standby"|"restoring"} with its
 * {@code lagOffsets}), else from an instance that holds a standby. Every answer says which instance read it
 * ({@code servedBy}) and from which copy ({@code source}). A request that another instance forwarded
 * ({@link RemoteFetch#FORWARDED}) is answered from this instance's copies only, so a request crosses at most one hop.
 *
 * <p>The listing: this instance's active partitions, each other instance's ({@code /predictions?local=true}, asked in
 * parallel), and for the partitions of an instance that did not answer, this instance's standby copies; merged and
 * paged by {@link PredictionPages}.
 */
public final class PredictionQueries implements HttpEndpoints.PredictionLookup {

    private static final Logger log = LoggerFactory.getLogger(PredictionQueries.class);
    private static final List<String> STORES = List.of(BarcastTopology.STATE_STORE, BarcastTopology.MODEL_STORE,
            BarcastTopology.WINDOW_STORE);

    private final KafkaStreams streams;
    private final String barsTopic;
    private final HostInfo self;
    private final String selfText;
    private final RemoteFetch remote;

    public PredictionQueries(KafkaStreams streams, String barsTopic, HostInfo self, RemoteFetch remote) {
        this.streams = streams;
        this.barsTopic = barsTopic;
        this.self = self;
        this.selfText = self.host() + ":" + self.port();
        this.remote = remote;
    }

    // ---- one symbol ----

    @Override
    public Response lookup(String symbol, Request request) {
        try {
            KeyQueryMetadata meta = metadata(symbol);
            boolean known = meta != null && meta != KeyQueryMetadata.NOT_AVAILABLE && meta.partition() >= 0;
            int partition = known ? meta.partition() : -1;
            if (request.header(RemoteFetch.FORWARDED) != null) {
                Response here = local(symbol, partition, true);
                return here != null ? here : Response.error(503, "no copy of '" + symbol + "' on " + selfText);
            }
            if (known && usable(meta.activeHost())) {
                Response r = meta.activeHost().equals(self) ? local(symbol, partition, false) : fetch(meta.activeHost(), symbol);
                if (r != null) {
                    return r;
                }
            }
            Response here = local(symbol, partition, true);
            if (here != null) {
                return here;
            }
            if (known) {
                for (HostInfo standby : meta.standbyHosts()) {
                    Response r = usable(standby) && !standby.equals(self) ? fetch(standby, symbol) : null;
                    if (r != null) {
                        return r;
                    }
                }
            }
            // A rebalance, and a standby turning active, close and reopen copies for a moment: while one runs or a
            // copy should be here, wait for it, at most the remote timeout.
            boolean oughtHere = known && (self.equals(meta.activeHost()) || meta.standbyHosts().contains(self));
            long until = System.nanoTime() + remote.timeout().toNanos();
            while ((oughtHere || streams.state() == KafkaStreams.State.REBALANCING) && System.nanoTime() < until) {
                Thread.sleep(100);
                here = local(symbol, partition, true);
                if (here != null) {
                    return here;
                }
            }
            return Response.error(503, "no queryable copy of '" + symbol + "' now (" + streams.state()
                    + (known ? "; active " + text(meta.activeHost()) + " did not answer" : "; partition assignment unknown")
                    + "); retry shortly");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Response.error(503, "interrupted; retry shortly");
        } catch (RuntimeException e) {
            log.warn("Prediction lookup for {} failed", symbol, e);
            return Response.error(500, "lookup failed: " + e.getMessage());
        }
    }

    private KeyQueryMetadata metadata(String symbol) {
        try {
            return streams.queryMetadataForKey(BarcastTopology.STATE_STORE, symbol, Serdes.String().serializer());
        } catch (RuntimeException notYet) {
            return KeyQueryMetadata.NOT_AVAILABLE;
        }
    }

    /**
     * The answer from a copy here: of {@code partition} (or of whichever local partition holds the symbol, when -1);
     * null when there is no queryable copy here (or, for an unknown partition, none holds the symbol). Stale copies
     * (standby, restoring) only when {@code allowStale}.
     */
    private Response local(String symbol, int partition, boolean allowStale) {
        Roles roles = roles();
        List<Integer> candidates = new ArrayList<>();
        if (partition >= 0) {
            candidates.add(partition);
        } else {
            candidates.addAll(roles.active());
            candidates.addAll(roles.standby());
        }
        Map<String, Map<Integer, LagInfo>> lags = null;
        for (int p : candidates) {
            Copy copy = copy(p, allowStale, roles);
            if (copy == null) {
                continue;
            }
            try {
                byte[] s = copy.states().get(symbol);
                if (s == null && partition < 0) {
                    continue;
                }
                if (!"active".equals(copy.source()) && lags == null) {
                    lags = lags();
                }
                return answer(symbol, s == null ? null : SymbolStateCodec.decode(s), copy, lagOf(lags, p));
            } catch (InvalidStateStoreException movedAway) {
                // the task migrated while we read: try the next copy, then elsewhere
            }
        }
        return null;
    }

    private Response fetch(HostInfo host, String symbol) {
        RemoteFetch.Answer a = remote.getNow(host, "/predictions/" + URLEncoder.encode(symbol, StandardCharsets.UTF_8)
                .replace("+", "%20"));
        if (a == null || (a.status() != 200 && a.status() != 404)) {
            log.debug("{} did not answer for {} ({})", text(host), symbol, a == null ? "no answer" : a.status());
            return null;
        }
        return new Response(a.status(), a.body());
    }

    private Response answer(String symbol, SymbolState state, Copy copy, Long lag) throws InvalidStateStoreException {
        if (state == null || state.pending() == null) {
            return Response.error(404, state == null ? "unknown symbol '" + symbol + "'"
                    : "no prediction yet for '" + symbol + "' (no model has been promoted)");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        SymbolState.Pending p = state.pending();
        body.put("symbol", symbol);
        body.put("asOf", p.asOf());
        body.put("lastClose", p.lastClose());
        body.put("predictedClose", p.predictedClose());
        body.put("modelVersion", p.modelVersion());
        body.put("trainedThrough", p.trainedThrough());
        byte[] m = copy.models().get(symbol);
        if (m != null) {
            ModelMetadata meta = ModelSnapshot.fromBytes(m).metadata();
            Map<String, Object> model = new LinkedHashMap<>();
            model.put("version", meta.version());
            model.put("trainedThrough", meta.trainedThrough());
            model.put("trainedAt", meta.trainedAt().toString());
            model.put("valTheilU", Json.num(meta.valTheilU()));
            model.put("valRmseModel", Json.num(meta.valRmseModel()));
            model.put("valRmseNaive", Json.num(meta.valRmseNaive()));
            model.put("epochs", meta.epochsRun());
            model.put("hyperparameters", new TreeMap<>(meta.config().toProperties()));
            body.put("model", model);
        }
        putProvenance(body, copy.source(), lag);
        return new Response(200, Json.bytes(body));
    }

    private void putProvenance(Map<String, Object> body, String source, Long lag) {
        body.put("source", source);
        body.put("lagOffsets", "active".equals(source) ? Long.valueOf(0) : lag);
        body.put("servedBy", selfText);
    }

    // ---- every symbol ----

    @Override
    public Response list(Request request) {
        int limit;
        try {
            limit = PredictionPages.limit(request.query().get("limit"));
        } catch (IllegalArgumentException e) {
            return Response.error(400, e.getMessage());
        }
        String after = request.query().getOrDefault("after", "");
        try {
            Roles roles = roles();
            if (request.header(RemoteFetch.FORWARDED) != null || "true".equals(request.query().get("local"))) {
                Local mine = localRows(new TreeSet<>(roles.active()), false, after, limit, roles);
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("predictions", mine.slice().rows());
                body.put("more", mine.slice().more());
                body.put("partitions", mine.covered());
                body.put("servedBy", selfText);
                return new Response(200, Json.bytes(body));
            }
            return new Response(200, Json.bytes(merged(after, limit, roles)));
        } catch (RuntimeException e) {
            log.warn("Prediction listing failed", e);
            return Response.error(500, "listing failed: " + e.getMessage());
        }
    }

    private Map<String, Object> merged(String after, int limit, Roles roles) {
        Collection<StreamsMetadata> clients = clients();
        Set<Integer> all = new TreeSet<>(roles.active());
        all.addAll(roles.standby());
        Map<HostInfo, Set<Integer>> others = new LinkedHashMap<>();
        for (StreamsMetadata c : clients) {
            Set<Integer> active = partitions(c.topicPartitions());
            all.addAll(active);
            if (!c.hostInfo().equals(self) && usable(c.hostInfo())) {
                others.put(c.hostInfo(), active);
            }
        }
        String query = "/predictions?local=true&limit=" + limit
                + (after.isEmpty() ? "" : "&after=" + URLEncoder.encode(after, StandardCharsets.UTF_8));
        Map<HostInfo, CompletableFuture<RemoteFetch.Answer>> asked = new LinkedHashMap<>();
        others.keySet().forEach(h -> asked.put(h, remote.get(h, query)));

        List<PredictionPages.Slice> slices = new ArrayList<>();
        Local mine = localRows(new TreeSet<>(roles.active()), false, after, limit, roles);
        slices.add(mine.slice());
        Set<Integer> covered = new TreeSet<>(mine.covered());
        List<String> unreachable = new ArrayList<>();
        for (Map.Entry<HostInfo, CompletableFuture<RemoteFetch.Answer>> e : asked.entrySet()) {
            RemoteFetch.Answer a = join(e.getValue());
            Map<String, Object> body = a == null || a.status() != 200 ? null : parse(a.body());
            if (body == null) {
                unreachable.add(text(e.getKey()));
                continue;
            }
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> rows = (List<Map<String, Object>>) body.getOrDefault("predictions", List.of());
            slices.add(new PredictionPages.Slice(rows, Boolean.TRUE.equals(body.get("more"))));
            if (body.get("partitions") instanceof List<?> ps) {
                ps.forEach(p -> covered.add(((Number) p).intValue()));
            }
        }
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
        body.put("servedBy", selfText);
        body.put("state", streams.state().name());
        return body;
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
    private Local localRows(Set<Integer> partitions, boolean allowStale, String after, int limit, Roles roles) {
        List<Map<String, Object>> rows = new ArrayList<>();
        Set<Integer> covered = new TreeSet<>();
        Map<String, Map<Integer, LagInfo>> lags = null;
        for (int p : partitions) {
            Copy copy = copy(p, allowStale, roles);
            if (copy == null) {
                continue;
            }
            if (!"active".equals(copy.source()) && lags == null) {
                lags = lags();
            }
            Long lag = lagOf(lags, p);
            List<Map<String, Object>> part = new ArrayList<>();
            try (KeyValueIterator<String, byte[]> it = copy.states().all()) {
                while (it.hasNext()) {
                    KeyValue<String, byte[]> kv = it.next();
                    if (after.isEmpty() || kv.key.compareTo(after) > 0) {
                        part.add(row(kv.key, SymbolStateCodec.decode(kv.value), copy.source(), lag));
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

    private Map<String, Object> row(String symbol, SymbolState state, String source, Long lag) {
        Map<String, Object> row = new LinkedHashMap<>();
        SymbolState.Pending p = state.pending();
        row.put("symbol", symbol);
        row.put("asOf", p == null ? null : p.asOf());
        row.put("lastClose", p == null ? null : p.lastClose());
        row.put("predictedClose", p == null ? null : p.predictedClose());
        row.put("modelVersion", p == null ? null : p.modelVersion());
        row.put("trainedThrough", p == null ? null : p.trainedThrough());
        ForecastMetrics m = state.metrics() == null ? new ForecastMetrics() : ForecastMetrics.fromState(state.metrics());
        Map<String, Object> skill = new LinkedHashMap<>();
        skill.put("outcomes", m.count());
        skill.put("theilU", Json.num(m.theilU()));
        skill.put("hitRate", Json.num(m.hitRate()));
        skill.put("weight", Json.num(state.skill().weight()));
        row.put("skill", skill);
        putProvenance(row, source, lag);
        return row;
    }

    // ---- copies of store partitions here ----

    private record Roles(Set<Integer> active, Set<Integer> standby) {
    }

    private record Copy(ReadOnlyKeyValueStore<String, byte[]> states, ReadOnlyKeyValueStore<String, byte[]> models,
                        String source) {
    }

    private record Local(PredictionPages.Slice slice, Set<Integer> covered) {
    }

    /** The partitions of this instance's active and standby tasks. */
    private Roles roles() {
        Set<Integer> active = new TreeSet<>();
        Set<Integer> standby = new TreeSet<>();
        try {
            for (ThreadMetadata t : streams.metadataForLocalThreads()) {
                t.activeTasks().forEach(task -> active.add(task.taskId().partition()));
                t.standbyTasks().forEach(task -> standby.add(task.taskId().partition()));
            }
        } catch (RuntimeException notYet) {
            // not started or shutting down: no copies
        }
        standby.removeAll(active);
        return new Roles(active, standby);
    }

    /**
     * The best queryable copy of a partition here: the active one ({@code active}); when stale copies are allowed, a
     * standby ({@code standby}) or the active one while it restores or a rebalance runs ({@code restoring}); else null.
     */
    private Copy copy(int partition, boolean allowStale, Roles roles) {
        // Kafka Streams knows best which copies it has: ask it even when the thread metadata (which a rebalance
        // rewrites) does not list the partition.
        boolean standby = roles.standby().contains(partition);
        if (!standby) {
            try {
                return new Copy(store(BarcastTopology.STATE_STORE, partition, false),
                        store(BarcastTopology.MODEL_STORE, partition, false), "active");
            } catch (InvalidStateStoreException notCurrent) {
                // restoring, rebalancing, or not active here
            }
        }
        if (!allowStale) {
            return null;
        }
        try {
            return new Copy(store(BarcastTopology.STATE_STORE, partition, true),
                    store(BarcastTopology.MODEL_STORE, partition, true), standby ? "standby" : "restoring");
        } catch (InvalidStateStoreException none) {
            return null;
        }
    }

    private ReadOnlyKeyValueStore<String, byte[]> store(String name, int partition, boolean stale) {
        StoreQueryParameters<ReadOnlyKeyValueStore<String, byte[]>> q = StoreQueryParameters
                .fromNameAndType(name, QueryableStoreTypes.<String, byte[]>keyValueStore()).withPartition(partition);
        return streams.store(stale ? q.enableStaleStores() : q);
    }

    /** Every local store partition's lag (one call to the broker); empty when it cannot be had now. */
    private Map<String, Map<Integer, LagInfo>> lags() {
        try {
            return streams.allLocalStorePartitionLags();
        } catch (RuntimeException e) {
            log.debug("No store lags now: {}", e.toString());
            return Map.of();
        }
    }

    /** The largest offset lag of the partition's stores, or null when unknown. */
    private static Long lagOf(Map<String, Map<Integer, LagInfo>> lags, int partition) {
        if (lags == null) {
            return null;
        }
        Long max = null;
        for (String store : STORES) {
            LagInfo info = lags.getOrDefault(store, Map.of()).get(partition);
            if (info != null) {
                max = max == null ? info.offsetLag() : Math.max(max, info.offsetLag());
            }
        }
        return max;
    }

    private Set<Integer> partitions(Set<TopicPartition> tps) {
        Set<Integer> ps = new TreeSet<>();
        tps.stream().filter(tp -> tp.topic().equals(barsTopic)).forEach(tp -> ps.add(tp.partition()));
        return ps;
    }

    private static boolean usable(HostInfo h) {
        return h != null && h.port() > 0 && !h.host().isEmpty();
    }

    private static String text(HostInfo h) {
        return h == null ? "none" : h.host() + ":" + h.port();
    }
}
