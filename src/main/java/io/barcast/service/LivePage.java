package io.barcast.service;

import io.barcast.events.Json;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The live page at {@code /}: one HTML file and one script from this jar, the uPlot charting library from its
 * WebJar (under {@code /assets/uplot/}, so the page works offline), and the JSON they read from a
 * {@link RecentHistory}:
 * <ul>
 *   <li>{@code GET /api/symbols}: per symbol, the latest prediction and its lineage and the running skill;</li>
 *   <li>{@code GET /api/symbols/{symbol}/history}: the same and the recent outcomes and training jobs.</li>
 * </ul>
 * Any other path not taken by another endpoint answers 404 in JSON. Mounted on {@link HttpEndpoints} at {@code /}.
 */
public final class LivePage implements HttpHandler {

    static final String UPLOT_JS = "/assets/uplot/uPlot.iife.min.js";
    static final String UPLOT_CSS = "/assets/uplot/uPlot.min.css";
    private static final String PAGE = "/io/barcast/service/live/";
    private static final String HTML = "text/html; charset=utf-8";
    private static final String JS = "text/javascript; charset=utf-8";
    private static final String CSS = "text/css; charset=utf-8";
    private static final String JSON = "application/json";
    /** Scripts only from this origin; the page's own small style block is inline; the favicon is a data: URL. */
    private static final String CSP = "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
            + "object-src 'none'; base-uri 'none'; frame-ancestors 'none'";
    private static final String SYMBOLS = "/api/symbols";

    private record Asset(String contentType, byte[] body) {
    }

    private final RecentHistory history;
    private final Map<String, Asset> assets = new LinkedHashMap<>();

    /** Loads the page and the library from the class path (failing here if the jar lacks them). */
    public LivePage(RecentHistory history) {
        this.history = history;
        Asset html = new Asset(HTML, resource(PAGE + "index.html"));
        assets.put("/", html);
        assets.put("/index.html", html);
        assets.put("/assets/live.js", new Asset(JS, resource(PAGE + "live.js")));
        String uplot = "/META-INF/resources/webjars/uplot/" + uplotVersion() + "/dist/";
        assets.put(UPLOT_JS, new Asset(JS, resource(uplot + "uPlot.iife.min.js")));
        assets.put(UPLOT_CSS, new Asset(CSS, resource(uplot + "uPlot.min.css")));
    }

    /** The version of the uPlot WebJar on the class path. */
    static String uplotVersion() {
        Properties p = new Properties();
        try (InputStream in = LivePage.class.getResourceAsStream("/META-INF/maven/org.webjars.npm/uplot/pom.properties")) {
            if (in == null) {
                throw new IllegalStateException("the uPlot WebJar (org.webjars.npm:uplot) is not on the class path");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p.getProperty("version");
    }

    private static byte[] resource(String path) {
        try (InputStream in = LivePage.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getRawPath();
        ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        ex.getResponseHeaders().set("Cache-Control", "no-cache");
        Asset asset = assets.get(path);
        if (asset != null) {
            if (asset.contentType().equals(HTML)) {
                ex.getResponseHeaders().set("Content-Security-Policy", CSP);
            }
            HttpEndpoints.respond(ex, 200, asset.contentType(), asset.body());
            return;
        }
        HttpEndpoints.Response r = api(path);
        HttpEndpoints.respond(ex, r.status(), JSON, r.json());
    }

    /** The answer of an {@code /api/...} path, or 404. */
    HttpEndpoints.Response api(String rawPath) {
        if (rawPath.equals(SYMBOLS)) {
            return new HttpEndpoints.Response(200, Json.bytes(symbols()));
        }
        String suffix = "/history";
        if (rawPath.startsWith(SYMBOLS + "/") && rawPath.endsWith(suffix)
                && rawPath.length() > SYMBOLS.length() + 1 + suffix.length()) {
            String symbol = URLDecoder.decode(rawPath.substring(SYMBOLS.length() + 1, rawPath.length() - suffix.length()),
                    StandardCharsets.UTF_8);
            return history.snapshot(symbol)
                    .map(s -> new HttpEndpoints.Response(200, Json.bytes(historyBody(s))))
                    .orElseGet(() -> HttpEndpoints.Response.error(404, "no recent history of '" + symbol + "' on this instance"));
        }
        return HttpEndpoints.Response.error(404, "unknown path; try / (the live page), /api/symbols, "
                + "/api/symbols/{symbol}/history, /metrics, /health, /ready, /predictions, /predictions/{symbol}");
    }

    private Map<String, Object> symbols() {
        List<Map<String, Object>> list = new ArrayList<>();
        for (String symbol : history.symbols()) {
            history.snapshot(symbol).ifPresent(s -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("symbol", s.symbol());
                m.put("prediction", s.prediction());
                m.put("skill", s.skill());
                m.put("risk", s.risk());
                m.put("outcomes", s.outcomes().size());
                m.put("trainings", s.trainings().size());
                m.put("dataQuality", s.dataQuality().size());
                m.put("updatedAt", s.updatedAt());
                list.add(m);
            });
        }
        Map<String, Object> body = bounds();
        body.put("symbols", list);
        return body;
    }

    private Map<String, Object> historyBody(RecentHistory.Snapshot s) {
        Map<String, Object> body = bounds();
        body.put("symbol", s.symbol());
        body.put("prediction", s.prediction());
        body.put("skill", s.skill());
        body.put("risk", s.risk());
        body.put("updatedAt", s.updatedAt());
        body.put("outcomes", s.outcomes());
        body.put("trainings", s.trainings());
        body.put("dataQuality", s.dataQuality());
        return body;
    }

    private Map<String, Object> bounds() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("maxOutcomes", history.maxOutcomes());
        m.put("maxTrainings", history.maxTrainings());
        return m;
    }
}
