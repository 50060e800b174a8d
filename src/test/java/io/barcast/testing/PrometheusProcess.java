package io.barcast.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real {@code prometheus} binary (Debian's {@code prometheus} package, which {@code .ci/run} installs for
 * promtool) as a child process on a loopback port, and GETs to its HTTP API ({@code /api/v1/...}).
 */
public final class PrometheusProcess implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

    private final Process process;
    private final int port;
    private final Path logFile;

    private PrometheusProcess(Process process, int port, Path logFile) {
        this.process = process;
        this.port = port;
        this.logFile = logFile;
    }

    /**
     * The {@code prometheus} executable on the PATH. Without one the calling test fails when the environment
     * variable {@code CI} is {@code true} (CI installs it: a missing binary there is a broken build, not a reason
     * to pass), and is skipped otherwise (a developer machine without Prometheus).
     */
    public static Path binary() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isEmpty()) {
                Path candidate = Path.of(dir, "prometheus");
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        String message = "no 'prometheus' executable on the PATH (Debian: apt-get install --no-install-recommends prometheus;"
                + " .ci/run installs it)";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError(message + "; CI=true, so this test fails rather than skips");
        }
        Assumptions.abort(message + "; skipped (set CI=true to make this a failure)");
        throw new AssertionError("unreachable");
    }

    /**
     * Starts {@code binary --config.file=configFile --storage.tsdb.path=dataDir --web.listen-address=127.0.0.1:port},
     * its output going to {@code logFile}, and waits until {@code /-/ready} answers 200 (failing after 30 s, or at
     * once if it exits, with the end of its log).
     */
    public static PrometheusProcess start(Path binary, Path configFile, Path dataDir, int port, Path logFile)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(binary.toString(),
                "--config.file=" + configFile,
                "--storage.tsdb.path=" + dataDir,
                "--web.listen-address=" + ServiceHttp.LOOPBACK + ":" + port);
        pb.redirectErrorStream(true).redirectOutput(logFile.toFile());
        PrometheusProcess prometheus = new PrometheusProcess(pb.start(), port, logFile);
        try {
            prometheus.awaitReady();
            return prometheus;
        } catch (RuntimeException | Error | InterruptedException e) {
            prometheus.close();
            throw e;
        }
    }

    private void awaitReady() throws InterruptedException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(process.isAlive()).as("prometheus exited early; its log:\n" + logTail()).isTrue();
            try {
                if (ServiceHttp.get(port, "/-/ready").statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError("prometheus was not ready within " + READY_TIMEOUT.toSeconds() + " s; its log:\n" + logTail());
    }

    public int port() {
        return port;
    }

    /** The {@code data} of a GET to {@code /api/v1/<path>}, which must answer 200 with status "success". */
    public JsonNode api(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = ServiceHttp.get(port, "/api/v1/" + path);
        JsonNode body = JSON.readTree(r.body());
        assertThat(r.statusCode()).as("GET /api/v1/%s: %s", path, r.body()).isEqualTo(200);
        assertThat(body.path("status").asText()).as("GET /api/v1/%s: %s", path, r.body()).isEqualTo("success");
        return body.path("data");
    }

    /** An instant query now: the {@code data} of {@code /api/v1/query} ({@code resultType} and {@code result}). */
    public JsonNode query(String promql) throws IOException, InterruptedException {
        return api("query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    }

    /** The last 60 lines of its log. */
    public String logTail() {
        return LogFiles.tail(logFile, 60);
    }

    /** SIGTERM, then SIGKILL if it has not exited after 10 s; waits for the exit (so its data directory can go). */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
