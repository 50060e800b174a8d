package io.barcast.deploy;

import io.barcast.interval.IntervalKeys;
import io.barcast.bar.Bar;
import io.barcast.bar.CsvBarReader;
import io.barcast.broker.EmbeddedKafka;
import io.barcast.forecast.Trainer;
import io.barcast.interval.IntervalSettings;
import io.barcast.interval.Levels;
import io.barcast.service.BarcastService;
import io.barcast.service.ServiceConfig;
import io.barcast.testing.BrokerKit;
import io.barcast.testing.ServiceHttp;
import io.barcast.testing.ServiceProcess;
import io.barcast.testing.SmallServiceConfig;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The deployment's monitoring files (config/prometheus.yml, config/alerts.yml, the Grafana provisioning and
 * dashboard) are well formed, and every metric name and selector label their PromQL uses is one that the real
 * service exposes on /metrics (checked against a running service on an in-JVM broker).
 */
@Tag("integration")
class MonitoringConfigTest {

    private static final Path CONFIG = Path.of("config");
    private static final Path DASHBOARD = CONFIG.resolve("grafana/dashboards/barcast.json");
    private static final Path ALERTS = CONFIG.resolve("alerts.yml");
    private static final Path ALERT_TESTS = CONFIG.resolve("alerts.test.yml");
    private static final Path PROMETHEUS = CONFIG.resolve("prometheus.yml");
    private static final Path DATASOURCE = CONFIG.resolve("grafana/provisioning/datasources/prometheus.yml");
    private static final Path DASHBOARD_PROVIDER = CONFIG.resolve("grafana/provisioning/dashboards/barcast.yml");
    private static final Path COMPOSE = Path.of("docker/docker-compose.yml");

    /** Series that Prometheus itself makes for every target or rule, never on /metrics. */
    private static final Set<String> PROMETHEUS_SYNTHETIC = Set.of("up", "scrape_duration_seconds", "scrape_samples_scraped",
            "scrape_samples_post_metric_relabeling", "scrape_series_added", "ALERTS", "ALERTS_FOR_STATE");
    /** Labels that Prometheus attaches at scrape time. */
    private static final Set<String> TARGET_LABELS = Set.of("instance", "job");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "by", "without", "on",
            "ignoring", "group_left", "group_right", "inf", "nan", "atan2");
    private static final List<String> SERIES_SUFFIXES = List.of("_count", "_sum", "_bucket", "_max");

    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`");
    private static final Pattern MATCHERS = Pattern.compile("\\{[^}]*}");
    private static final Pattern RANGE = Pattern.compile("\\[[^]]*]");
    private static final Pattern LABEL_CLAUSE = Pattern.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{[^}]*}|\\$[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Pattern NUMBER = Pattern.compile("(?<![a-zA-Z0-9_:.])(0x[0-9a-fA-F]+|\\d+(\\.\\d*)?([eE][+-]?\\d+)?[a-zA-Z]*|\\.\\d+)");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern SELECTOR = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*\\{([^}]*)}");
    private static final Pattern MATCHER_LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)");
    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\(\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)");
    private static final Pattern SAMPLE_LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final int WINDOW = 40;

    @TempDir
    Path stateDir;

    // ---- the files ----

    @Test
    void shouldHaveADashboardWhosePanelsAllQueryThePrometheusDatasource() throws IOException {
        JsonNode dashboard = JSON.readTree(DASHBOARD.toFile());

        assertThat(dashboard.path("uid").asText()).isEqualTo("barcast");
        assertThat(dashboard.path("title").asText()).isNotBlank();
        List<JsonNode> panels = panels(dashboard);
        assertThat(panels).hasSizeGreaterThanOrEqualTo(12);
        Set<Integer> ids = new HashSet<>();
        for (JsonNode panel : panels) {
            String title = panel.path("title").asText();
            assertThat(ids.add(panel.path("id").asInt())).as("unique id of panel %s", title).isTrue();
            JsonNode grid = panel.path("gridPos");
            assertThat(grid.path("x").asInt() + grid.path("w").asInt()).as("width of panel %s", title).isBetween(1, 24);
            if (panel.path("type").asText().equals("row")) {
                continue;
            }
            assertThat(panel.path("datasource").path("uid").asText()).as("datasource of panel %s", title).isEqualTo("prometheus");
            assertThat(panel.path("targets")).as("targets of panel %s", title).isNotEmpty();
            panel.path("targets").forEach(t -> {
                assertThat(t.path("expr").asText()).as("expr of panel %s", title).isNotBlank();
                assertThat(balanced(t.path("expr").asText())).as("brackets of %s", t.path("expr").asText()).isTrue();
            });
        }
        assertThat(panels).extracting(p -> p.path("title").asText()).contains(
                "Realised absolute error per symbol", "Theil's U and skill weight per symbol", "Training and validation loss per symbol",
                "Retrain duration", "Consumer lag per partition", "Model version per symbol", "Model age per symbol",
                "Training queue depth and jobs running", "Bar-to-prediction latency", "JVM heap",
                "Predicted close with its intervals, and the actual close", "Interval coverage per level and width");
    }

    @Test
    void shouldRepeatTheIntervalPanelsPerSymbolAndFillTheBandOfEachDefaultLevel() throws IOException {
        JsonNode dashboard = JSON.readTree(DASHBOARD.toFile());
        List<String> variables = new ArrayList<>();
        dashboard.path("templating").path("list").forEach(v -> variables.add(v.path("name").asText()));
        List<JsonNode> top = new ArrayList<>();
        dashboard.path("panels").forEach(top::add);
        int row = -1;
        for (int i = 0; i < top.size(); i++) {
            if (top.get(i).path("type").asText().equals("row") && top.get(i).path("repeat").asText().equals("symbol")) {
                assertThat(row).as("one row repeated per symbol").isEqualTo(-1);
                row = i;
            }
        }
        assertThat(row).as("a row repeated per symbol").isNotNegative();
        assertThat(variables).contains(top.get(row).path("repeat").asText());
        assertThat(top.get(row).path("collapsed").asBoolean()).isFalse();

        // The row's panels: those after it up to the next row, all below it and each filtered to the repeated symbol.
        Map<String, JsonNode> inRow = new LinkedHashMap<>();
        for (int i = row + 1; i < top.size() && !top.get(i).path("type").asText().equals("row"); i++) {
            JsonNode panel = top.get(i);
            assertThat(panel.path("gridPos").path("y").asInt()).isGreaterThan(top.get(row).path("gridPos").path("y").asInt());
            panel.path("targets").forEach(t -> assertThat(t.path("expr").asText()).contains("symbol=~\"$symbol\""));
            inRow.put(panel.path("title").asText(), panel);
        }
        assertThat(inRow).containsOnlyKeys("Predicted close with its intervals, and the actual close", "Interval coverage per level and width");

        JsonNode band = inRow.get("Predicted close with its intervals, and the actual close");
        Map<String, String> legends = new TreeMap<>();
        band.path("targets").forEach(t -> legends.put(t.path("legendFormat").asText(), t.path("expr").asText()));
        assertThat(legends).containsOnlyKeys("predicted close", "actual close", "lower {{level}}", "upper {{level}}");
        assertThat(metricNames(legends.get("predicted close"))).containsExactly("barcast_prediction_close");
        assertThat(metricNames(legends.get("actual close"))).containsExactly("barcast_actual_close");
        assertThat(legends.get("lower {{level}}")).startsWith("max by (level) (barcast_prediction_lower{");
        assertThat(legends.get("upper {{level}}")).startsWith("max by (level) (barcast_prediction_upper{");
        Map<String, String> fills = new TreeMap<>();
        for (JsonNode override : band.path("fieldConfig").path("overrides")) {
            for (JsonNode property : override.path("properties")) {
                if (property.path("id").asText().equals("custom.fillBelowTo")) {
                    assertThat(override.path("matcher").path("id").asText()).isEqualTo("byName");
                    fills.put(override.path("matcher").path("options").asText(), property.path("value").asText());
                }
            }
        }
        // The fill between a level's bounds names the series the legend formats give them, for every default level.
        Map<String, String> expected = new TreeMap<>();
        for (double level : IntervalKeys.LEVELS.defaultValue().values()) {
            expected.put("upper " + Levels.label(level), "lower " + Levels.label(level));
        }
        assertThat(fills).isEqualTo(expected);

        JsonNode coverage = inRow.get("Interval coverage per level and width");
        Set<String> queried = new TreeSet<>();
        coverage.path("targets").forEach(t -> queried.addAll(metricNames(t.path("expr").asText())));
        assertThat(queried).containsExactly("barcast_interval_coverage", "barcast_interval_level", "barcast_interval_outcomes",
                "barcast_interval_width_ratio");
    }

    @Test
    void shouldDefineTheAlertRulesWithSeveritiesAndSummaries() throws IOException {
        JsonNode rules = YAML.readTree(ALERTS.toFile());

        Map<String, JsonNode> byName = new LinkedHashMap<>();
        for (JsonNode group : rules.path("groups")) {
            assertThat(group.path("name").asText()).isNotBlank();
            for (JsonNode rule : group.path("rules")) {
                String name = rule.path("alert").asText();
                assertThat(byName.put(name, rule)).as("alert %s defined once", name).isNull();
                assertThat(rule.path("expr").asText()).as("expr of %s", name).isNotBlank();
                assertThat(balanced(rule.path("expr").asText())).as("brackets of %s", name).isTrue();
                assertThat(rule.path("labels").path("severity").asText()).as("severity of %s", name).isIn("warning", "critical");
                assertThat(rule.path("annotations").path("summary").asText()).as("summary of %s", name).isNotBlank();
            }
        }
        assertThat(byName).containsKeys("BarcastInstanceDown", "BarcastStreamsNotRunning", "BarcastNoPredictions",
                "BarcastDeadLetterRate", "BarcastTrainingFailures", "BarcastModelTooOld", "BarcastTheilUAboveOne",
                "BarcastIntervalCoverageOff");
        assertThat(byName.get("BarcastTheilUAboveOne").path("for").asText()).isEqualTo("1h");
        // Judged only over a full window of the outcomes the service's coverage is taken over.
        JsonNode coverage = byName.get("BarcastIntervalCoverageOff");
        assertThat(coverage.path("expr").asText()).contains("barcast_interval_outcomes >= " + IntervalSettings.COVERAGE_WINDOW)
                .contains("abs(barcast_interval_coverage - barcast_interval_level) > 0.05");
        assertThat(coverage.path("for").asText()).isEqualTo("1h");
        assertThat(byName.get("BarcastTrainingFailures").path("expr").asText()).contains("DIVERGED|STALLED|FAILED");
    }

    @Test
    void shouldUnitTestEveryAlertFiringAndNotFiring() throws IOException {
        Set<String> alerts = new TreeSet<>();
        for (JsonNode group : YAML.readTree(ALERTS.toFile()).path("groups")) {
            group.path("rules").forEach(r -> alerts.add(r.path("alert").asText()));
        }
        JsonNode tests = YAML.readTree(ALERT_TESTS.toFile());
        assertThat(tests.path("rule_files")).extracting(JsonNode::asText).containsExactly("alerts.yml");
        Set<String> fired = new TreeSet<>();
        Set<String> quiet = new TreeSet<>();
        for (JsonNode test : tests.path("tests")) {
            for (JsonNode check : test.path("alert_rule_test")) {
                String name = check.path("alertname").asText();
                assertThat(alerts).as("alert tested in %s", test.path("name").asText()).contains(name);
                (check.path("exp_alerts").isEmpty() ? quiet : fired).add(name);
            }
        }
        assertThat(fired).as("alerts tested firing").isEqualTo(alerts);
        assertThat(quiet).as("alerts tested not firing (where a test expects none)").contains("BarcastInstanceDown",
                "BarcastNoPredictions", "BarcastTheilUAboveOne", "BarcastIntervalCoverageOff");
    }

    @Test
    void shouldScrapeBarcastEveryFiveSecondsAndLoadTheAlertRules() throws IOException {
        JsonNode prometheus = YAML.readTree(PROMETHEUS.toFile());

        assertThat(prometheus.path("rule_files")).extracting(JsonNode::asText).containsExactly("alerts.yml");
        JsonNode barcast = null;
        for (JsonNode job : prometheus.path("scrape_configs")) {
            if (job.path("job_name").asText().equals("barcast")) {
                barcast = job;
            }
        }
        assertThat(barcast).as("scrape job 'barcast'").isNotNull();
        assertThat(barcast.path("scrape_interval").asText()).isEqualTo("5s");
        assertThat(barcast.path("metrics_path").asText("/metrics")).isEqualTo("/metrics");
        assertThat(barcast.path("static_configs").get(0).path("targets")).extracting(JsonNode::asText).contains("barcast:8080");
    }

    @Test
    void shouldProvisionThePrometheusDatasourceAndTheDashboardFolder() throws IOException {
        JsonNode datasource = YAML.readTree(DATASOURCE.toFile()).path("datasources").get(0);
        assertThat(datasource.path("uid").asText()).isEqualTo("prometheus");
        assertThat(datasource.path("type").asText()).isEqualTo("prometheus");
        assertThat(datasource.path("url").asText()).isEqualTo("http://prometheus:9090");

        JsonNode provider = YAML.readTree(DASHBOARD_PROVIDER.toFile()).path("providers").get(0);
        assertThat(provider.path("type").asText()).isEqualTo("file");
        assertThat(provider.path("options").path("path").asText()).isEqualTo("/var/lib/grafana/dashboards");

        // The compose file mounts exactly these folders where the provisioning expects them.
        JsonNode grafana = YAML.readTree(COMPOSE.toFile()).path("services").path("grafana");
        assertThat(grafana.path("volumes")).extracting(JsonNode::asText).contains(
                "../config/grafana/provisioning:/etc/grafana/provisioning:ro",
                "../config/grafana/dashboards:/var/lib/grafana/dashboards:ro");
        assertThat(grafana.path("environment").path("GF_AUTH_ANONYMOUS_ENABLED").asText()).isEqualTo("true");
    }

    @Test
    void shouldExtractMetricNamesButNotFunctionsLabelsOrVariablesFromPromQl() {
        assertThat(metricNames("sum by (symbol, status) (increase(barcast_training_jobs_total{status=~\"DIVERGED|FAILED\"}[1h])) > 0"))
                .containsExactly("barcast_training_jobs_total");
        assertThat(metricNames("sum(rate(a_sum{instance=~\"$instance\"}[$__rate_interval])) / on (instance) group_left sum(rate(a_count[5m]))"))
                .containsExactly("a_count", "a_sum");
        assertThat(metricNames("b > 35 * 86400 or up{job=\"barcast\"} == 1 unless on (instance) c_state offset 5m"))
                .containsExactly("b", "c_state", "up");
        assertThat(metricNames("sum(rate(x[5m])) or vector(0) and bool 1e9 > histogram_quantile(0.99, y_bucket)"))
                .containsExactly("x", "y_bucket");
        assertThat(selectorLabels("max by (q) (lat{instance=~\"$instance\", quantile=~\"0.5|0.99\"}) + foo{a!=\"}\"}"))
                .containsEntry("lat", Set.of("instance", "quantile"));
    }

    // ---- against the running service ----

    @Test
    void shouldExposeEveryMetricAndLabelThatTheDashboardAndTheAlertsUse() throws Exception {
        Map<String, Set<String>> used = usedMetrics();
        assertThat(used).as("metric names found in the dashboard and the alerts").hasSizeGreaterThanOrEqualTo(20);

        List<Bar> spx = CsvBarReader.read("sp500", "SPX").subList(0, WINDOW + 3);
        try (EmbeddedKafka broker = EmbeddedKafka.start(EmbeddedKafka.Options.defaults().withNumPartitions(2));
             BarcastService service = ServiceProcess.inJvm(config(broker), Trainer.lstm())) {
            BrokerKit kit = BrokerKit.of(broker);
            String bars = "monitoring-bars"; // SmallServiceConfig names the topics after the application id

            // The window fills and the first model trains (it then predicts from the latest bar).
            kit.replay(bars, spx.subList(0, WINDOW));
            awaitScrape(service, Set.of("barcast_model_version"), Duration.ofSeconds(60));
            // Three more bars: predictions, and outcomes of the earlier ones; one record for the dead-letter topic.
            kit.replay(bars, spx.subList(WINDOW, WINDOW + 3));
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(broker.clientProperties(),
                    new StringSerializer(), new ByteArraySerializer())) {
                producer.send(new ProducerRecord<>(bars, "BAD", "not json".getBytes(StandardCharsets.UTF_8))).get();
            }

            Set<String> wanted = new TreeSet<>(used.keySet());
            wanted.removeAll(PROMETHEUS_SYNTHETIC);
            String scrape = awaitScrape(service, wanted, Duration.ofSeconds(45));

            Map<String, Set<String>> exposed = exposedMetrics(scrape);
            List<String> missing = new ArrayList<>();
            List<String> missingLabels = new ArrayList<>();
            for (Map.Entry<String, Set<String>> e : new TreeMap<>(used).entrySet()) {
                String name = e.getKey();
                if (PROMETHEUS_SYNTHETIC.contains(name)) {
                    continue;
                }
                Set<String> labels = labelsOf(exposed, name);
                if (labels == null) {
                    missing.add(name);
                    continue;
                }
                for (String label : e.getValue()) {
                    if (!TARGET_LABELS.contains(label) && !labels.contains(label)) {
                        missingLabels.add(name + "{" + label + "}");
                    }
                }
            }
            assertThat(missing).as("metric names used by the dashboard/alerts but absent from /metrics").isEmpty();
            assertThat(missingLabels).as("selector labels used by the dashboard/alerts but absent from the series").isEmpty();
        }
    }

    // ---- PromQL ----

    /** Metric names used in the dashboard's targets and variables and in the alert rules, each with the labels its selectors use. */
    private static Map<String, Set<String>> usedMetrics() throws IOException {
        List<String> expressions = new ArrayList<>();
        JsonNode dashboard = JSON.readTree(DASHBOARD.toFile());
        for (JsonNode panel : panels(dashboard)) {
            panel.path("targets").forEach(t -> expressions.add(t.path("expr").asText()));
        }
        Map<String, Set<String>> used = new TreeMap<>();
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            JsonNode q = variable.path("query");
            Matcher m = LABEL_VALUES.matcher(q.isObject() ? q.path("query").asText() : q.asText());
            while (m.find()) {
                used.computeIfAbsent(m.group(1), k -> new TreeSet<>());
            }
        }
        for (JsonNode group : YAML.readTree(ALERTS.toFile()).path("groups")) {
            group.path("rules").forEach(r -> expressions.add(r.path("expr").asText()));
        }
        for (String expr : expressions) {
            for (String name : metricNames(expr)) {
                used.computeIfAbsent(name, k -> new TreeSet<>());
            }
            selectorLabels(expr).forEach((name, labels) -> used.computeIfAbsent(name, k -> new TreeSet<>()).addAll(labels));
        }
        return used;
    }

    /**
     * The metric names of a PromQL expression: identifiers left after removing strings, label matchers, ranges,
     * label lists of by/without/on/ignoring/group_x, Grafana variables and numbers, that are neither keywords nor
     * followed by '(' (functions and aggregations).
     */
    static Set<String> metricNames(String expr) {
        String s = STRING.matcher(expr).replaceAll("\"\"");
        s = MATCHERS.matcher(s).replaceAll(" ");
        s = RANGE.matcher(s).replaceAll(" ");
        s = LABEL_CLAUSE.matcher(s).replaceAll(" ");
        s = VARIABLE.matcher(s).replaceAll(" ");
        s = NUMBER.matcher(s).replaceAll(" ");
        Set<String> names = new TreeSet<>();
        Matcher m = IDENTIFIER.matcher(s);
        while (m.find()) {
            String token = m.group();
            int next = m.end();
            while (next < s.length() && Character.isWhitespace(s.charAt(next))) {
                next++;
            }
            boolean call = next < s.length() && s.charAt(next) == '(';
            if (!call && !KEYWORDS.contains(token)) {
                names.add(token);
            }
        }
        return names;
    }

    /** For each {@code name{...}} selector of an expression, the label names its matchers use. */
    static Map<String, Set<String>> selectorLabels(String expr) {
        Map<String, Set<String>> result = new TreeMap<>();
        String s = STRING.matcher(expr).replaceAll("\"\"");
        Matcher m = SELECTOR.matcher(s);
        while (m.find()) {
            Set<String> labels = result.computeIfAbsent(m.group(1), k -> new TreeSet<>());
            Matcher l = MATCHER_LABEL.matcher(m.group(2));
            while (l.find()) {
                labels.add(l.group(1));
            }
        }
        return result;
    }

    /** Sample names of a Prometheus text scrape (plus the family names of its TYPE lines), each with its label names. */
    static Map<String, Set<String>> exposedMetrics(String scrape) {
        Map<String, Set<String>> exposed = new HashMap<>();
        for (String line : scrape.split("\n")) {
            if (line.startsWith("# TYPE ")) {
                exposed.computeIfAbsent(line.split(" ")[2], k -> new HashSet<>());
            } else if (!line.isBlank() && !line.startsWith("#")) {
                int brace = line.indexOf('{');
                int space = line.indexOf(' ');
                int end = brace >= 0 && (space < 0 || brace < space) ? brace : space;
                Set<String> labels = exposed.computeIfAbsent(line.substring(0, end), k -> new HashSet<>());
                if (end == brace) {
                    Matcher l = SAMPLE_LABEL.matcher(line.substring(brace, line.lastIndexOf('}') + 1));
                    while (l.find()) {
                        labels.add(l.group(1));
                    }
                }
            }
        }
        return exposed;
    }

    /** The label names of a used metric name, accepting a histogram/summary base name through its series; null when absent. */
    private static Set<String> labelsOf(Map<String, Set<String>> exposed, String name) {
        Set<String> labels = null;
        for (String candidate : candidates(name)) {
            Set<String> l = exposed.get(candidate);
            if (l != null) {
                labels = labels == null ? new HashSet<>() : labels;
                labels.addAll(l);
            }
        }
        return labels;
    }

    private static List<String> candidates(String name) {
        List<String> c = new ArrayList<>(List.of(name));
        SERIES_SUFFIXES.forEach(suffix -> c.add(name + suffix));
        return c;
    }

    private static boolean balanced(String expr) {
        String s = STRING.matcher(expr).replaceAll("\"\"");
        int round = 0;
        int curly = 0;
        int square = 0;
        for (char ch : s.toCharArray()) {
            round += ch == '(' ? 1 : ch == ')' ? -1 : 0;
            curly += ch == '{' ? 1 : ch == '}' ? -1 : 0;
            square += ch == '[' ? 1 : ch == ']' ? -1 : 0;
            if (round < 0 || curly < 0 || square < 0) {
                return false;
            }
        }
        return round == 0 && curly == 0 && square == 0;
    }

    /** Every panel, those of collapsed rows included. */
    static List<JsonNode> panels(JsonNode dashboard) {
        List<JsonNode> all = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            all.add(panel);
            panel.path("panels").forEach(all::add); // panels of collapsed rows
        }
        return all;
    }

    // ---- service helpers ----

    private ServiceConfig config(EmbeddedKafka broker) {
        java.util.Properties p = SmallServiceConfig.smallConfig(broker.bootstrapServers(), "monitoring", stateDir, 2);
        p.setProperty("window.bars", Integer.toString(WINDOW));
        return ServiceConfig.of(p);
    }

    /** Scrapes /metrics until every wanted name (or its histogram/summary series) is there, or the time is up; returns the last scrape. */
    private static String awaitScrape(BarcastService service, Set<String> wanted, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String scrape = ServiceHttp.metrics(service.httpPort());
            Map<String, Set<String>> exposed = exposedMetrics(scrape);
            boolean all = wanted.stream().allMatch(n -> labelsOf(exposed, n) != null);
            if (all || System.nanoTime() > deadline) {
                return scrape;
            }
            Thread.sleep(250);
        }
    }
}
