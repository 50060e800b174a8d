package io.barcast.service;

import io.barcast.config.ConfigReader;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServiceConfigTest {

    @TempDir
    Path dir;

    @Test
    void shouldLetEnvironmentVariablesOverrideTheFile() throws IOException {
        Path file = dir.resolve("app.properties");
        Files.writeString(file, "bootstrap.servers=file:9092\nwindow.bars=300\nnum.stream.threads=2\n");

        ServiceConfig c = ServiceConfig.of(ConfigReader.load(file), Map.of(
                "BARCAST_KAFKA_BOOTSTRAP_SERVERS", "env:9092",
                "BARCAST_WINDOW_BARS", "250",
                "BARCAST_TOPIC_PREDICTIONS", "preds",
                "PATH", "/usr/bin"));

        assertThat(c.get("bootstrap.servers")).isEqualTo("env:9092");
        assertThat(c.windowBars()).isEqualTo(250);
        assertThat(c.topics().predictions()).isEqualTo("preds");
        assertThat(c.retrainEveryBars()).isEqualTo(20);
    }

    @Test
    void shouldApplyTheEnvironmentOverCommandLineSettings() {
        Properties settings = new Properties();
        settings.setProperty("window.bars", "300");
        settings.setProperty("retrain.every.bars", "5");
        ServiceConfig c = ServiceConfig.of(settings, Map.of("BARCAST_WINDOW_BARS", "250"));
        assertThat(c.windowBars()).isEqualTo(250);
        assertThat(c.retrainEveryBars()).isEqualTo(5);
        assertThatThrownBy(() -> ServiceConfig.of(settings, Map.of("BARCAST_TOPIC_CREATE", "yes")))
                .hasMessage("BARCAST_TOPIC_CREATE (topic.create) = 'yes' is not true or false (allowed: true, false)");
    }

    @Test
    void shouldPassKafkaPropertiesThroughAndKeepItsOwnOut() {
        Properties p = new Properties();
        p.setProperty("num.stream.threads", "3");
        p.setProperty("security.protocol", "SASL_SSL");
        ServiceConfig c = ServiceConfig.of(p);

        Properties kafka = c.kafka();
        assertThat(kafka).containsEntry("num.stream.threads", "3").containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("processing.guarantee", "exactly_once_v2").containsKey("application.id");
        assertThat(kafka.stringPropertyNames()).noneMatch(k -> k.startsWith("model.") || k.startsWith("topic.") || k.startsWith("window."));
    }

    @Test
    void shouldRejectUnknownKeysUnlessAllowedAndPassAllowedOnesToKafka() {
        Properties p = new Properties();
        p.setProperty("schema.registry.url", "http://r:8081");
        assertThatThrownBy(() -> ServiceConfig.of(p)).isInstanceOf(io.barcast.config.ConfigError.class)
                .hasMessageStartingWith("schema.registry.url = 'http://r:8081' is not a Barcast or Kafka key")
                .hasMessageContaining("config.allow.unknown");
        p.setProperty("config.allow.unknown", "schema.registry.url, my.plugin.");
        p.setProperty("my.plugin.level", "3");
        p.setProperty("metrics.recording.level", "DEBUG"); // Kafka's, though under a prefix Barcast uses
        p.setProperty("consumer.max.poll.records", "50");
        Properties kafka = ServiceConfig.of(p).kafka();
        assertThat(kafka).containsEntry("schema.registry.url", "http://r:8081").containsEntry("my.plugin.level", "3")
                .containsEntry("metrics.recording.level", "DEBUG").containsEntry("consumer.max.poll.records", "50")
                .containsEntry("num.standby.replicas", "0") // a Kafka key Barcast gives a default goes to Kafka
                .doesNotContainKey("config.allow.unknown").doesNotContainKey("broker.wait.seconds")
                .doesNotContainKey("metrics.kafka.refresh.seconds");
        p.setProperty("metrics.recording.level", "LOUD");
        assertThatThrownBy(() -> ServiceConfig.of(p)).hasMessageStartingWith("metrics.recording.level = 'LOUD' is not allowed");
    }

    @Test
    void shouldHideSecretsWhenDescribed() {
        Properties p = new Properties();
        p.setProperty("sasl.jaas.config", "ScramLoginModule required username=\"u\" password=\"hunter2\";");
        p.setProperty("ssl.truststore.password", "hunter3");
        String text = ServiceConfig.of(p).describe();
        assertThat(text).doesNotContain("hunter2").doesNotContain("hunter3").contains("sasl.jaas.config = [hidden]");
    }

    @Test
    void shouldRejectInvalidValuesWithTheKeyInTheMessage() {
        Properties p = new Properties();
        p.setProperty("window.bars", "ten");
        assertThatThrownBy(() -> ServiceConfig.of(p)).hasMessageContaining("window.bars");
        Properties small = new Properties();
        small.setProperty("window.bars", "20");
        assertThatThrownBy(() -> ServiceConfig.of(small)).hasMessageContaining("too small for model.lookback");
        assertThatThrownBy(() -> ConfigReader.load(dir.resolve("missing.properties")))
                .isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void shouldLoadTheShippedDefaultConfiguration() throws IOException {
        ServiceConfig c = ServiceConfig.of(ConfigReader.load(Path.of("config/application.properties")), Map.of());
        assertThat(c.windowBars()).isEqualTo(500);
        assertThat(c.model()).isEqualTo(io.barcast.model.ModelConfig.defaults());
    }

    @Test
    void shouldAdvertiseTheBindAddressOrLocalhostOrTheConfiguredHostWithTheBoundPort() {
        Properties wildcard = new Properties();
        assertThat(BarcastService.advertised(ServiceConfig.of(wildcard), 41234))
                .isEqualTo(new org.apache.kafka.streams.state.HostInfo("localhost", 41234));
        Properties bound = new Properties();
        bound.setProperty("http.bind.address", "10.1.2.3");
        assertThat(BarcastService.advertised(ServiceConfig.of(bound), 8080))
                .isEqualTo(new org.apache.kafka.streams.state.HostInfo("10.1.2.3", 8080));
        Properties named = new Properties();
        named.setProperty("http.advertised.host", "barcast-1.internal");
        assertThat(BarcastService.advertised(ServiceConfig.of(named), 8080))
                .isEqualTo(new org.apache.kafka.streams.state.HostInfo("barcast-1.internal", 8080));
    }
}
