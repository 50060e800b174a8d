package io.barcast.cli;

import io.barcast.bar.Bar;
import io.barcast.bar.CsvBarReader;
import io.barcast.testing.BrokerKit;
import io.barcast.testing.ServiceHttp;
import io.barcast.testing.ServiceProcess;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bundled AAPL bars as a raw feed would have sent them, with an unadjusted 2-for-1 split on 2016-06-01 (prices
 * before it doubled, volumes halved, no split factor), replayed through {@code local}: the split is named on the
 * live view's {@code [data ]} line, the split day's outcome is scored in adjusted terms, the 95% intervals of the 30
 * days from the split are as narrow as the stock's own (the window was rescaled: not ones that still carry a -69%
 * return), and the last prediction is in the latest bar's units.
 */
@Tag("integration")
class LocalRawSplitIntegrationTest {

    private static final LocalDate EX_DATE = LocalDate.of(2016, 6, 1);
    private static final Pattern BROKER = Pattern.compile("Kafka broker .* at (\\S+),");
    private static final Pattern LIVE_PAGE = Pattern.compile("Live page:\\s+(http://\\S+?)/?$");

    @TempDir
    Path dir;

    @Test
    void shouldNameAndAdjustAnUnadjustedSplitReplayedThroughLocal() throws Exception {
        List<Bar> clean = CsvBarReader.read("aapl", "AAPL");
        Path raw = dir.resolve("aapl-raw.csv");
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(raw, StandardCharsets.UTF_8))) {
            w.println("Date,Open,High,Low,Close,Volume");
            for (Bar b : clean) {
                double k = b.date().isBefore(EX_DATE) ? 2 : 1;
                w.printf(Locale.ROOT, "%s,%.6f,%.6f,%.6f,%.6f,%.0f%n", b.date(), b.open() * k, b.high() * k, b.low() * k,
                        b.close() * k, b.volume() / k);
            }
        }
        ProcessBuilder pb = ServiceProcess.barcast(true, 768, "local", "--csv", raw.toString(), "--symbol", "AAPL",
                "--rate", "400", "--http-port", "0", "--max-seconds", "240", "--data-dir", dir.resolve("data").toString(),
                "--set", "window.bars=250", "--set", "retrain.every.bars=100", "--set", "model.epochs=5");
        pb.redirectErrorStream(true);
        Process p = pb.start();
        List<String> lines = new CopyOnWriteArrayList<>();
        String http = null;
        String bootstrap = null;
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        Thread drain = new Thread(() -> { // the rest of the output, read until the process ends
            try {
                for (String line; (line = out.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (java.io.IOException ignored) {
                // the process ended
            }
        }, "local-output");
        try {
            for (String line; (line = out.readLine()) != null; ) {
                lines.add(line);
                Matcher m = LIVE_PAGE.matcher(line.trim());
                if (m.find()) {
                    http = m.group(1);
                }
                Matcher b = BROKER.matcher(line);
                if (b.find()) {
                    bootstrap = b.group(1);
                }
                if (line.contains("replay finished")) {
                    break;
                }
            }
            drain.start();
            assertThat(http).as("local printed its live page; output:\n%s", String.join("\n", lines)).isNotNull();
            assertThat(bootstrap).as("local printed its broker").isNotNull();
            Thread.sleep(3000); // the last bars' predictions are committed
            int port = Integer.parseInt(http.substring(http.lastIndexOf(':') + 1));
            JsonNode last = new ObjectMapper().readTree(ServiceHttp.body(port, "/predictions/AAPL"));
            Bar lastBar = clean.get(clean.size() - 1);
            assertThat(last.path("asOf").asText()).isEqualTo(lastBar.date().toString());
            assertThat(last.path("lastClose").asDouble()).as("in the latest bar's units").isCloseTo(lastBar.close(),
                    org.assertj.core.data.Offset.offset(0.01));
            // the 30 predictions from the split on, read back from local's broker (read_committed)
            BrokerKit kit = new BrokerKit(java.util.Map.of("bootstrap.servers", bootstrap));
            List<JsonNode> after = kit.readAll("predictions").stream()
                    .filter(x -> x.path("symbol").asText().equals("AAPL") && x.path("asOf").asText().compareTo(EX_DATE.toString()) >= 0)
                    .limit(30).toList();
            assertThat(after).hasSize(30);
            double width95 = after.stream().mapToDouble(x -> {
                for (JsonNode i : x.path("intervals")) {
                    if (i.path("level").asDouble() == 0.95) {
                        return (i.path("upper").asDouble() - i.path("lower").asDouble()) / x.path("lastClose").asDouble();
                    }
                }
                throw new AssertionError("no 95% interval: " + x);
            }).average().orElseThrow();
            // with the -69% return left in the window the 95% band is ~30% of the price; AAPL's own is ~5-6%
            assertThat(width95).as("mean 95% width / price over the 30 days from the split").isBetween(0.01, 0.12);
            JsonNode splitDay = kit.readAll("prediction-outcomes").stream()
                    .filter(x -> x.path("targetDate").asText().equals(EX_DATE.toString())).findFirst().orElseThrow();
            assertThat(splitDay.path("adjustment").asDouble()).as("scored in adjusted terms: %s", splitDay).isEqualTo(0.5);
            assertThat(Math.abs(splitDay.path("error").asDouble()) / splitDay.path("actualClose").asDouble()).isLessThan(0.1);
            JsonNode event = kit.readAll("data-quality").stream().filter(x -> x.path("symbol").asText().equals("AAPL"))
                    .findFirst().orElseThrow();
            assertThat(event.path("date").asText()).isEqualTo(EX_DATE.toString());
            assertThat(event.path("kind").asText()).isEqualTo("SUSPECTED_SPLIT");
            assertThat(event.path("action").asText()).isEqualTo("ADJUSTED");
            Thread.sleep(1000); // the live view (polling every 0.5 s) has printed what it read
        } finally {
            p.destroy();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            drain.join(10_000);
        }
        assertThat(lines).as("the split is named on the live view").anySatisfy(l -> assertThat(l)
                .startsWith("[data ]").contains("AAPL").contains(EX_DATE.toString()).contains("SUSPECTED_SPLIT").contains("ADJUSTED"));
        assertThat(lines).as("nothing dead-lettered").noneMatch(l -> l.startsWith("[dead ]"));
    }
}
