package io.barcast.service;

import io.barcast.forecast.SymbolState;
import io.barcast.service.HttpEndpoints.Request;
import io.barcast.service.HttpEndpoints.Response;
import io.barcast.stream.BarcastTopology;
import io.barcast.stream.SymbolStateCodec;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.LagInfo;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code /predictions/{symbol}} on any instance: from this instance's active copy of the symbol's partition; else
 * fetched from the active host; when that one does not answer, from a stale copy here (standby, restoring), else from
 * a standby host. A request another instance forwarded ({@link RemoteFetch#FORWARDED}) is answered from copies here
 * only, so a request crosses at most one hop.
 */
final class SymbolLookup {

    private static final Logger log = LoggerFactory.getLogger(SymbolLookup.class);

    private final KafkaStreams streams;
    private final HostInfo self;
    private final RemoteFetch remote;
    private final StoreCopies copies;
    private final PredictionAnswers answers;

    SymbolLookup(KafkaStreams streams, HostInfo self, RemoteFetch remote, StoreCopies copies, PredictionAnswers answers) {
        this.streams = streams;
        this.self = self;
        this.remote = remote;
        this.copies = copies;
        this.answers = answers;
    }

    Response lookup(String symbol, Request request) {
        try {
            KeyQueryMetadata meta = metadata(symbol);
            boolean known = meta != null && meta != KeyQueryMetadata.NOT_AVAILABLE && meta.partition() >= 0;
            int partition = known ? meta.partition() : -1;
            if (request.header(RemoteFetch.FORWARDED) != null) {
                Response here = local(symbol, partition, true);
                return here != null ? here : Response.error(503, "no copy of '" + symbol + "' on " + text(self));
            }
            Response r = known ? fromOwners(symbol, meta) : null;
            return r != null ? r : waitForCopy(symbol, meta, known);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Response.error(503, "interrupted; retry shortly");
        } catch (RuntimeException e) {
            log.warn("Prediction lookup for {} failed", symbol, e);
            return Response.error(500, "lookup failed: " + e.getMessage());
        }
    }

    /** The active copy (here or fetched), else a stale copy here, else a standby host's answer; null when none answers. */
    private Response fromOwners(String symbol, KeyQueryMetadata meta) {
        if (usable(meta.activeHost())) {
            Response r = meta.activeHost().equals(self) ? local(symbol, meta.partition(), false) : fetch(meta.activeHost(), symbol);
            if (r != null) {
                return r;
            }
        }
        Response here = local(symbol, meta.partition(), true);
        if (here != null) {
            return here;
        }
        for (HostInfo standby : meta.standbyHosts()) {
            Response r = usable(standby) && !standby.equals(self) ? fetch(standby, symbol) : null;
            if (r != null) {
                return r;
            }
        }
        return null;
    }

    /**
     * A rebalance, and a standby turning active, close and reopen copies for a moment: while one runs or a copy should
     * be here, waits for it, at most the remote timeout; then 503.
     */
    private Response waitForCopy(String symbol, KeyQueryMetadata meta, boolean known) throws InterruptedException {
        int partition = known ? meta.partition() : -1;
        Response here = known ? null : local(symbol, partition, true);
        if (here != null) {
            return here;
        }
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
        StoreCopies.Roles roles = copies.roles();
        List<Integer> candidates = new ArrayList<>();
        if (partition >= 0) {
            candidates.add(partition);
        } else {
            candidates.addAll(roles.active());
            candidates.addAll(roles.standby());
        }
        Map<String, Map<Integer, LagInfo>> lags = null;
        for (int p : candidates) {
            StoreCopies.Copy copy = copies.copy(p, allowStale, roles);
            if (copy == null) {
                continue;
            }
            try {
                byte[] s = copy.states().get(symbol);
                if (s == null && partition < 0) {
                    continue;
                }
                if (copy.stale() && lags == null) {
                    lags = copies.lags();
                }
                SymbolState state = s == null ? null : SymbolStateCodec.decode(s);
                byte[] model = state != null && state.pending() != null ? copy.models().get(symbol) : null;
                return answers.answer(symbol, state, model, copy.source(), StoreCopies.lagOf(lags, p));
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

    static boolean usable(HostInfo h) {
        return h != null && h.port() > 0 && !h.host().isEmpty();
    }

    static String text(HostInfo h) {
        return h == null ? "none" : h.host() + ":" + h.port();
    }
}
