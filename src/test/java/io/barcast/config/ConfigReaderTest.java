package io.barcast.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The configuration reader over a catalog of keys: defaults, validation, unknown keys, files. */
class ConfigReaderTest {

    private static final Key<Integer> COUNT = Key.integer("test.count", 3, 1, 10);
    private static final Key<Boolean> ON = Key.flag("test.on", false);
    private static final KeyCatalog CATALOG = KeyCatalog.of(List.of(COUNT, ON));

    @TempDir
    Path dir;

    @Test
    void shouldReadTheCatalogsDefaultsUnderTheSettings() {
        Properties p = new Properties();
        p.setProperty("test.count", "7");
        ConfigReader r = ConfigReader.of(CATALOG, p);
        assertThat(r.get(COUNT)).isEqualTo(7);
        assertThat(r.get(ON)).isFalse();
        assertThat(r.properties()).containsEntry("test.on", "false").containsEntry("config.allow.unknown", "");
        assertThat(CATALOG.all()).containsExactly(COUNT, ON, ConfigReader.ALLOW_UNKNOWN);
    }

    @Test
    void shouldRefuseAKeyDeclaredTwice() {
        assertThatThrownBy(() -> KeyCatalog.of(List.of(COUNT), List.of(Key.text("test.count", "x"))))
                .hasMessage("key test.count declared twice");
    }

    @Test
    void shouldNameTheNearestKeyOfAnUnknownOneAndLetAllowedUnknownsPass() {
        Properties p = new Properties();
        p.setProperty("test.cuont", "2");
        assertThatThrownBy(() -> ConfigReader.of(CATALOG, p).validate())
                .hasMessageStartingWith("test.cuont = '2' is not a Barcast or Kafka key (did you mean test.count?)");
        p.setProperty("config.allow.unknown", "test.");
        ConfigReader.of(CATALOG, p).validate();
    }

    @Test
    void shouldCheckKafkasOwnKeysAgainstKafkasDefinitions() {
        Properties p = new Properties();
        p.setProperty("processing.guarantee", "foo");
        assertThatThrownBy(() -> ConfigReader.of(CATALOG, p).validate()).hasMessageContaining("processing.guarantee = 'foo'");
    }

    @Test
    void shouldLoadAFileAndNameAMissingOne() throws IOException {
        Path file = dir.resolve("a.properties");
        Files.writeString(file, "window.bars=300\n# comment\nmodel.epochs=3\n");
        assertThat(ConfigReader.load(file)).containsEntry("window.bars", "300").containsEntry("model.epochs", "3").hasSize(2);
        assertThat(ConfigReader.load(null)).isEmpty();
        Path missing = dir.resolve("missing.properties");
        assertThatThrownBy(() -> ConfigReader.load(missing)).isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining(missing.toString()).hasMessageContaining("configuration file not found");
    }
}
