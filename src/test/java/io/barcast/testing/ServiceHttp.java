package io.barcast.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** GETs to a service's HTTP endpoints ({@code /health}, {@code /ready}, {@code /metrics}, {@code /predictions/...}). */
public final class ServiceHttp {

    /** Loopback, where the small service configuration binds the endpoints. */
    public static final String LOOPBACK = "127.0.0.1";

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private ServiceHttp() {
    }

    /** GET {@code path} on {@code host:port}, whatever the status. */
    public static HttpResponse<String> get(String host, int port, String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + path))
                .timeout(REQUEST_TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** GET {@code path} on {@link #LOOPBACK}, whatever the status. */
    public static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return get(LOOPBACK, port, path);
    }

    /** The body of GET {@code path} on {@link #LOOPBACK}, which must answer 200. */
    public static String body(int port, String path) throws IOException, InterruptedException {
        HttpResponse<String> r = get(port, path);
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
        return r.body();
    }

    /** The Prometheus scrape of {@code /metrics} on {@link #LOOPBACK}, which must answer 200. */
    public static String metrics(int port) throws IOException, InterruptedException {
        return body(port, "/metrics");
    }

    /** The value of one Prometheus series ({@code name{labels}}) of a scrape; fails when the series is absent. */
    public static double series(String metrics, String series) {
        return metrics.lines().filter(l -> l.startsWith(series + " ")).findFirst()
                .map(l -> Double.parseDouble(l.substring(series.length() + 1).trim()))
                .orElseThrow(() -> new AssertionError("no series " + series));
    }

    /** The value of one Prometheus series, or 0 when the series is absent (a counter never incremented). */
    public static double seriesOrZero(String metrics, String series) {
        return metrics.lines().anyMatch(l -> l.startsWith(series + " ")) ? series(metrics, series) : 0.0;
    }
}
