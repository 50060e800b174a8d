package io.barcast.reliability;

import io.barcast.bar.Bar;
import io.barcast.broker.EmbeddedKafka;
import io.barcast.testing.BrokerKit;
import io.barcast.testing.ServiceProcess;
import io.barcast.testing.SmallServiceConfig;
import io.barcast.testing.SyntheticBars;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service as its own JVM, stopped with SIGTERM and then killed with SIGKILL, each time started again on the same
 * state directory, with a 120 s {@code session.timeout.ms}. As a static member (the default,
 * {@code instance.id=auto}) the restarted process takes its partitions back without waiting for the old member's
 * session to expire: it is ready, and predicts the next bar with the stored model (no retrain), before those 120 s
 * are up (about 8 s on a quiet 2-core machine, 30 s at a load of 14), which a dynamic member cannot do (its old member holds the partitions until the session expires). The
 * times are logged ("restart after ...") as the measurement of record; {@code -Dbarcast.restart.instance.id=none}
 * runs the same with dynamic membership, for comparison (and fails, as it should).
 */
@Tag("integration")
class RestartIntegrationTest {

    private static final Logger log = LoggerFactory.getLogger(RestartIntegrationTest.class);

    private static final List<String> SYMBOLS = List.of("RSA", "RSB", "RSC", "RSD");
    private static final int WINDOW = 40;
    /** What a dynamic restart waits for: longer than Kafka's 45 s default, so that a slow machine cannot pass for static. */
    private static final Duration SESSION_TIMEOUT = Duration.ofSeconds(120);
    private static final String INSTANCE_ID = System.getProperty("barcast.restart.instance.id", "auto");

    static EmbeddedKafka broker;
    static BrokerKit kit;

    @TempDir
    Path dir;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedKafka.start(EmbeddedKafka.Options.defaults().withNumPartitions(4));
        kit = BrokerKit.of(broker);
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Test
    void shouldTakeItsPartitionsBackWithinTheSessionTimeoutAfterSigtermAndSigkill() throws Exception {
        String app = SmallServiceConfig.uniqueId("restart");
        Path state = dir.resolve("state");
        Properties p = SmallServiceConfig.smallConfig(broker.bootstrapServers(), app, state, 4);
        p.setProperty("session.timeout.ms", Long.toString(SESSION_TIMEOUT.toMillis()));
        p.setProperty("http.port", Integer.toString(ServiceProcess.freePort()));
        p.setProperty("instance.id", INSTANCE_ID);
        Path config = SmallServiceConfig.write(p, dir.resolve("barcast.properties"));
        List<List<Bar>> series = new ArrayList<>();
        for (int s = 0; s < SYMBOLS.size(); s++) {
            series.add(SyntheticBars.autoregressive(SYMBOLS.get(s), WINDOW + 10, 0.3, 0.01, 40 + s));
        }
        broker.createTopics(Map.of(app + "-bars", 4));

        ServiceProcess first = ServiceProcess.childJvm(config, dir.resolve("run-0.log"), 512);
        int version;
        try {
            first.awaitReady(Duration.ofMinutes(2));
            feedOnly(app, series, 0, WINDOW);
            kit.readUntil(app + "-training-loss", Duration.ofMinutes(3), ls -> ls.stream()
                    .filter(l -> l.get("promoted").asBoolean()).map(l -> l.get("symbol").asText()).distinct().count() == SYMBOLS.size());
            version = feed(app, series, WINDOW, WINDOW + 2);
            if ("auto".equals(INSTANCE_ID)) {
                String kept = Files.readString(state.resolve(app + ".instance-id")).trim();
                assertThat(memberInstanceIds(app)).as("the group's member joins with the name kept in state.dir")
                        .allMatch(id -> id.startsWith(kept));
            }
            first.stop();
        } finally {
            first.close();
        }
        version = restart(config, app, series, WINDOW + 2, version, "SIGTERM", false);
        restart(config, app, series, WINDOW + 3, version, "SIGKILL", true);
    }

    /** Starts again on the same state directory, then feeds bar {@code index} of every symbol; returns the model version. */
    private int restart(Path config, String app, List<List<Bar>> series, int index, int version, String how,
                        boolean killAfter) throws Exception {
        long start = System.nanoTime();
        ServiceProcess again = ServiceProcess.childJvm(config, dir.resolve("run-" + how + ".log"), 512);
        try {
            again.awaitReady(SESSION_TIMEOUT.plusMinutes(1));
            double ready = seconds(start);
            int served = feed(app, series, index, index + 1);
            double predicted = seconds(start);
            log.info("restart after {} (instance.id={}): ready in {} s, next bar predicted in {} s", how, INSTANCE_ID,
                    String.format("%.1f", ready), String.format("%.1f", predicted));
            assertThat(predicted).as("ready and predicting before the old member's session (%s s) expired",
                    SESSION_TIMEOUT.toSeconds()).isLessThan(SESSION_TIMEOUT.toSeconds());
            assertThat(served).as("the stored model serves: no retrain after the restart").isEqualTo(version);
            if (killAfter) {
                assertThat(again.kill(Duration.ofSeconds(10))).isTrue();
            } else {
                again.stop();
            }
            if (!killAfter) {
                return served;
            }
            // after the SIGKILL: a last start, which must come back too, with exactly one prediction per bar
            long start2 = System.nanoTime();
            try (ServiceProcess last = ServiceProcess.childJvm(config, dir.resolve("run-last.log"), 512)) {
                last.awaitReady(SESSION_TIMEOUT.plusMinutes(1));
                feed(app, series, index + 1, index + 2);
                double after = seconds(start2);
                log.info("restart after SIGKILL (instance.id={}): ready and next bar predicted in {} s", INSTANCE_ID,
                        String.format("%.1f", after));
                assertThat(after).isLessThan(SESSION_TIMEOUT.toSeconds());
                assertExactlyOnePredictionPerBar(app, series, index + 2);
                last.stop();
            }
            if ("auto".equals(INSTANCE_ID)) {
                scaleDown(config, app);
            }
            return served;
        } finally {
            again.close();
        }
    }

    /** Replays bars [from, to) of every symbol and waits for the prediction of each symbol's last one; its model version. */
    private int feed(String app, List<List<Bar>> series, int from, int to) throws Exception {
        feedOnly(app, series, from, to);
        List<JsonNode> predictions = kit.readUntil(app + "-predictions", Duration.ofMinutes(3), ps -> series.stream()
                .allMatch(s -> ps.stream().anyMatch(x -> x.get("symbol").asText().equals(s.get(0).symbol())
                        && x.get("asOf").asText().equals(s.get(to - 1).date().toString()))));
        return predictions.get(predictions.size() - 1).get("modelVersion").asInt();
    }

    private void feedOnly(String app, List<List<Bar>> series, int from, int to) throws Exception {
        List<Bar> bars = new ArrayList<>();
        for (int i = from; i < to; i++) {
            for (List<Bar> s : series) {
                bars.add(s.get(i));
            }
        }
        kit.replay(app + "-bars", bars);
    }

    private void assertExactlyOnePredictionPerBar(String app, List<List<Bar>> series, int until) {
        List<JsonNode> all = kit.readAll(app + "-predictions");
        for (List<Bar> s : series) {
            String symbol = s.get(0).symbol();
            List<String> dates = all.stream().filter(x -> x.get("symbol").asText().equals(symbol))
                    .map(x -> x.get("asOf").asText()).toList();
            assertThat(dates).as("predictions of %s", symbol).doesNotHaveDuplicates();
            assertThat(dates).as("predictions of %s", symbol).contains(s.get(until - 1).date().toString());
        }
    }

    /**
     * A stopped static member stays in the group (waiting for its restart) until {@code barcast leave-group} removes
     * it; an instance with {@code shutdown.leave.group=true} leaves by itself when stopped.
     */
    private void scaleDown(Path config, String app) throws Exception {
        String kept = Files.readString(dir.resolve("state").resolve(app + ".instance-id")).trim();
        assertThat(memberInstanceIds(app)).as("a stopped static member keeps its place").isNotEmpty();
        int exit = new picocli.CommandLine(new io.barcast.cli.Main()).execute("leave-group", "--config", config.toString(), kept);
        assertThat(exit).isZero();
        assertThat(memberInstanceIds(app)).as("after barcast leave-group").isEmpty();

        Properties leaving = new Properties();
        try (var in = Files.newBufferedReader(config)) {
            leaving.load(in);
        }
        leaving.setProperty("shutdown.leave.group", "true");
        Path leavingConfig = SmallServiceConfig.write(leaving, dir.resolve("leaving.properties"));
        try (ServiceProcess last = ServiceProcess.childJvm(leavingConfig, dir.resolve("run-leaving.log"), 512)) {
            last.awaitReady(SESSION_TIMEOUT.plusMinutes(1));
            assertThat(memberInstanceIds(app)).isNotEmpty();
            last.stop();
        }
        assertThat(memberInstanceIds(app)).as("stopped with shutdown.leave.group=true").isEmpty();
    }

    private List<String> memberInstanceIds(String app) throws Exception {
        try (Admin admin = Admin.create(broker.clientProperties())) {
            ConsumerGroupDescription g = admin.describeConsumerGroups(List.of(app)).all().get(30, TimeUnit.SECONDS).get(app);
            return g.members().stream().map(MemberDescription::groupInstanceId).map(o -> o.orElse("(dynamic)")).toList();
        }
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
