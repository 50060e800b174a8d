package io.barcast.cli;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 17: every configuration or command-line mistake, run through the real entry point, gives its exit code (2 for a
 * mistake, 1 for a failure at run time) and one message naming the key or option and the value, without internals;
 * an unreachable broker is said plainly within broker.wait.seconds.
 */
@Tag("integration")
class FrontDoorTest {

    /** A port another socket holds. */
    private static ServerSocket busy;
    /** A port that accepts connections and never answers. */
    private static ServerSocket silent;
    private static final List<Socket> held = new ArrayList<>();
    /** A port nothing listens on. */
    private static int closed;

    @TempDir
    static Path dir;

    @BeforeAll
    static void ports() throws IOException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        busy = new ServerSocket(0, 50, loopback);
        silent = new ServerSocket(0, 50, loopback);
        Thread accept = new Thread(() -> {
            while (!silent.isClosed()) {
                try {
                    held.add(silent.accept()); // accepted, never read from nor written to
                } catch (IOException e) {
                    return;
                }
            }
        }, "silent-broker");
        accept.setDaemon(true);
        accept.start();
        try (ServerSocket s = new ServerSocket(0, 50, loopback)) {
            closed = s.getLocalPort();
        }
    }

    @AfterAll
    static void close() throws IOException {
        busy.close();
        silent.close();
        for (Socket s : held) {
            s.close();
        }
    }

    /** name, exit code, seconds it may take, the command line; then the texts the message must hold. */
    static Stream<Arguments> mistakes() {
        return Stream.of(
                // ---- keys: unknown, invalid values, cross-key rules; before any connection ----
                mistake("a typo'd Barcast key", 2, "run --set windw.bars=100", "windw.bars", "100", "did you mean window.bars?", "config.allow.unknown"),
                mistake("a typo'd prefixed Kafka key", 2, "run --set consumer.max.pol.records=5", "consumer.max.pol.records", "did you mean consumer.max.poll.records?"),
                mistake("an unknown key under a Barcast prefix", 2, "run --set model.hiden.size=8", "model.hiden.size", "did you mean model.hidden.size?"),
                mistake("a Kafka enum value", 2, "run --set processing.guarantee=foo", "processing.guarantee", "'foo'", "exactly_once_v2"),
                mistake("a Kafka number value", 2, "run --set num.stream.threads=many", "num.stream.threads", "'many'"),
                mistake("a prefixed Kafka value", 2, "run --set producer.acks=7", "producer.acks", "'7'"),
                mistake("a port out of range", 2, "run --set http.port=99999", "http.port", "99999", "0..65535"),
                mistake("a Barcast enum", 2, "run --set model.features=XYZ", "model.features", "XYZ", "OHLCV"),
                mistake("an LSTM route production does not train on", 2, "backtest --csv aapl --set training.lstm=op", "training.lstm", "'op'", "BUILTIN, JAVA"),
                mistake("lookback vs window", 2, "run --set model.lookback=600", "window.bars", "500", "model.lookback = 600"),
                mistake("a busy HTTP port", 2, "run --set http.bind.address=127.0.0.1 --set http.port={BUSY}", "http.port", "{BUSY}", "another process listens"),
                mistake("a missing --config file", 2, "run --config {DIR}/missing.properties", "missing.properties"),
                mistake("an unknown option", 2, "run --frobnicate", "--frobnicate"),
                mistake("a bad environment-free local key", 2, "local --set processing.guarantee=foo", "processing.guarantee", "foo"),
                mistake("local --http-port out of range", 2, "local --http-port 99999", "--http-port", "99999", "0..65535", "http.port"),
                mistake("local --http-port busy", 2, "local --http-port {BUSY} --set http.bind.address=127.0.0.1", "--http-port", "{BUSY}", "another process listens"),
                mistake("local --rate negative", 2, "local --rate -1", "--rate", "-1", ">= 0"),
                mistake("local --port out of range", 2, "local --port 70000", "--port", "70000"),
                // ---- the backtest rejects what the service rejects, and names its flags ----
                mistake("backtest --window negative", 2, "backtest --window -5", "--window = -5 is out of range (>= 2)", "window.bars"),
                mistake("backtest --window below the lookback's need", 2, "backtest --window 20", "--window = 20", "model.lookback = 20"),
                mistake("backtest --window not a number", 2, "backtest --window abc", "--window", "abc"),
                mistake("--set without a value", 2, "run --set window.bars", "--set", "window.bars"),
                mistake("backtest --bars negative", 2, "backtest --bars -5", "--bars = -5 is out of range (>= 1)"),
                mistake("backtest --threads 0", 2, "backtest --threads 0", "--threads = 0 is out of range (>= 1)"),
                mistake("backtest --lookback 0", 2, "backtest --lookback 0", "--lookback = 0", "model.lookback"),
                mistake("backtest a typo'd key", 2, "backtest --set windw.bars=100", "windw.bars", "did you mean window.bars?"),
                mistake("backtest a Kafka value the service rejects", 2, "backtest --set processing.guarantee=foo", "processing.guarantee", "foo"),
                mistake("backtest a missing CSV", 2, "backtest --csv {DIR}/none.csv", "none.csv"),
                mistake("replay a missing CSV", 2, "replay --bootstrap 127.0.0.1:{CLOSED} --csv {DIR}/none.csv", "none.csv"),
                // ---- the benches ----
                mistake("bench train --hidden 0", 2, "bench train --hidden 0", "barcast bench train: --hidden = 0", "model.hidden.size"),
                mistake("bench inference a typo'd key", 2, "bench inference --set model.lokback=5", "model.lokback", "did you mean model.lookback?"),
                mistake("bench retrain a typo'd key", 2, "bench retrain --set model.warm.epoch=2", "model.warm.epoch", "did you mean model.warm.epochs?"),
                mistake("bench retrain --window too small", 2, "bench retrain --window 10", "--window = 10", "window.bars"),
                // ---- replay ----
                mistake("replay a bad client key", 2, "replay --bootstrap 127.0.0.1:{CLOSED} --csv aapl --client-config {DIR}/typo.properties",
                        "ack", "did you mean acks?"),
                // ---- the broker: refused, silent; each within broker.wait.seconds ----
                mistake("run with an address that is not HOST:PORT", 2, "run --set http.port=0 --set bootstrap.servers=kafka-one",
                        "bootstrap.servers", "kafka-one", "HOST:PORT"),
                mistake("replay with an address that is not HOST:PORT", 2, "replay --bootstrap kafka-one --csv aapl", "--bootstrap = 'kafka-one'", "HOST:PORT"),
                mistake("run against a closed port", 1, "run --set http.port=0 --set bootstrap.servers=127.0.0.1:{CLOSED} --set broker.wait.seconds=3",
                        "127.0.0.1:{CLOSED}", "refused"),
                mistake("run against a port that never answers", 1, "run --set http.port=0 --set bootstrap.servers=127.0.0.1:{SILENT} --set broker.wait.seconds=3",
                        "127.0.0.1:{SILENT}", "did not answer", "3 s", "broker.wait.seconds", "security.protocol"),
                mistake("run with an allowed extra key reaches the broker check", 1, "run --set http.port=0 --set my.plugin.url=x --set config.allow.unknown=my.plugin."
                        + " --set bootstrap.servers=127.0.0.1:{CLOSED} --set broker.wait.seconds=3", "127.0.0.1:{CLOSED}", "refused"),
                mistake("replay against a closed port", 1, "replay --bootstrap 127.0.0.1:{CLOSED} --csv aapl", "127.0.0.1:{CLOSED}", "refused"),
                mistake("replay against a port that never answers", 1, "replay --bootstrap 127.0.0.1:{SILENT} --csv aapl --client-config {DIR}/wait.properties",
                        "127.0.0.1:{SILENT}", "did not answer", "2 s"));
    }

    private static Arguments mistake(String name, int exit, String args, String... expected) {
        return Arguments.of(name, exit, args, expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mistakes")
    void shouldNameTheMistakeAndExitWithItsCode(String name, int exit, String args, String[] expected) throws IOException {
        Files.writeString(dir.resolve("typo.properties"), "ack=all\n");
        Files.writeString(dir.resolve("wait.properties"), "broker.wait.seconds=2\n");
        String[] argv = Arrays.stream(args.split(" ")).map(FrontDoorTest::fill).toArray(String[]::new);
        long start = System.nanoTime();
        CommandRun run = run(argv);
        double seconds = (System.nanoTime() - start) / 1e9;

        assertThat(run.exit()).as(name + ": exit code; stderr: " + run.err()).isEqualTo(exit);
        for (String text : expected) {
            assertThat(run.err()).as(name + ": the message names " + text).contains(fill(text));
        }
        String message = run.err().lines().filter(l -> l.startsWith("barcast") || l.contains("Unknown option")).findFirst().orElse(run.err());
        assertThat(message).as(name + ": no internal exception text").doesNotContain("Exception").doesNotContain("fromIndex")
                .doesNotContain("Timed out waiting for a node");
        // mistakes are found before anything connects; a broker case within broker.wait.seconds (2 or 3 s) and some slack
        assertThat(seconds).as(name + ": seconds taken").isLessThan(exit == 2 ? 10 : 3 + 10);
    }

    @Test
    void shouldKeepReadyAt503WhileWaitingForTheBrokerWhenAskedTo() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        int[] exit = {-1};
        Thread service = new Thread(() -> exit[0] = Main.commandLine().execute(fill("run --set http.bind.address=127.0.0.1 --set http.port="
                + port + " --set bootstrap.servers=127.0.0.1:{CLOSED} --set broker.wait.seconds=1 --set broker.wait.retry=true").split(" ")));
        service.start();
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> ready = null;
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < deadline && ready == null) {
            try {
                ready = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ready")).build(),
                        HttpResponse.BodyHandlers.ofString());
            } catch (IOException notYet) {
                Thread.sleep(200);
            }
        }
        assertThat(ready).as("/ready answers while waiting").isNotNull();
        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(ready.body()).contains("WAITING_FOR_BROKER");
        Thread.sleep(1500); // still waiting, a retry later
        assertThat(service.isAlive()).isTrue();
        service.interrupt();
        service.join(10_000);
        assertThat(service.isAlive()).isFalse();
        assertThat(exit[0]).isEqualTo(1);
    }

    private static String fill(String text) {
        return text.replace("{BUSY}", Integer.toString(busy.getLocalPort())).replace("{SILENT}", Integer.toString(silent.getLocalPort()))
                .replace("{CLOSED}", Integer.toString(closed)).replace("{DIR}", dir.toString());
    }


    /** Runs {@code barcast args} as {@code main} does, capturing stdout and stderr; echoes its stderr. */
    private static CommandRun run(String... args) {
        CommandRun run = CommandRun.of(args);
        System.out.print(run.err());
        return run;
    }
}
