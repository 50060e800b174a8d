package io.barcast.service;

import io.barcast.events.Json;
import io.barcast.service.HttpEndpoints.Response;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.streams.state.HostInfo;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Asks other instances for a symbol, each from its own copies only ({@code ?local=true}, and the forwarding header):
 * the likely holder first; when it has not answered holding the symbol within a quarter of the timeout, every other
 * instance at once. The first answer from an active copy wins; one from a stale copy is kept in case none comes.
 * The whole ask takes at most the timeout.
 */
final class HolderAsk {

    /** GETs a path from another instance; completes with null when that one does not answer. */
    @FunctionalInterface
    interface Client {
        CompletableFuture<RemoteFetch.Answer> get(HostInfo host, String pathAndQuery);
    }

    /**
     * What the others said: an active copy's answer and its host (or null), else a stale copy's answer (or null);
     * the instances that could not say, with why; how many were asked.
     */
    record Outcome(Response active, HostInfo activeHost, Response stale, Map<String, String> unanswered, int asked) {
    }

    private record Reply(HostInfo host, RemoteFetch.Answer answer) {
    }

    private final Client client;
    private final Duration timeout;

    HolderAsk(Client client, Duration timeout) {
        this.client = client;
        this.timeout = timeout;
    }

    /** Asks {@code hint} (may be null) first, then the rest of {@code others}. */
    Outcome ask(String symbol, HostInfo hint, List<HostInfo> others) {
        String path = "/predictions/" + URLEncoder.encode(symbol, StandardCharsets.UTF_8).replace("+", "%20")
                + "?local=true";
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        BlockingQueue<Reply> replies = new LinkedBlockingQueue<>();
        Map<String, String> pending = new LinkedHashMap<>();
        Tally tally = new Tally();
        if (hint != null) {
            send(hint, path, replies, pending);
            tally.await(replies, pending, start + timeout.toNanos() / 4, true);
            if (tally.active != null) {
                return tally.outcome(pending, 1);
            }
        }
        int asked = hint == null ? 0 : 1;
        for (HostInfo h : others) {
            if (!h.equals(hint)) {
                send(h, path, replies, pending);
                asked++;
            }
        }
        tally.await(replies, pending, deadline, false);
        return tally.outcome(pending, asked);
    }

    private void send(HostInfo host, String path, BlockingQueue<Reply> replies, Map<String, String> pending) {
        pending.put(SymbolLookup.text(host), "no answer within " + timeout.toMillis() + " ms");
        client.get(host, path).whenComplete((a, e) -> replies.add(new Reply(host, e == null ? a : null)));
    }

    /** The replies so far. */
    private static final class Tally {
        private final Map<String, String> unanswered = new LinkedHashMap<>();
        private Response active;
        private HostInfo activeHost;
        private Response stale;

        /** Takes replies until an active copy answers, none is pending, or the deadline ({@code hintOnly}: the hint's). */
        void await(BlockingQueue<Reply> replies, Map<String, String> pending, long until, boolean hintOnly) {
            while (active == null && !pending.isEmpty()) {
                long left = until - System.nanoTime();
                Reply r;
                try {
                    // past the deadline: only what came already
                    r = left <= 0 ? replies.poll() : replies.poll(left, TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                if (r == null) {
                    return;
                }
                pending.remove(SymbolLookup.text(r.host()));
                take(r);
                if (hintOnly) {
                    return;
                }
            }
        }

        private void take(Reply r) {
            RemoteFetch.Answer a = r.answer();
            String host = SymbolLookup.text(r.host());
            if (a == null) {
                unanswered.put(host, "no answer (refused, unreachable or timed out)");
                return;
            }
            JsonNode body = parse(a.body());
            boolean holder = a.status() == 200 || a.status() == 404 && body.path(PredictionAnswers.HELD).asBoolean(false);
            if (!holder && a.status() != 404) {
                unanswered.put(host, a.status() + " " + body.path("error").asText(""));
            } else if (holder && StoreCopies.ACTIVE.equals(body.path("source").asText())) {
                active = new Response(a.status(), a.body());
                activeHost = r.host();
            } else if (holder && stale == null) {
                stale = new Response(a.status(), a.body());
            }
        }

        Outcome outcome(Map<String, String> pending, int asked) {
            Map<String, String> all = new LinkedHashMap<>(unanswered);
            if (active == null) {
                all.putAll(pending);
            }
            return new Outcome(active, activeHost, stale, all, asked);
        }

        private static JsonNode parse(byte[] body) {
            try {
                return Json.mapper().readTree(body);
            } catch (java.io.IOException | RuntimeException e) {
                return Json.mapper().createObjectNode();
            }
        }
    }
}
