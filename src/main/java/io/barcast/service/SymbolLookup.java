package io.barcast.service;

import io.barcast.service.HttpEndpoints.Request;
import io.barcast.service.HttpEndpoints.Response;
import io.barcast.stream.BarcastTopology;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code /predictions/{symbol}} on any instance, whatever partitioner produced the symbol's bars: from an active copy
 * here (any local partition); else asked of the other instances that hold copies of the store ({@link HolderAsk}: the
 * remembered holder or the murmur2 owner first, then all at once); else from a stale copy here, else a stale copy
 * elsewhere. 404 only when every instance said it does not hold the symbol; else 503, naming those that could not say.
 * A request another instance made ({@link RemoteFetch#FORWARDED} or {@code ?local=true}) is answered from copies here
 * only, so a request crosses at most one hop.
 */
final class SymbolLookup {

    private static final Logger log = LoggerFactory.getLogger(SymbolLookup.class);

    private final KafkaStreams streams;
    private final HostInfo self;
    private final RemoteFetch remote;
    private final LocalSymbolSearch local;
    private final HolderAsk ask;
    private final HolderCache holders = new HolderCache();

    SymbolLookup(KafkaStreams streams, HostInfo self, RemoteFetch remote, StoreCopies copies, PredictionAnswers answers) {
        this.streams = streams;
        this.self = self;
        this.remote = remote;
        this.local = new LocalSymbolSearch(streams, copies, answers);
        this.ask = new HolderAsk(remote::get, remote.timeout());
    }

    Response lookup(String symbol, Request request) {
        try {
            if (request.header(RemoteFetch.FORWARDED) != null || "true".equals(request.query().get("local"))) {
                return localOnly(symbol);
            }
            LocalSymbolSearch.Result here = local.find(symbol);
            if (here.active() != null) {
                return here.active();
            }
            List<HostInfo> others = others();
            HolderAsk.Outcome there = ask.ask(symbol, hint(symbol, others), others);
            if (there.active() != null) {
                remember(symbol, there.activeHost());
                return there.active();
            }
            holders.forget(symbol);
            Response stale = here.stale() != null ? here.stale() : there.stale();
            if (stale != null) {
                return stale;
            }
            if (here.complete() && there.unanswered().isEmpty()) {
                return Response.error(404, "unknown symbol '" + symbol + "' (no instance holds it; asked "
                        + (there.asked() + 1) + ")");
            }
            return waitForCopy(symbol, here, there);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Response.error(503, "interrupted; retry shortly");
        } catch (RuntimeException e) {
            log.warn("Prediction lookup for {} failed on {}", symbol, text(self), e);
            return Response.error(500, "lookup failed: " + e.getMessage());
        }
    }

    /** Forgets every remembered holder: called when the assignment may have changed. */
    void assignmentChanged() {
        holders.clear();
    }

    /** Another instance asks: from copies here only; 404 {@code held: false} when none here holds it. */
    private Response localOnly(String symbol) {
        LocalSymbolSearch.Result here = local.find(symbol);
        if (here.best() != null) {
            return here.best();
        }
        if (here.complete()) {
            return PredictionAnswers.error(404, "'" + symbol + "' is not held on " + text(self),
                    Map.of(PredictionAnswers.HELD, false, "servedBy", text(self)));
        }
        return Response.error(503, "cannot tell now whether " + text(self) + " holds '" + symbol + "' ("
                + streams.state() + "; a copy here is not queryable)");
    }

    /**
     * A rebalance, and a standby turning active, close and reopen copies for a moment: while one runs or a copy here
     * could not be read, waits for one here, at most the remote timeout; then 503, naming who could not say.
     */
    private Response waitForCopy(String symbol, LocalSymbolSearch.Result here, HolderAsk.Outcome there)
            throws InterruptedException {
        long until = System.nanoTime() + remote.timeout().toNanos();
        LocalSymbolSearch.Result now = here;
        while ((!now.complete() || streams.state() == KafkaStreams.State.REBALANCING) && System.nanoTime() < until) {
            Thread.sleep(100);
            now = local.find(symbol);
            if (now.best() != null) {
                return now.best();
            }
        }
        List<String> why = new ArrayList<>();
        there.unanswered().forEach((host, reason) -> why.add(host + ": " + reason));
        if (!now.complete()) {
            why.add(text(self) + " (here): " + streams.state() + ", a copy not queryable");
        }
        log.debug("No answer for {} on {}: {}", symbol, text(self), why);
        return Response.error(503, "no instance answered for '" + symbol + "' and some could not be asked ("
                + String.join("; ", why) + "); retry shortly");
    }

    /** The other instances that hold a copy (active or standby) of the symbol states. */
    private List<HostInfo> others() {
        Collection<StreamsMetadata> all;
        try {
            all = streams.streamsMetadataForStore(BarcastTopology.STATE_STORE);
        } catch (RuntimeException notYet) {
            return List.of();
        }
        return all.stream().map(StreamsMetadata::hostInfo).filter(h -> usable(h) && !h.equals(self)).distinct()
                .collect(Collectors.toList());
    }

    /** The host asked first: the one that answered last time, else the murmur2 owner (right for Java producers). */
    private HostInfo hint(String symbol, List<HostInfo> others) {
        HostInfo cached = holders.get(symbol);
        if (cached != null && others.contains(cached)) {
            return cached;
        }
        try {
            KeyQueryMetadata meta = streams.queryMetadataForKey(BarcastTopology.STATE_STORE, symbol,
                    Serdes.String().serializer());
            return meta != null && others.contains(meta.activeHost()) ? meta.activeHost() : null;
        } catch (RuntimeException notYet) {
            return null;
        }
    }

    private void remember(String symbol, HostInfo host) {
        if (!host.equals(holders.get(symbol))) {
            log.debug("{} is held on {} (asked from {})", symbol, text(host), text(self));
            holders.put(symbol, host);
        }
    }

    static boolean usable(HostInfo h) {
        return h != null && h.port() > 0 && !h.host().isEmpty();
    }

    static String text(HostInfo h) {
        return h == null ? "none" : h.host() + ":" + h.port();
    }
}
