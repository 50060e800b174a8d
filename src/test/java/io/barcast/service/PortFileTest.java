package io.barcast.service;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

class PortFileTest {

    @Test
    void shouldProbeLoopbackForAWildcardBindAndTheAddressOtherwise() {
        assertThat(PortFile.address("0.0.0.0", 8081)).isEqualTo("127.0.0.1:8081");
        assertThat(PortFile.address("::", 80)).isEqualTo("127.0.0.1:80");
        assertThat(PortFile.address("10.1.2.3", 9000)).isEqualTo("10.1.2.3:9000");
        assertThat(PortFile.address("fd00::1", 9000)).isEqualTo("[fd00::1]:9000");
    }

    @Test
    void shouldWriteTheBoundPortFromTheEnvironmentsFileAndDeleteIt(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("http");
        Properties settings = new Properties();
        settings.setProperty("http.port", "9999");
        ServiceConfig config = ServiceConfig.of(settings, Map.of("BARCAST_HTTP_PORT_FILE", file.toString()));
        PortFile.write(config, 40123);
        assertThat(Files.readString(file)).isEqualTo("127.0.0.1:40123\n");
        try (var listing = Files.list(dir)) {
            assertThat(listing).containsExactly(file);
        }
        PortFile.delete(config);
        assertThat(file).doesNotExist();
    }
}
