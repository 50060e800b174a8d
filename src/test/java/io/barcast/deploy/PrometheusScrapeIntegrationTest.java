package io.barcast.deploy;

import io.barcast.bar.Bar;
import io.barcast.bar.CsvBarReader;
import io.barcast.broker.EmbeddedKafka;
import io.barcast.forecast.Trainer;
import io.barcast.forecast.TrainingJob;
import io.barcast.model.TrainingResult;
import io.barcast.replay.BarReplayer;
import io.barcast.service.BarcastService;
import io.barcast.service.ServiceConfig;
import io.barcast.testing.PrometheusProcess;
import io.barcast.testing.ServiceHttp;
import io.barcast.testing.ServiceProcess;
import io.barcast.testing.SmallServiceConfig;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The monitoring files against the real thing: the service on an in-JVM KRaft broker, scraped by the real
 * {@code prometheus} binary (Debian's package, installed by {@code .ci/run}) with the repository's
 * {@code config/prometheus.yml} and {@code config/alerts.yml}, changed only where this scenario needs it (see
 * {@link #prometheusConfig} and {@link #alertsCopy}). Through Prometheus's HTTP API: the target is up, every rule
 * is healthy, every query of the Grafana dashboard (and its variables) returns a number, and two faults fire their
 * alerts: bars arriving for a symbol with no model yet ({@code BarcastNoPredictions}), and a retrain that fails
 * ({@code BarcastTrainingFailures}).
 *
 * <p>Without a {@code prometheus} executable on the PATH the test fails when {@code CI=true} and is skipped
 * otherwise ({@link PrometheusProcess#binary()}).
 */
@Tag("integration")
class PrometheusScrapeIntegrationTest {

    private static final Path CONFIG = Path.of("config");
    private static final Path DASHBOARD = CONFIG.resolve("grafana/dashboards/barcast.json");
    private static final Path ALERTS = CONFIG.resolve("alerts.yml");
    private static final Path PROMETHEUS = CONFIG.resolve("prometheus.yml");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static final String SYMBOL = "SPX";
    private static final int WINDOW = 40;
    private static final int RETRAIN_EVERY = 4;
    /** Scrape and rule evaluation interval of the test's Prometheus (the repository's are 5 s and 15 s). */
    private static final String INTERVAL = "1s";
    /** The alert fired by bars arriving with no model; its {@code for} (10m in alerts.yml) is shortened in the copy. */
    private static final String NO_PREDICTIONS = "BarcastNoPredictions";
    private static final String NO_PREDICTIONS_FOR = "2s";
    /** The alert fired by the failed retrain; it has no {@code for}, so it is taken as it is. */
    private static final String TRAINING_FAILURES = "BarcastTrainingFailures";
    /**
     * Alerts whose expression may return data at the end of this scenario. The Theil's U of a 5-epoch model over a
     * handful of outcomes can be above 1 or not; that alert waits 1h before firing anyway.
     */
    private static final Set<String> DATA_DEPENDENT_ALERTS = Set.of("BarcastTheilUAboveOne");
    /**
     * Dashboard queries (panel title / refId) allowed to return nothing in this scenario, with the reason. None:
     * the scenario has dead letters, a failed job, outcomes, interval coverage and a garbage collection, so every
     * panel has something to show.
     */
    private static final Map<String, String> EXPECTED_EMPTY = Map.of();

    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\(\\s*([^,()]+?)\\s*,\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*\\)");
    private static final Duration PROMETHEUS_TIMEOUT = Duration.ofSeconds(45);
    private static final Duration TRAINING_TIMEOUT = Duration.ofSeconds(120);

    @TempDir
    Path stateDir;

    @TempDir
    Path prometheusDir;

    @Test
    void shouldAnswerEveryDashboardQueryKeepEveryRuleHealthyAndFireTheAlertsOfRealFaults() throws Exception {
        Path binary = PrometheusProcess.binary();
        List<Bar> spx = CsvBarReader.read("sp500", SYMBOL).subList(0, WINDOW + 3 * RETRAIN_EVERY);

        // Step 1: the broker, and the service with a trainer whose first retrain (not the first model) fails.
        AtomicBoolean failed = new AtomicBoolean();
        Trainer lstm = Trainer.lstm();
        Trainer failingOnce = job -> failFirstRetrain(job, lstm, failed);
        try (EmbeddedKafka broker = EmbeddedKafka.start(EmbeddedKafka.Options.defaults().withNumPartitions(2))) {
            ServiceConfig config = config(broker);
            try (BarcastService service = ServiceProcess.inJvm(config, failingOnce)) {
                String instance = ServiceHttp.LOOPBACK + ":" + service.httpPort();

                // Step 2: Prometheus with the repository's configuration and rules, scraping the service every second.
                int port = ServiceProcess.freePort();
                Path configFile = prometheusConfig(instance, port);
                alertsCopy();
                Files.createDirectories(prometheusDir.resolve("data"));
                try (PrometheusProcess prometheus = PrometheusProcess.start(binary, configFile, prometheusDir.resolve("data"),
                        port, prometheusDir.resolve("prometheus.log"))) {
                    Awaiter await = new Awaiter(prometheus);

                    // Step 3: both targets are up (the service has been scraped before the first bar).
                    await.until("targets barcast and prometheus up", () -> targetHealth(prometheus),
                            h -> h.equals(Map.of("barcast", "up", "prometheus", "up")));
                    assertThat(scrapeUrls(prometheus)).contains("http://" + instance + "/metrics");

                    // Step 3b: a garbage collection, so that the GC panel has a pause to show: jvm_gc_pause_seconds
                    // appears at the first one, and a JVM with a large young generation and little to allocate may
                    // not collect within this minute (the service runs in this JVM)
                    System.gc();

                    // Step 4: bars arrive (5 a second) for a symbol whose window is not full: no model, no prediction.
                    BarReplayer replayer = new BarReplayer(broker.clientProperties(), config.topics().bars());
                    replayer.replay(spx.subList(0, WINDOW - 10), 5, (n, t, b) -> { }, () -> false);
                    JsonNode noPredictions = await.until(NO_PREDICTIONS + " firing", () -> alert(prometheus, NO_PREDICTIONS),
                            a -> a != null && a.path("state").asText().equals("firing"));
                    assertThat(noPredictions.path("labels").path("instance").asText()).isEqualTo(instance);
                    assertThat(noPredictions.path("labels").path("application").asText()).isEqualTo(config.applicationId());
                    assertThat(prometheus.query("barcast_predictions_published_total").path("result")).isEmpty();
                    assertThat(prometheus.query("ALERTS{alertname=\"" + NO_PREDICTIONS + "\",alertstate=\"firing\"}")
                            .path("result")).hasSize(1);

                    // Step 5: the window fills, the first model trains and serves.
                    replayer.replay(spx.subList(WINDOW - 10, WINDOW), 0, (n, t, b) -> { }, () -> false);
                    await.until("model version 1 of " + SYMBOL, TRAINING_TIMEOUT,
                            () -> prometheus.query("barcast_model_version{symbol=\"" + SYMBOL + "\"} >= 1").path("result").size(),
                            n -> n == 1);

                    // Step 6: more bars (4 a second): predictions and outcomes, a retrain every 4 bars of which the
                    // first fails, and one record that is not JSON (a dead letter).
                    replayer.replay(spx.subList(WINDOW, WINDOW + RETRAIN_EVERY + 2), 4, (n, t, b) -> { }, () -> false);
                    sendNotJson(broker, config.topics().bars());
                    replayer.replay(spx.subList(WINDOW + RETRAIN_EVERY + 2, spx.size()), 4, (n, t, b) -> { }, () -> false);
                    await.until("the first retrain has failed", TRAINING_TIMEOUT, failed::get, f -> f);

                    // Step 7: predictions resolve BarcastNoPredictions; the failed job fires BarcastTrainingFailures.
                    await.until(NO_PREDICTIONS + " resolved", () -> alert(prometheus, NO_PREDICTIONS), a -> a == null);
                    JsonNode trainingFailures = await.until(TRAINING_FAILURES + " firing", () -> alert(prometheus, TRAINING_FAILURES),
                            a -> a != null && a.path("state").asText().equals("firing"));
                    assertThat(trainingFailures.path("labels").path("status").asText()).isEqualTo("FAILED");
                    assertThat(trainingFailures.path("labels").path("instance").asText()).isEqualTo(instance);
                    assertThat(firingAlerts(prometheus)).as("alerts firing at the end").containsExactly(TRAINING_FAILURES);

                    // Step 8: every rule has been evaluated without error, and is the rule of alerts.yml.
                    Map<String, String> ruleHealth = await.until("every rule evaluated", () -> ruleHealth(prometheus),
                            h -> !h.containsValue("unknown"));
                    assertThat(ruleHealth).as("rule health (name -> health: lastError)").containsOnlyKeys(alertNames())
                            .allSatisfy((name, health) -> assertThat(health).as(name).isEqualTo("ok"));

                    // Step 9: every alert expression evaluates; on this healthy-but-for-one-failed-job service only
                    // the training failure (and possibly the data-dependent ones) returns data.
                    Set<String> withData = new TreeSet<>();
                    for (Map.Entry<String, String> alert : alertExpressions().entrySet()) {
                        if (!prometheus.query(alert.getValue()).path("result").isEmpty()) {
                            withData.add(alert.getKey());
                        }
                    }
                    assertThat(withData).contains(TRAINING_FAILURES);
                    withData.removeAll(DATA_DEPENDENT_ALERTS);
                    assertThat(withData).as("alert expressions returning data").containsExactly(TRAINING_FAILURES);

                    // Step 10: the dashboard's variables list this instance and symbol, and every panel query returns
                    // at least one number (NaN draws nothing in Grafana).
                    Map<String, String> expectedValue = Map.of("instance", instance, "symbol", SYMBOL);
                    Map<String, String> variables = variableQueries();
                    assertThat(variables).containsOnlyKeys(expectedValue.keySet());
                    for (Map.Entry<String, String> variable : variables.entrySet()) {
                        Matcher m = LABEL_VALUES.matcher(variable.getValue());
                        assertThat(m.matches()).as("variable %s: %s", variable.getKey(), variable.getValue()).isTrue();
                        JsonNode values = prometheus.api("label/" + m.group(2) + "/values?match%5B%5D="
                                + URLEncoder.encode(m.group(1), StandardCharsets.UTF_8));
                        assertThat(values).extracting(JsonNode::asText).as("values of $%s", variable.getKey())
                                .contains(expectedValue.get(variable.getKey()));
                    }
                    // A Grafana variable becomes the value selected (the repeated row's symbol); the intervals become
                    // what .ci/run substitutes for promtool.
                    Map<String, String> substitutions = Map.of("$instance", instance, "$symbol", SYMBOL,
                            "$__rate_interval", "1m", "$__interval", "1m");
                    Map<String, String> queries = dashboardQueries(substitutions);
                    assertThat(queries).hasSizeGreaterThanOrEqualTo(30);
                    assertThat(queries.keySet().containsAll(EXPECTED_EMPTY.keySet())).as("allow-list %s names dashboard queries",
                            EXPECTED_EMPTY.keySet()).isTrue();
                    Map<String, String> problems = await.until("every dashboard query answered", () -> dashboardProblems(prometheus, queries),
                            p -> EXPECTED_EMPTY.keySet().containsAll(p.keySet()));
                    problems.keySet().removeAll(EXPECTED_EMPTY.keySet());
                    assertThat(problems).as("dashboard queries without data (panel / refId -> problem)").isEmpty();
                }
            }
        }
    }

    // ---- the scenario ----

    private ServiceConfig config(EmbeddedKafka broker) {
        Properties p = SmallServiceConfig.smallConfig(broker.bootstrapServers(), SmallServiceConfig.uniqueId("prometheus"),
                stateDir, 2);
        p.setProperty("window.bars", Integer.toString(WINDOW));
        p.setProperty("retrain.every.bars", Integer.toString(RETRAIN_EVERY));
        return ServiceConfig.of(p);
    }

    /** Trains with {@code lstm}, except the first retrain (a job after version 1), which throws: a FAILED job. */
    private static TrainingResult failFirstRetrain(TrainingJob job, Trainer lstm, AtomicBoolean failed) {
        if (job.version() > 1 && failed.compareAndSet(false, true)) {
            throw new IllegalStateException("injected: the first retrain fails");
        }
        return lstm.train(job);
    }

    private static void sendNotJson(EmbeddedKafka broker, String topic) throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(broker.clientProperties(),
                new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, SYMBOL, "not json".getBytes(StandardCharsets.UTF_8))).get();
        }
    }

    // ---- Prometheus's configuration ----

    /**
     * config/prometheus.yml with: scrape and evaluation every {@value #INTERVAL} (globally and for the barcast job),
     * the barcast target {@code barcast:8080} replaced by the service's loopback address, and the prometheus job's
     * {@code localhost:9090} by this Prometheus's. Written beside the rules, so {@code rule_files: [alerts.yml]} holds.
     */
    private Path prometheusConfig(String instance, int port) throws IOException {
        ObjectNode config = (ObjectNode) YAML.readTree(PROMETHEUS.toFile());
        assertThat(config.path("rule_files")).extracting(JsonNode::asText).containsExactly("alerts.yml");
        ObjectNode global = (ObjectNode) config.path("global");
        global.put("scrape_interval", INTERVAL);
        global.put("evaluation_interval", INTERVAL);
        Set<String> jobs = new TreeSet<>();
        for (JsonNode job : config.path("scrape_configs")) {
            String name = job.path("job_name").asText();
            jobs.add(name);
            ArrayNode targets = (ArrayNode) job.path("static_configs").get(0).path("targets");
            if (name.equals("barcast")) {
                assertThat(targets).extracting(JsonNode::asText).containsExactly("barcast:8080");
                ((ObjectNode) job).put("scrape_interval", INTERVAL);
                ((ObjectNode) job).put("scrape_timeout", INTERVAL);
                targets.removeAll().add(instance);
            } else if (name.equals("prometheus")) {
                targets.removeAll().add(ServiceHttp.LOOPBACK + ":" + port);
            }
        }
        assertThat(jobs).containsExactly("barcast", "prometheus");
        Path file = prometheusDir.resolve("prometheus.yml");
        YAML.writeValue(file.toFile(), config);
        return file;
    }

    /** config/alerts.yml with the {@code for} of {@value #NO_PREDICTIONS} shortened to {@value #NO_PREDICTIONS_FOR}. */
    private void alertsCopy() throws IOException {
        ObjectNode alerts = (ObjectNode) YAML.readTree(ALERTS.toFile());
        int changed = 0;
        for (JsonNode group : alerts.path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                if (rule.path("alert").asText().equals(NO_PREDICTIONS)) {
                    assertThat(rule.path("for").asText()).isEqualTo("10m");
                    ((ObjectNode) rule).put("for", NO_PREDICTIONS_FOR);
                    changed++;
                }
            }
        }
        assertThat(changed).isEqualTo(1);
        YAML.writeValue(prometheusDir.resolve("alerts.yml").toFile(), alerts);
    }

    // ---- the repository's queries ----

    private static Set<String> alertNames() throws IOException {
        return new TreeSet<>(alertExpressions().keySet());
    }

    private static Map<String, String> alertExpressions() throws IOException {
        Map<String, String> exprs = new TreeMap<>();
        for (JsonNode group : YAML.readTree(ALERTS.toFile()).path("groups")) {
            group.path("rules").forEach(r -> exprs.put(r.path("alert").asText(), r.path("expr").asText()));
        }
        return exprs;
    }

    /** The dashboard's variable queries by variable name. */
    private static Map<String, String> variableQueries() throws IOException {
        Map<String, String> queries = new TreeMap<>();
        for (JsonNode variable : JSON.readTree(DASHBOARD.toFile()).path("templating").path("list")) {
            JsonNode q = variable.path("query");
            queries.put(variable.path("name").asText(), q.isObject() ? q.path("query").asText() : q.asText());
        }
        return queries;
    }

    /** Every panel target's expression by "panel title / refId", with the Grafana variables substituted. */
    private static Map<String, String> dashboardQueries(Map<String, String> substitutions) throws IOException {
        Map<String, String> queries = new LinkedHashMap<>();
        for (JsonNode panel : MonitoringConfigTest.panels(JSON.readTree(DASHBOARD.toFile()))) {
            for (JsonNode target : panel.path("targets")) {
                String expr = target.path("expr").asText();
                for (Map.Entry<String, String> s : substitutions.entrySet()) {
                    expr = expr.replace("${" + s.getKey().substring(1) + "}", s.getValue()).replace(s.getKey(), s.getValue());
                }
                String key = panel.path("title").asText() + " / " + target.path("refId").asText();
                assertThat(expr).as("%s: a Grafana variable without a substitution", key).doesNotContain("$");
                assertThat(queries.put(key, expr)).as("%s once", key).isNull();
            }
        }
        return queries;
    }

    // ---- Prometheus's answers ----

    /** "empty" or "only NaN" for each query whose result has no number, with the expression. */
    private static Map<String, String> dashboardProblems(PrometheusProcess prometheus, Map<String, String> queries) throws Exception {
        Map<String, String> problems = new TreeMap<>();
        for (Map.Entry<String, String> q : queries.entrySet()) {
            JsonNode data = prometheus.query(q.getValue());
            List<String> values = new ArrayList<>();
            if (data.path("resultType").asText().equals("vector")) {
                data.path("result").forEach(r -> values.add(r.path("value").get(1).asText()));
            } else {
                values.add(data.path("result").get(1).asText());
            }
            if (values.isEmpty()) {
                problems.put(q.getKey(), "empty: " + q.getValue());
            } else if (values.stream().allMatch("NaN"::equals)) {
                problems.put(q.getKey(), "only NaN: " + q.getValue());
            }
        }
        return problems;
    }

    /** Health per job of the active targets. */
    private static Map<String, String> targetHealth(PrometheusProcess prometheus) throws Exception {
        Map<String, String> health = new TreeMap<>();
        prometheus.api("targets").path("activeTargets").forEach(t -> health.put(t.path("labels").path("job").asText(),
                t.path("health").asText()));
        return health;
    }

    private static List<String> scrapeUrls(PrometheusProcess prometheus) throws Exception {
        List<String> urls = new ArrayList<>();
        prometheus.api("targets").path("activeTargets").forEach(t -> urls.add(t.path("scrapeUrl").asText()));
        return urls;
    }

    /** The active alert of that name (pending or firing), or null. */
    private static JsonNode alert(PrometheusProcess prometheus, String name) throws Exception {
        for (JsonNode a : prometheus.api("alerts").path("alerts")) {
            if (a.path("labels").path("alertname").asText().equals(name)) {
                return a;
            }
        }
        return null;
    }

    private static Set<String> firingAlerts(PrometheusProcess prometheus) throws Exception {
        Set<String> firing = new TreeSet<>();
        for (JsonNode a : prometheus.api("alerts").path("alerts")) {
            if (a.path("state").asText().equals("firing")) {
                firing.add(a.path("labels").path("alertname").asText());
            }
        }
        return firing;
    }

    /** Health of every loaded rule by name ("ok", "unknown" before its first evaluation, or "err: lastError"). */
    private static Map<String, String> ruleHealth(PrometheusProcess prometheus) throws Exception {
        Map<String, String> health = new TreeMap<>();
        for (JsonNode group : prometheus.api("rules").path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                String h = rule.path("health").asText();
                health.put(rule.path("name").asText(), h.equals("err") ? h + ": " + rule.path("lastError").asText() : h);
            }
        }
        return health;
    }

    /** Polls a probe until its value is done; fails after the timeout with the last value and Prometheus's log. */
    private static final class Awaiter {
        private final PrometheusProcess prometheus;

        Awaiter(PrometheusProcess prometheus) {
            this.prometheus = prometheus;
        }

        <T> T until(String what, Probe<T> probe, Predicate<T> done) throws Exception {
            return until(what, PROMETHEUS_TIMEOUT, probe, done);
        }

        <T> T until(String what, Duration timeout, Probe<T> probe, Predicate<T> done) throws Exception {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                T value = probe.get();
                if (done.test(value)) {
                    return value;
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("not within " + timeout.toSeconds() + " s: " + what + "; last: " + value
                            + "\nprometheus log:\n" + prometheus.logTail());
                }
                Thread.sleep(250);
            }
        }
    }

    @FunctionalInterface
    private interface Probe<T> {
        T get() throws Exception;
    }
}
