package io.barcast.testing;

import io.barcast.forecast.Trainer;
import io.barcast.service.BarcastService;
import io.barcast.service.ServiceConfig;

import java.io.IOException;
import java.io.Reader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Starts the service under test: in this JVM ({@link #inJvm}, a {@link BarcastService}), or as {@code barcast run
 * --config FILE} in a child JVM with the test's class path ({@link #childJvm}, an instance of this class, which
 * can be killed with SIGKILL).
 */
public final class ServiceProcess implements AutoCloseable {

    private static final Duration RUNNING_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final Path logFile;
    private final int httpPort;

    private ServiceProcess(Process process, Path logFile, int httpPort) {
        this.process = process;
        this.logFile = logFile;
        this.httpPort = httpPort;
    }

    /** Starts the service in this JVM and waits until Kafka Streams is RUNNING (failing after 60 s). */
    public static BarcastService inJvm(ServiceConfig config, Trainer trainer) throws IOException, InterruptedException {
        BarcastService service = BarcastService.start(config, trainer);
        try {
            assertThat(service.awaitRunning(RUNNING_TIMEOUT)).as("RUNNING within %s s", RUNNING_TIMEOUT.toSeconds())
                    .isTrue();
            return service;
        } catch (RuntimeException | Error | InterruptedException e) {
            service.close();
            throw e;
        }
    }

    /**
     * Starts {@code barcast run --config configFile} in a JVM of its own (the test JVM's class path and Vector API
     * module, {@code maxHeapMb} of heap, one OpenMP thread, no {@code BARCAST_*} environment), its output going to
     * {@code logFile}. Returns at once; see {@link #awaitReady(Duration)}.
     */
    public static ServiceProcess childJvm(Path configFile, Path logFile, int maxHeapMb) throws IOException {
        Properties config = new Properties();
        try (Reader r = Files.newBufferedReader(configFile, StandardCharsets.UTF_8)) {
            config.load(r);
        }
        ProcessBuilder pb = barcast(true, maxHeapMb, "run", "--config", configFile.toString());
        pb.redirectErrorStream(true).redirectOutput(logFile.toFile());
        return new ServiceProcess(pb.start(), logFile, Integer.parseInt(config.getProperty("http.port", "0")));
    }

    /**
     * A {@code barcast} command line in a JVM of its own: this JVM's java and class path, the Vector API module when
     * {@code vectorApi}, {@code maxHeapMb} of heap, one OpenMP thread, no {@code BARCAST_*} environment.
     */
    public static ProcessBuilder barcast(boolean vectorApi, int maxHeapMb, String... args) {
        java.util.List<String> cmd = new java.util.ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (vectorApi) {
            cmd.addAll(java.util.List.of("--add-modules", "jdk.incubator.vector"));
        }
        cmd.addAll(java.util.List.of("-Xmx" + maxHeapMb + "m", "-Djava.awt.headless=true",
                "-Dorg.bytedeco.javacpp.maxPhysicalBytes=0", "-cp", System.getProperty("java.class.path"), "io.barcast.cli.Main"));
        cmd.addAll(java.util.List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().keySet().removeIf(k -> k.startsWith("BARCAST_"));
        pb.environment().put("OMP_NUM_THREADS", "1");
        return pb;
    }

    /** A loopback port that is free now, e.g. for a child JVM's {@code http.port}. */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getByName(ServiceHttp.LOOPBACK), 0));
            return s.getLocalPort();
        }
    }

    /** The HTTP port of the child, from its configuration file. */
    public int httpPort() {
        return httpPort;
    }

    /**
     * Polls {@code /ready} until it answers 200; fails at once if the process exits, and after {@code timeout},
     * with the end of its log. Needs a fixed {@code http.port} in the configuration.
     */
    public void awaitReady(Duration timeout) throws InterruptedException {
        if (httpPort == 0) {
            throw new IllegalStateException("awaitReady needs a fixed http.port in the child's configuration");
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(process.isAlive()).as("the child JVM exited early; its log:\n" + logTail()).isTrue();
            try {
                HttpResponse<String> ready = ServiceHttp.get(httpPort, "/ready");
                if (ready.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the child JVM was not ready within " + timeout.toSeconds() + " s; its log:\n"
                + logTail());
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The exit value; the process must have exited. */
    public int exitValue() {
        return process.exitValue();
    }

    /** SIGKILL (no clean shutdown, no group leave, no commit); returns whether it exited within {@code wait}. */
    public boolean kill(Duration wait) throws InterruptedException {
        return process.destroyForcibly().waitFor(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** SIGTERM (a clean shutdown); SIGKILL if it has not exited after 60 s. */
    public void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            kill(Duration.ofSeconds(10));
        }
    }

    /** The last 60 lines of the child's log. */
    public String logTail() {
        return LogFiles.tail(logFile, 60);
    }

    /** Kills the child if it is still running. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill(Duration.ofSeconds(10));
        }
    }
}
