package io.barcast.service;

import io.barcast.bar.Bar;
import io.barcast.bar.CsvBarReader;
import io.barcast.broker.EmbeddedKafka;
import io.barcast.forecast.Trainer;
import io.barcast.replay.BarReplayer;
import io.barcast.testing.HeadlessChromium;
import io.barcast.testing.ServiceHttp;
import io.barcast.testing.ServiceProcess;
import io.barcast.testing.SmallServiceConfig;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The live page in a real headless Chromium ({@link HeadlessChromium}, over the DevTools protocol): the service on
 * an in-JVM KRaft broker replays the bundled S&P 500 and AAPL bars with a tiny model retrained every 10 bars, until
 * both symbols have outcomes and training jobs; then the browser loads {@code /#AAPL} from the service's HTTP port.
 * A third symbol, {@value #HOSTILE} (AAPL's bars), must show as text, never as HTML.
 * The page must draw what {@code /api/symbols/{symbol}/history} returns (as many outcomes and training jobs as the
 * JSON holds, and the predicted close's red line on the price chart's canvas), with no console error, uncaught
 * exception or failed load (the library and the page's own files all come from the jar). A screenshot goes to
 * {@code target/live-page.png}, or to the path in the environment variable {@code LIVE_PAGE_SCREENSHOT}.
 *
 * <p>Without a {@code chromium} executable the test fails when {@code CI=true} and is skipped otherwise.
 */
@Tag("integration")
class LivePageBrowserTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int WINDOW = 40;
    /** Bars per symbol after the first model (environment LIVE_PAGE_BARS: more for a fuller screenshot). */
    private static final int AFTER = Integer.parseInt(System.getenv().getOrDefault("LIVE_PAGE_BARS", "40"));
    private static final Duration TIMEOUT = Duration.ofSeconds(180);
    /** A symbol the bar validator accepts (no whitespace, at most 32 characters) that is HTML if not escaped. */
    private static final String HOSTILE = "<img/src=x/onerror=alert(1)>";
    private static final int HOSTILE_AFTER = 10;

    @TempDir
    Path stateDir;

    @TempDir
    Path browserDir;

    @Test
    void shouldDrawTheServicesRecentHistoryInARealBrowserWithoutConsoleErrors() throws Exception {
        Path chromium = HeadlessChromium.binary();
        List<Bar> spx = CsvBarReader.read("sp500", "SPX").subList(0, WINDOW + AFTER);
        List<Bar> aapl = CsvBarReader.read("aapl", "AAPL").subList(0, WINDOW + AFTER);
        List<Bar> hostile = CsvBarReader.read("aapl", HOSTILE).subList(0, WINDOW + HOSTILE_AFTER);
        try (EmbeddedKafka broker = EmbeddedKafka.start(EmbeddedKafka.Options.defaults().withNumPartitions(2))) {
            Properties p = SmallServiceConfig.smallConfig(broker.bootstrapServers(), SmallServiceConfig.uniqueId("livepage"),
                    stateDir, 2);
            p.setProperty("window.bars", Integer.toString(WINDOW));
            p.setProperty("retrain.every.bars", "10");
            ServiceConfig config = ServiceConfig.of(p);
            try (BarcastService service = ServiceProcess.inJvm(config, Trainer.lstm())) {
                int port = service.httpPort();

                // The page and its assets, from the jar, with their content types.
                assertContentType(port, "/", "text/html; charset=utf-8");
                assertContentType(port, "/assets/live.js", "text/javascript; charset=utf-8");
                assertContentType(port, LivePage.UPLOT_JS, "text/javascript; charset=utf-8");
                assertContentType(port, LivePage.UPLOT_CSS, "text/css; charset=utf-8");
                assertThat(ServiceHttp.get(port, "/assets/nothing.js").statusCode()).isEqualTo(404);
                assertThat(JSON.readTree(ServiceHttp.body(port, "/api/symbols")).path("symbols")).isEmpty();

                // A full window of both symbols, their first models, then bars with predictions, outcomes and retrains.
                BarReplayer replayer = new BarReplayer(broker.clientProperties(), config.topics().bars());
                replayer.replay(BarReplayer.interleave(List.of(spx.subList(0, WINDOW), aapl.subList(0, WINDOW),
                        hostile.subList(0, WINDOW))), 0, (n, t, b) -> { }, () -> false);
                await("first predictions of the three symbols", () -> JSON.readTree(ServiceHttp.body(port, "/api/symbols")).path("symbols"),
                        s -> s.size() == 3 && s.get(0).hasNonNull("prediction") && s.get(1).hasNonNull("prediction")
                                && s.get(2).hasNonNull("prediction"));
                replayer.replay(BarReplayer.interleave(List.of(spx.subList(WINDOW, spx.size()), aapl.subList(WINDOW, aapl.size()),
                        hostile.subList(WINDOW, hostile.size()))), 20, (n, t, b) -> { }, () -> false);
                await("every outcome and no training job left", () -> settled(service, port), s -> s);

                JsonNode symbols = JSON.readTree(ServiceHttp.body(port, "/api/symbols")).path("symbols");
                assertThat(symbols).extracting(s -> s.path("symbol").asText()).containsExactly(HOSTILE, "AAPL", "SPX");
                String first = "AAPL";
                JsonNode history = JSON.readTree(ServiceHttp.body(port, "/api/symbols/" + first + "/history"));
                int outcomes = history.path("outcomes").size();
                int trainings = history.path("trainings").size();
                assertThat(outcomes).as("outcomes of " + first).isGreaterThanOrEqualTo(AFTER - 5);
                assertThat(trainings).as("training jobs of " + first).isGreaterThanOrEqualTo(2);

                // The page in the browser: it draws the first symbol, all of its recent history.
                try (HeadlessChromium browser = HeadlessChromium.start(chromium, browserDir, 1280, 1500)) {
                    browser.navigate("http://" + ServiceHttp.LOOPBACK + ":" + port + "/#" + first);
                    JsonNode drawn = await("the page's drawing of " + first,
                            () -> browser.evaluate("document.body ? Object.assign({}, document.body.dataset) : {}"),
                            d -> d.path("outcomesDrawn").asText().equals(Integer.toString(outcomes))
                                    && d.path("trainingsDrawn").asText().equals(Integer.toString(trainings)));
                    assertThat(drawn.path("symbol").asText()).isEqualTo(first);

                    // The price chart's canvas holds the predicted close's line (#d62728), not only axes.
                    int redPixels = browser.evaluate("""
                            (() => { const c = document.querySelector('#chart-price canvas');
                              const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; let n = 0;
                              for (let i = 0; i < d.length; i += 4) { if (d[i + 3] > 0 && d[i] > 150 && d[i] - d[i + 1] > 80 && d[i] - d[i + 2] > 80) n++; }
                              return n; })()""").asInt();
                    assertThat(redPixels).as("red pixels of the predicted close's line").isGreaterThan(100);
                    assertThat(browser.evaluate("document.querySelectorAll('#symbols tbody tr').length").asInt()).isEqualTo(3);
                    String lineage = browser.evaluate("document.getElementById('lineage').textContent").asText();
                    assertThat(lineage).contains("model v" + history.path("prediction").path("modelVersion").asLong())
                            .contains("trained through " + history.path("prediction").path("trainedThrough").asText());

                    // A refresh later (every 3 s) it has drawn again, still without errors.
                    int renders = drawn.path("renders").asInt();
                    await("a refresh", () -> browser.evaluate("Number(document.body.dataset.renders)").asInt(), r -> r > renders);

                    // The symbol that would be an <img> with an inline handler if inserted as HTML is text, in the
                    // table, the select and (once picked) the title; its history comes through its URL-encoded path.
                    assertThat(browser.evaluate("document.querySelectorAll('img, script:not([src])').length").asInt()).isZero();
                    assertThat(browser.evaluate("document.querySelector('#symbols tbody td').textContent").asText()).isEqualTo(HOSTILE);
                    int hostileOutcomes = JSON.readTree(ServiceHttp.body(port, "/api/symbols/"
                            + java.net.URLEncoder.encode(HOSTILE, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20")
                            + "/history")).path("outcomes").size();
                    assertThat(hostileOutcomes).isGreaterThanOrEqualTo(HOSTILE_AFTER - 2);
                    browser.evaluate("(() => { const s = document.getElementById('symbol'); s.selectedIndex = 0;"
                            + " s.dispatchEvent(new Event('change')); return s.value; })()");
                    await("the page's drawing of the hostile symbol", () -> browser.evaluate("Object.assign({}, document.body.dataset)"),
                            d -> d.path("symbol").asText().equals(HOSTILE)
                                    && d.path("outcomesDrawn").asText().equals(Integer.toString(hostileOutcomes)));
                    assertThat(browser.evaluate("document.getElementById('title-price').textContent").asText()).endsWith(": " + HOSTILE);
                    assertThat(browser.evaluate("document.querySelectorAll('img, script:not([src])').length").asInt()).isZero();

                    // Back to the first symbol for the screenshot.
                    browser.evaluate("(() => { const s = document.getElementById('symbol'); s.value = 'AAPL';"
                            + " s.dispatchEvent(new Event('change')); return s.value; })()");
                    await("the page's drawing of " + first, () -> browser.evaluate("Object.assign({}, document.body.dataset)"),
                            d -> d.path("symbol").asText().equals(first));
                    Path shot = Path.of(System.getenv().getOrDefault("LIVE_PAGE_SCREENSHOT", "target/live-page.png"));
                    Files.createDirectories(shot.toAbsolutePath().getParent());
                    Files.write(shot, browser.screenshot());
                    assertThat(browser.errors()).as("console errors, exceptions and failed loads; all messages: %s",
                            browser.messages()).isEmpty();
                }
            }
        }
    }

    /** True once the three symbols' outcomes and training jobs stop changing and no training job is queued or running. */
    private static boolean settled(BarcastService service, int port) throws Exception {
        JsonNode before = symbolsWithoutTimes(port);
        if (service.executor().queued() > 0 || service.executor().running() > 0) {
            return false;
        }
        Thread.sleep(1500);
        JsonNode after = symbolsWithoutTimes(port);
        return before.equals(after) && after.size() == 3 && after.get(0).path("outcomes").asInt() >= HOSTILE_AFTER - 2
                && after.get(1).path("outcomes").asInt() >= AFTER - 5 && after.get(2).path("outcomes").asInt() >= AFTER - 5;
    }

    private static JsonNode symbolsWithoutTimes(int port) throws Exception {
        JsonNode symbols = JSON.readTree(ServiceHttp.body(port, "/api/symbols")).path("symbols");
        symbols.forEach(s -> ((com.fasterxml.jackson.databind.node.ObjectNode) s).remove("updatedAt"));
        return symbols;
    }

    private static void assertContentType(int port, String path, String type) throws Exception {
        HttpResponse<String> r = ServiceHttp.get(port, path);
        assertThat(r.statusCode()).as(path).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).as(path).hasValue(type);
        assertThat(r.body()).as(path).isNotEmpty();
    }

    private static <T> T await(String what, Callable<T> probe, Predicate<T> done) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        T last = null;
        while (System.nanoTime() < deadline) {
            last = probe.call();
            if (done.test(last)) {
                return last;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("timed out waiting for " + what + "; last: " + last);
    }
}
