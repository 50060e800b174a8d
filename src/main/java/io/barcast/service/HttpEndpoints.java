package io.barcast.service;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The service's HTTP endpoints: {@code /metrics} (Prometheus text), {@code /health} (the process
 * is alive), {@code /ready} (200 only while Kafka Streams is RUNNING, else 503) and
 * {@code /predictions/{symbol}} (the latest prediction and its model's lineage) and {@code /predictions} (every
 * symbol's latest prediction, paged); {@link #mount} adds more (the live page at {@code /}).
 * Which instance holds a symbol is {@link PredictionQueries}' business.
 */
public final class HttpEndpoints implements AutoCloseable {

    /** Answers {@code /predictions/{symbol}} and {@code /predictions}. */
    public interface PredictionLookup {
        /** The latest prediction of a symbol: the HTTP status and a JSON body. */
        Response lookup(String symbol, Request request);

        /** Every symbol's latest prediction, paged ({@code /predictions?limit=N&after=SYMBOL}). */
        Response list(Request request);
    }

    /** What a handler may read of a request: its query parameters (decoded; the first of each) and headers. */
    public record Request(Map<String, String> query, Headers headers) {
        static Request of(HttpExchange ex) {
            Map<String, String> q = new LinkedHashMap<>();
            String raw = ex.getRequestURI().getRawQuery();
            if (raw != null) {
                for (String pair : raw.split("&")) {
                    int eq = pair.indexOf('=');
                    String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                    q.putIfAbsent(k, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
            return new Request(q, ex.getRequestHeaders());
        }

        /** The first value of a header, or null. */
        public String header(String name) {
            return headers == null ? null : headers.getFirst(name);
        }
    }

    /** An HTTP status and JSON body. */
    public record Response(int status, byte[] json) {
        public static Response error(int status, String message) {
            String escaped = message.replace("\\", "\\\\").replace("\"", "\\\"");
            return new Response(status, ("{\"error\":\"" + escaped + "\",\"status\":" + status + "}").getBytes(StandardCharsets.UTF_8));
        }
    }

    private static final Logger log = LoggerFactory.getLogger(HttpEndpoints.class);

    private final HttpServer server;
    private final ExecutorService threads;

    public HttpEndpoints(String bindAddress, int port, Supplier<String> metrics, BooleanSupplier ready,
                         Supplier<String> readyDetail, PredictionLookup predictions) throws IOException {
        server = HttpServer.create(new InetSocketAddress(bindAddress, port), 16);
        // 4 threads: a /predictions request may wait on another instance (PredictionQueries) while that one asks back.
        threads = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "barcast-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(threads);
        server.createContext("/metrics", ex -> respond(ex, 200, "text/plain; version=0.0.4; charset=utf-8",
                metrics.get().getBytes(StandardCharsets.UTF_8)));
        server.createContext("/health", ex -> respond(ex, 200, "application/json", "{\"status\":\"UP\"}".getBytes(StandardCharsets.UTF_8)));
        server.createContext("/ready", ex -> {
            boolean ok = ready.getAsBoolean();
            String body = "{\"ready\":" + ok + ",\"state\":\"" + readyDetail.get() + "\"}";
            respond(ex, ok ? 200 : 503, "application/json", body.getBytes(StandardCharsets.UTF_8));
        });
        server.createContext("/predictions/", ex -> {
            String path = ex.getRequestURI().getRawPath();
            String symbol = URLDecoder.decode(path.substring("/predictions/".length()), StandardCharsets.UTF_8);
            Response r = symbol.isEmpty() ? Response.error(400, "usage: /predictions/{symbol}") : predictions.lookup(symbol, Request.of(ex));
            respond(ex, r.status(), "application/json", r.json());
        });
        server.createContext("/predictions", ex -> {
            Response r = "/predictions".equals(ex.getRequestURI().getRawPath()) ? predictions.list(Request.of(ex))
                    : Response.error(404, "unknown path; try /predictions or /predictions/{symbol}");
            respond(ex, r.status(), "application/json", r.json());
        });
        server.createContext("/", ex -> {
            Response r = Response.error(404, "unknown path; try /metrics, /health, /ready, /predictions, /predictions/{symbol}");
            respond(ex, 404, "application/json", r.json());
        });
        server.start();
        log.info("HTTP endpoints on http://{}:{}/ (metrics, health, ready, predictions, predictions/{symbol})", bindAddress, port());
    }

    /** Serves {@code path} and below with {@code handler}, in place of what served it before (at {@code /}: the 404). */
    public void mount(String path, HttpHandler handler) {
        try {
            server.removeContext(path);
        } catch (IllegalArgumentException none) {
            // nothing served it
        }
        server.createContext(path, handler);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    static void respond(HttpExchange ex, int status, String contentType, byte[] body) throws IOException {
        try (ex) {
            if (!"GET".equals(ex.getRequestMethod()) && !"HEAD".equals(ex.getRequestMethod())) {
                body = Response.error(405, "only GET").json();
                status = 405;
            }
            ex.getResponseHeaders().set("Content-Type", contentType);
            ex.sendResponseHeaders(status, "HEAD".equals(ex.getRequestMethod()) ? -1 : body.length);
            if (!"HEAD".equals(ex.getRequestMethod())) {
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(body);
                }
            }
        } catch (RuntimeException e) {
            log.warn("HTTP {} {} failed: {}", ex.getRequestMethod(), ex.getRequestURI(), e.toString());
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
