package io.barcast.options;

import io.barcast.config.ConfigReader;

import picocli.CommandLine.Help;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/** {@code --config FILE} and {@code --set KEY=VALUE}: the settings a command reads over the built-in defaults. */
public final class ConfigOptions {

    @Option(names = "--config", paramLabel = "FILE",
            description = "Properties file of Barcast (and Kafka) keys; config/application.properties lists every key with its default")
    private Path file;

    @Option(names = "--set", paramLabel = "KEY=VALUE", showDefaultValue = Help.Visibility.NEVER,
            description = "Sets one key, as a line added to the --config file would (repeatable)")
    private Map<String, String> sets = new LinkedHashMap<>();

    /** The {@code --config} file's properties (none without it) with the {@code --set} keys on top. */
    public Properties properties() throws IOException {
        Properties p = ConfigReader.load(file);
        sets.forEach(p::setProperty);
        return p;
    }
}
