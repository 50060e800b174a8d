package io.barcast.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real headless Chromium (Debian's {@code chromium}, installed by {@code .ci/run}) driven over the DevTools
 * protocol: one page, its console and log messages and uncaught exceptions collected from the start, JavaScript
 * evaluated in it, and screenshots. {@link #binary()} follows {@link PrometheusProcess#binary()}: without the
 * executable the test fails under {@code CI=true} and is skipped otherwise.
 */
public final class HeadlessChromium implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);

    /** A console message, log entry or exception of the page, with its level ({@code error}, {@code warning}, ...). */
    public record Message(String source, String level, String text) {
    }

    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final List<Message> messages = new CopyOnWriteArrayList<>();

    private HeadlessChromium(Process process, Path profile, WebSocket socket) {
        this.process = process;
        this.profile = profile;
        this.socket = socket;
    }

    /**
     * {@code chromium} or {@code chromium-browser} on the PATH. Absent: fails when the environment variable
     * {@code CI} is {@code true} (CI installs it), else skips the test.
     */
    public static Path binary() {
        for (String name : List.of("chromium", "chromium-browser")) {
            for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
                Path p = Path.of(dir, name);
                if (!dir.isEmpty() && Files.isExecutable(p)) {
                    return p;
                }
            }
        }
        String message = "no chromium (or chromium-browser) executable on the PATH (Debian: apt-get install chromium)";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError(message + "; CI=true, so this test fails rather than skips");
        }
        Assumptions.abort(message + "; skipped (set CI=true to make this a failure)");
        return null;
    }

    /** Starts headless Chromium on about:blank with a fresh profile in {@code dir}, its output in {@code dir/chromium.log}. */
    public static HeadlessChromium start(Path binary, Path dir, int width, int height) throws IOException, InterruptedException {
        Path profile = Files.createDirectories(dir.resolve("profile"));
        ProcessBuilder pb = new ProcessBuilder(binary.toString(), "--headless", "--disable-gpu", "--no-sandbox",
                "--no-first-run", "--no-default-browser-check", "--disable-extensions", "--disable-dev-shm-usage",
                "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0", "--remote-allow-origins=*",
                "--user-data-dir=" + profile, "--window-size=" + width + "," + height, "about:blank");
        pb.redirectErrorStream(true).redirectOutput(dir.resolve("chromium.log").toFile());
        Process process = pb.start();
        try {
            Path activePort = profile.resolve("DevToolsActivePort");
            long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
            List<String> lines = List.of();
            while (lines.size() < 2) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("chromium exited with " + process.exitValue() + ": "
                            + Files.readString(dir.resolve("chromium.log")));
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("chromium wrote no DevToolsActivePort within " + START_TIMEOUT);
                }
                Thread.sleep(100);
                lines = Files.exists(activePort) ? Files.readAllLines(activePort) : List.of();
            }
            int port = Integer.parseInt(lines.get(0).trim());
            HttpClient http = HttpClient.newHttpClient();
            String wsUrl = null;
            while (wsUrl == null) {
                JsonNode targets = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list"))
                        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body());
                for (JsonNode t : targets) {
                    if ("page".equals(t.path("type").asText())) {
                        wsUrl = t.path("webSocketDebuggerUrl").asText();
                        break;
                    }
                }
                if (wsUrl == null) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("chromium shows no page target: " + targets);
                    }
                    Thread.sleep(100);
                }
            }
            HeadlessChromium[] self = new HeadlessChromium[1];
            CompletableFuture<HeadlessChromium> ready = new CompletableFuture<>();
            WebSocket socket = http.newWebSocketBuilder().buildAsync(URI.create(wsUrl), new WebSocket.Listener() {
                private final StringBuilder text = new StringBuilder();

                @Override
                public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                    text.append(data);
                    if (last) {
                        String message = text.toString();
                        text.setLength(0);
                        ready.thenAccept(c -> c.received(message));
                    }
                    ws.request(1);
                    return null;
                }
            }).get(30, TimeUnit.SECONDS);
            self[0] = new HeadlessChromium(process, profile, socket);
            ready.complete(self[0]);
            self[0].call("Runtime.enable", null);
            self[0].call("Log.enable", null);
            self[0].call("Page.enable", null);
            ObjectNode metrics = JSON.createObjectNode().put("width", width).put("height", height)
                    .put("deviceScaleFactor", 1).put("mobile", false);
            self[0].call("Emulation.setDeviceMetricsOverride", metrics);
            return self[0];
        } catch (IOException | InterruptedException | RuntimeException e) {
            process.destroyForcibly();
            throw e;
        } catch (Exception e) {
            process.destroyForcibly();
            throw new IllegalStateException("cannot connect to chromium's DevTools: " + e, e);
        }
    }

    private void received(String message) {
        try {
            JsonNode m = JSON.readTree(message);
            if (m.has("id")) {
                CompletableFuture<JsonNode> f = pending.remove(m.path("id").asInt());
                if (f != null) {
                    f.complete(m);
                }
                return;
            }
            JsonNode p = m.path("params");
            switch (m.path("method").asText()) {
                case "Runtime.consoleAPICalled" -> {
                    List<String> args = new ArrayList<>();
                    for (JsonNode a : p.path("args")) {
                        args.add(a.has("value") ? a.path("value").asText() : a.path("description").asText());
                    }
                    String type = p.path("type").asText();
                    String level = type.equals("error") || type.equals("assert") ? "error" : type.equals("warning") ? "warning" : type;
                    messages.add(new Message("console", level, String.join(" ", args)));
                }
                case "Runtime.exceptionThrown" -> {
                    JsonNode d = p.path("exceptionDetails");
                    messages.add(new Message("exception", "error", d.path("exception").path("description").asText(d.path("text").asText())
                            + " at " + d.path("url").asText() + ":" + d.path("lineNumber").asText()));
                }
                case "Log.entryAdded" -> {
                    JsonNode e = p.path("entry");
                    messages.add(new Message("log:" + e.path("source").asText(), e.path("level").asText(),
                            e.path("text").asText() + (e.has("url") ? " (" + e.path("url").asText() + ")" : "")));
                }
                default -> {
                }
            }
        } catch (IOException e) {
            messages.add(new Message("test", "error", "unreadable DevTools message: " + e));
        }
    }

    /** Sends a DevTools command and returns its {@code result}; fails on a protocol error. */
    public JsonNode call(String method, JsonNode params) throws Exception {
        int id = ids.incrementAndGet();
        ObjectNode command = JSON.createObjectNode().put("id", id).put("method", method);
        if (params != null) {
            command.set("params", params);
        }
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        pending.put(id, reply);
        socket.sendText(JSON.writeValueAsString(command), true).get(30, TimeUnit.SECONDS);
        JsonNode r = reply.get(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        if (r.has("error")) {
            throw new IllegalStateException(method + " failed: " + r.path("error"));
        }
        return r.path("result");
    }

    /** Loads {@code url} in the page. */
    public void navigate(String url) throws Exception {
        JsonNode r = call("Page.navigate", JSON.createObjectNode().put("url", url));
        if (r.hasNonNull("errorText")) {
            throw new IllegalStateException("navigation to " + url + " failed: " + r.path("errorText").asText());
        }
    }

    /** The value of a JavaScript expression in the page (JSON-serialisable values). */
    public JsonNode evaluate(String expression) throws Exception {
        JsonNode r = call("Runtime.evaluate", JSON.createObjectNode().put("expression", expression)
                .put("returnByValue", true).put("awaitPromise", true));
        if (r.has("exceptionDetails")) {
            throw new IllegalStateException("evaluating " + expression + " threw: " + r.path("exceptionDetails"));
        }
        return r.path("result").path("value");
    }

    /** A PNG of the viewport. */
    public byte[] screenshot() throws Exception {
        return Base64.getDecoder().decode(call("Page.captureScreenshot", JSON.createObjectNode().put("format", "png"))
                .path("data").asText());
    }

    /** Everything the page reported so far. */
    public List<Message> messages() {
        return List.copyOf(messages);
    }

    /** The messages of level {@code error}: console.error, uncaught exceptions, failed loads, CSP violations. */
    public List<Message> errors() {
        return messages.stream().filter(m -> m.level().equals("error")).toList();
    }

    @Override
    public void close() {
        try {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
        } catch (RuntimeException ignored) {
            // the browser goes anyway
        }
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        children.forEach(ProcessHandle::destroyForcibly);
    }
}
