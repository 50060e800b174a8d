package io.barcast.service;

import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * GETs from another instance's HTTP endpoints, with a short timeout. Every request carries {@link #FORWARDED} (this
 * instance's host:port): an instance asked with it answers from its own stores only and never forwards again, so a
 * request crosses at most one hop.
 */
public final class RemoteFetch {

    /** The header of a request one instance makes of another. */
    public static final String FORWARDED = "X-Barcast-Forwarded-By";

    /** An answer: status and body. */
    public record Answer(int status, byte[] body) {
    }

    private static final Logger log = LoggerFactory.getLogger(RemoteFetch.class);

    private final HttpClient client;
    private final Duration timeout;
    private final String self;

    public RemoteFetch(Duration timeout, String self) {
        this.timeout = timeout;
        this.self = self;
        this.client = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build();
    }

    /** The connect and answer timeout. */
    public Duration timeout() {
        return timeout;
    }

    /**
     * GET {@code pathAndQuery} (already encoded) from {@code host}; completes with null when the host does not answer
     * within the timeout (refused, unreachable, timed out).
     */
    public CompletableFuture<Answer> get(HostInfo host, String pathAndQuery) {
        URI uri = URI.create("http://" + host.host() + ":" + host.port() + pathAndQuery);
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).header(FORWARDED, self).GET().build();
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
                .thenApply(r -> new Answer(r.statusCode(), r.body()))
                .exceptionally(e -> {
                    log.debug("GET {} failed: {}", uri, e.toString());
                    return null;
                });
    }

    /** {@link #get} and wait for it (at most the timeout, plus a little). */
    public Answer getNow(HostInfo host, String pathAndQuery) {
        try {
            return get(host, pathAndQuery).get(timeout.toMillis() + 500, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return null;
        }
    }
}
