package io.barcast.reliability;

import io.barcast.bar.Bar;
import io.barcast.bar.CsvBarReader;
import io.barcast.broker.EmbeddedKafka;
import io.barcast.forecast.Trainer;
import io.barcast.service.BarcastService;
import io.barcast.service.ServiceConfig;
import io.barcast.testing.BrokerKit;
import io.barcast.testing.ServiceProcess;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.read.ListAppender;
import ch.qos.logback.core.spi.FilterReply;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

import static io.barcast.testing.BrokerKit.symbols;
import static io.barcast.testing.ServiceHttp.get;
import static io.barcast.testing.SmallServiceConfig.smallConfig;
import static io.barcast.testing.SmallServiceConfig.uniqueId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The service against a broker whose client listener requires SASL/SCRAM-SHA-256: configured from the environment
 * it works; wrong credentials fail fast and say so; the secret never reaches the logs (captured at INFO for Kafka
 * and Barcast, more than the shipped configuration logs), {@code /metrics} or {@link ServiceConfig#describe()};
 * the HTTP endpoints bind to the configured address.
 */
@Tag("integration")
class SecurityTest {

    private static final String USER = "barcast";
    private static final String PASSWORD = "s3cret-Pa55";
    private static final String WRONG_PASSWORD = "wr0ng-Pa55-guess";
    /** README: wrong credentials fail fast, in under a second, from the start of the service. */
    private static final long FAIL_FAST_MS = 1000;
    private static final List<String> LOGGERS = List.of(org.slf4j.Logger.ROOT_LOGGER_NAME, "org.apache.kafka", "kafka", "io.barcast");

    static EmbeddedKafka broker;
    static BrokerKit kit;
    static final ListAppender<ILoggingEvent> captured = new ListAppender<>();
    static final Map<String, Level> savedLevels = new LinkedHashMap<>();
    static PatternLayout layout;
    static final List<Appender<ILoggingEvent>> quietedAppenders = new java.util.ArrayList<>();
    /** Denies events below WARN except Barcast's: those this test enabled only for the capture. */
    static final Filter<ILoggingEvent> QUIET_KAFKA = new Filter<>() {
        @Override
        public FilterReply decide(ILoggingEvent event) {
            return !event.getLoggerName().startsWith("io.barcast") && !event.getLevel().isGreaterOrEqual(Level.WARN)
                    ? FilterReply.DENY : FilterReply.NEUTRAL;
        }
    };

    @TempDir
    Path stateDir;

    @BeforeAll
    static void startBrokerAndCaptureLogs() {
        broker = EmbeddedKafka.start(EmbeddedKafka.Options.defaults().withNumPartitions(2)
                .withScramUsers(Map.of(USER, PASSWORD)));
        kit = BrokerKit.of(broker);
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        // Everything Kafka's clients and Barcast log at INFO (the shipped logback.xml keeps Kafka at WARN): the
        // client configuration dumps included.
        for (String name : LOGGERS) {
            ch.qos.logback.classic.Logger logger = context.getLogger(name);
            savedLevels.put(name, logger.getLevel());
            logger.setLevel(Level.INFO);
        }
        layout = new PatternLayout();
        layout.setContext(context);
        layout.setPattern("%level %logger %thread %msg %mdc%n%ex");
        layout.start();
        captured.setContext(context);
        captured.start();
        // Keep the console as quiet as usual: the console appenders still drop the INFO lines of Kafka and others.
        root().iteratorForAppenders().forEachRemaining(appender -> {
            appender.addFilter(QUIET_KAFKA);
            quietedAppenders.add(appender);
        });
        root().addAppender(captured);
    }

    @AfterAll
    static void stopBrokerAndRestoreLogging() {
        root().detachAppender(captured);
        captured.stop();
        quietedAppenders.forEach(appender -> {
            List<Filter<ILoggingEvent>> others = new java.util.ArrayList<>(appender.getCopyOfAttachedFiltersList());
            others.remove(QUIET_KAFKA);
            appender.clearAllFilters();
            others.forEach(appender::addFilter);
        });
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        savedLevels.forEach((name, level) -> context.getLogger(name).setLevel(level));
        if (broker != null) {
            broker.close();
        }
    }

    @BeforeEach
    void clearCapturedLogs() {
        synchronized (captured) {
            captured.list.clear();
        }
    }

    /** Whatever a test did, no secret was logged. */
    @AfterEach
    void noSecretInTheLogs() {
        String logs = capturedLogs();
        assertThat(logs).as("captured log output").isNotBlank();
        assertThat(logs).doesNotContain(PASSWORD).doesNotContain(WRONG_PASSWORD).doesNotContain("password=\"");
    }

    @Test
    void shouldProcessBarsOverSaslScramWhenConfiguredFromTheEnvironment() throws Exception {
        String id = uniqueId("sasl");
        ServiceConfig config = ServiceConfig.of(new Properties(), environment(id, PASSWORD));
        assertThat(config.kafka()).containsEntry("security.protocol", "SASL_PLAINTEXT")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-256")
                .containsEntry("sasl.jaas.config", EmbeddedKafka.scramJaasConfig(USER, PASSWORD));
        List<Bar> spx = CsvBarReader.read("sp500", "SPX").subList(0, 45);

        try (BarcastService service = ServiceProcess.inJvm(config, Trainer.lstm())) {
            kit.replay(config.topics().bars(), spx);
            List<JsonNode> predictions = kit.readUntil(config.topics().predictions(), Duration.ofSeconds(60),
                    p -> p.stream().anyMatch(x -> x.get("asOf").asText().equals(spx.get(44).date().toString())));
            assertThat(symbols(predictions)).containsExactly("SPX");
            assertThat(predictions).allSatisfy(p -> assertThat(p.get("modelVersion").asLong()).isEqualTo(1));
            Thread.sleep(1500); // one refresh of the Kafka client metrics

            // No secret in /metrics (Barcast's, Kafka's client metrics and tags, JVM) nor in the prediction endpoint.
            HttpResponse<String> metrics = get("127.0.0.1", service.httpPort(), "/metrics");
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).contains("barcast_predictions_published_total").contains("kafka_producer_")
                    .doesNotContain(PASSWORD).doesNotContain("password");
            HttpResponse<String> prediction = get("127.0.0.1", service.httpPort(), "/predictions/SPX");
            assertThat(prediction.statusCode()).isEqualTo(200);
            assertThat(prediction.body()).doesNotContain(PASSWORD).doesNotContain("jaas");
        }
        // The Kafka clients' configuration dumps were captured (so the check below is not vacuous) and masked.
        assertThat(capturedLogs()).contains("sasl.jaas.config = [hidden]").contains("security.protocol = SASL_PLAINTEXT");
    }

    @Test
    void shouldMaskTheSecretWhenDescribingTheConfiguration() throws Exception {
        ServiceConfig config = ServiceConfig.of(new Properties(), environment(uniqueId("describe"), PASSWORD));
        String described = config.describe();
        LoggerFactory.getLogger(SecurityTest.class).info("Configuration:\n{}", described); // as `barcast run` logs it
        assertThat(described).contains("sasl.jaas.config = [hidden]").contains("sasl.mechanism = SCRAM-SHA-256")
                .contains("security.protocol = SASL_PLAINTEXT").doesNotContain(PASSWORD).doesNotContain("password=\"");
    }

    @Test
    void shouldFailFastWithAClearErrorOnWrongCredentials() throws Exception {
        ServiceConfig config = ServiceConfig.of(new Properties(), environment(uniqueId("wrong"), WRONG_PASSWORD));
        long start = System.nanoTime();
        Throwable failure = catchThrowable(() -> BarcastService.start(config, Trainer.lstm()).close());
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        LoggerFactory.getLogger(SecurityTest.class).info("Wrong credentials failed after {} ms with: {}", elapsedMs, String.valueOf(failure));

        assertThat(failure).as("start with a wrong password").isNotNull();
        assertThat(elapsedMs).as("time to fail (README: fail fast, < 1 s)").isLessThan(FAIL_FAST_MS);
        assertThat(failure.getMessage().toLowerCase(Locale.ROOT)).as("the error says why").contains("authentication");
        for (Throwable t = failure; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).doesNotContain(WRONG_PASSWORD).doesNotContain(PASSWORD);
        }
    }

    @Test
    void shouldSayInOneLineThatTheBrokerRejectedTheCredentialsBeforeStarting() {
        ServiceConfig config = ServiceConfig.of(new Properties(), environment(uniqueId("check"), WRONG_PASSWORD));
        long start = System.nanoTime();
        Throwable failure = catchThrowable(() -> io.barcast.broker.BrokerCheck.require(config.kafka(),
                java.time.Duration.ofSeconds(10), "broker.wait.seconds"));
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        assertThat(failure).isInstanceOf(io.barcast.broker.BrokerCheck.Unreachable.class);
        assertThat(failure.getMessage()).contains("rejected the credentials").contains(broker.bootstrapServers())
                .contains("sasl.jaas.config").doesNotContain(WRONG_PASSWORD).doesNotContain(PASSWORD);
        assertThat(elapsedMs).as("within broker.wait.seconds").isLessThan(10_000);
        // the right credentials pass
        ServiceConfig right = ServiceConfig.of(new Properties(), environment(uniqueId("check-ok"), PASSWORD));
        io.barcast.broker.BrokerCheck.require(right.kafka(), java.time.Duration.ofSeconds(10), "broker.wait.seconds");
    }

    @Test
    void shouldStopWithAnAuthenticationErrorOnWrongCredentialsWithoutTopicCreation() throws Exception {
        Map<String, String> env = new LinkedHashMap<>(environment(uniqueId("wrong-nocreate"), WRONG_PASSWORD));
        env.put("BARCAST_TOPIC_CREATE", "false");
        ServiceConfig config = ServiceConfig.of(new Properties(), env);
        long start = System.nanoTime();
        try (BarcastService service = BarcastService.start(config, Trainer.lstm())) {
            assertThat(service.awaitRunning(Duration.ofSeconds(30))).as("never RUNNING with a wrong password").isFalse();
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;
            assertThat(service.state()).isIn(KafkaStreams.State.PENDING_ERROR, KafkaStreams.State.ERROR);
            Throwable failure = service.awaitStop();
            LoggerFactory.getLogger(SecurityTest.class).info("Kafka Streams with a wrong password stopped after {} ms with: {}",
                    elapsedMs, String.valueOf(failure));
            assertThat(elapsedMs).as("time to fail (README: fail fast, < 1 s)").isLessThan(FAIL_FAST_MS);
            assertThat(failure).isNotNull();
            assertThat(failure.getMessage().toLowerCase(Locale.ROOT)).contains("authentication failed");
        }
    }

    @Test
    void shouldServeHttpOnTheConfiguredBindAddress() throws Exception {
        Map<String, String> env = new LinkedHashMap<>(environment(uniqueId("bind"), PASSWORD));
        // 127.0.0.2 is a loopback address too: bound there, the endpoint must not answer on 127.0.0.1.
        env.put("BARCAST_HTTP_BIND_ADDRESS", "127.0.0.2");
        ServiceConfig config = ServiceConfig.of(new Properties(), env);
        try (BarcastService service = BarcastService.start(config, Trainer.lstm())) {
            assertThat(get("127.0.0.2", service.httpPort(), "/health").statusCode()).isEqualTo(200);
            assertThatThrownBy(() -> {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress("127.0.0.1", service.httpPort()), 2000);
                }
            }).as("HTTP on 127.0.0.1").isInstanceOf(IOException.class);
        }
    }

    // ---- helpers ----

    /** The service's settings as environment variables: BARCAST_KAFKA_* for Kafka, BARCAST_* for Barcast's own. */
    private Map<String, String> environment(String id, String password) {
        Map<String, String> env = new LinkedHashMap<>();
        Properties small = smallConfig(broker.bootstrapServers(), id, stateDir, 2);
        for (String key : small.stringPropertyNames()) {
            boolean own = List.of("topic.", "window.", "retrain.", "training.", "model.", "http.", "metrics.").stream().anyMatch(key::startsWith);
            env.put((own ? "BARCAST_" : "BARCAST_KAFKA_") + key.toUpperCase(Locale.ROOT).replace('.', '_'), small.getProperty(key));
        }
        env.put("BARCAST_KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
        env.put("BARCAST_KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT");
        env.put("BARCAST_KAFKA_SASL_MECHANISM", "SCRAM-SHA-256");
        env.put("BARCAST_KAFKA_SASL_JAAS_CONFIG", EmbeddedKafka.scramJaasConfig(USER, password));
        return env;
    }

    private static String capturedLogs() {
        StringBuilder b = new StringBuilder();
        synchronized (captured) {
            for (ILoggingEvent e : captured.list) {
                b.append(layout.doLayout(e));
            }
        }
        return b.toString();
    }

    private static ch.qos.logback.classic.Logger root() {
        return (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }
}
