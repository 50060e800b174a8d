package io.barcast.cli;

import io.barcast.events.Json;
import io.barcast.stream.Topics;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

/**
 * The live console view of {@code barcast local}: reads the output topics (read_committed) and
 * prints every retrain, predictions next to their realised closes (at most one line per symbol
 * per {@code interval}), and the running Theil's U per symbol.
 */
final class LiveView implements Runnable, AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final Topics topics;
    private final PrintStream out;
    private final long startNanos;
    private final long intervalMillis;
    private final Map<String, Long> lastPrinted = new HashMap<>();
    private final Map<String, Long> predictionCounts = new HashMap<>();
    private volatile boolean firstPredictionSeen;

    LiveView(Map<String, Object> clientProps, Topics topics, PrintStream out, long startNanos, Duration interval) {
        Properties p = new Properties();
        p.putAll(clientProps);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "barcast-local-view-" + UUID.randomUUID());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        this.consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
        this.topics = topics;
        this.out = out;
        this.startNanos = startNanos;
        this.intervalMillis = interval.toMillis();
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(List.of(topics.predictions(), topics.trainingLoss(), topics.outcomes(), topics.rejected(),
                    topics.dataQuality()));
            while (!Thread.currentThread().isInterrupted()) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    show(r);
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    // package-private for tests
    void show(ConsumerRecord<String, byte[]> r) {
        JsonNode v;
        try {
            v = Json.mapper().readTree(r.value());
        } catch (IOException e) {
            return;
        }
        String topic = r.topic();
        if (topic.equals(topics.trainingLoss())) {
            out.printf(Locale.ROOT, "[train] %-5s v%-3d through %s  %-14s train loss %s  val loss %s  val U %s  %5.1f s%s%n",
                    v.path("symbol").asText(), v.path("modelVersion").asLong(), v.path("windowEnd").asText(),
                    v.path("status").asText() + (v.path("promoted").asBoolean() ? "+promoted" : ""),
                    best(v.path("trainLoss"), v.path("bestEpoch").asInt(-1)), best(v.path("valLoss"), v.path("bestEpoch").asInt(-1)), num(v.path("valTheilU")),
                    v.path("durationMs").asLong() / 1000.0,
                    v.path("reason").isTextual() ? "  (" + v.path("reason").asText() + ")" : "");
        } else if (topic.equals(topics.predictions())) {
            String symbol = v.path("symbol").asText();
            long n = predictionCounts.merge(symbol, 1L, Long::sum);
            if (!firstPredictionSeen) {
                firstPredictionSeen = true;
                out.printf(Locale.ROOT, "[first] first prediction %.1f s after start: %s after %s -> %.2f (model v%d)%n",
                        (System.nanoTime() - startNanos) / 1e9, symbol, v.path("asOf").asText(),
                        v.path("predictedClose").asDouble(), v.path("modelVersion").asLong());
            }
            if (due(symbol + "/p")) {
                out.printf(Locale.ROOT, "[pred ] %-5s after %s: last %.2f -> next %.2f served%s (model %.2f, skill weight %.2f; v%d through %s; %d predictions)%n",
                        symbol, v.path("asOf").asText(), v.path("lastClose").asDouble(), v.path("predictedClose").asDouble(),
                        bands(v.path("intervals")), v.path("modelPredictedClose").asDouble(), v.path("skillWeight").asDouble(),
                        v.path("modelVersion").asLong(), v.path("trainedThrough").asText(), n);
            }
        } else if (topic.equals(topics.outcomes())) {
            String symbol = v.path("symbol").asText();
            if (due(symbol + "/o")) {
                out.printf(Locale.ROOT, "[score] %-5s %s served %.2f actual %.2f (error %+.2f, naive %+.2f)  served running Theil's U %s over %d, hit rate %s%s%n",
                        symbol, v.path("targetDate").asText(), v.path("predictedClose").asDouble(), v.path("actualClose").asDouble(),
                        v.path("error").asDouble(), v.path("naiveError").asDouble(), num(v.path("runningTheilU")),
                        v.path("count").asLong(), pct(v.path("runningHitRate")), coverage(v.path("intervals")));
            }
        } else if (topic.equals(topics.rejected())) {
            out.printf(Locale.ROOT, "[dead ] %s: %s%n", v.path("reason").asText(), v.path("detail").asText());
        } else if (topic.equals(topics.dataQuality())) {
            out.printf(Locale.ROOT, "[data ] %-5s %s %s %s: %s%n", v.path("symbol").asText(), v.path("date").asText(),
                    v.path("kind").asText(), v.path("action").asText(), v.path("detail").asText());
        }
    }

    /** {@code , 80% 185.10..191.92, 95% 183.40..193.70} for a prediction's intervals; empty without any. */
    private static String bands(JsonNode intervals) {
        StringBuilder b = new StringBuilder();
        for (JsonNode i : intervals) {
            b.append(String.format(Locale.ROOT, ", %s %.2f..%.2f", level(i), i.path("lower").asDouble(), i.path("upper").asDouble()));
        }
        return b.toString();
    }

    /** {@code ; inside 80% yes (coverage 79.2%), 95% yes (94.8%)} for an outcome's intervals; empty without any. */
    private static String coverage(JsonNode intervals) {
        StringBuilder b = new StringBuilder();
        for (JsonNode i : intervals) {
            b.append(b.length() == 0 ? "; inside " : ", ").append(level(i)).append(i.path("inside").asBoolean() ? " yes" : " no")
                    .append(" (coverage ").append(pct(i.path("runningCoverage"))).append(')');
        }
        return b.toString();
    }

    private static String level(JsonNode interval) {
        return String.format(Locale.ROOT, "%.0f%%", 100 * interval.path("level").asDouble());
    }

    private boolean due(String key) {
        long now = System.currentTimeMillis();
        Long last = lastPrinted.get(key);
        if (last != null && now - last < intervalMillis) {
            return false;
        }
        lastPrinted.put(key, now);
        return true;
    }

    /** The loss of the kept epoch, or of the last epoch run when none was kept. */
    private static String best(JsonNode array, int bestEpoch) {
        if (!array.isArray() || array.size() == 0) {
            return "-";
        }
        return num(array.get(bestEpoch >= 0 && bestEpoch < array.size() ? bestEpoch : array.size() - 1));
    }

    private static String num(JsonNode n) {
        return n.isNumber() ? String.format(Locale.ROOT, "%.4f", n.asDouble()) : "-";
    }

    private static String pct(JsonNode n) {
        return n.isNumber() ? String.format(Locale.ROOT, "%.1f%%", 100 * n.asDouble()) : "-";
    }

    @Override
    public void close() {
        consumer.wakeup();
    }
}
