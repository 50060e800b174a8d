package io.barcast.broker;

import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Formats the KRaft storage of a new data directory: {@code kafka-storage.sh format --config ... --cluster-id ...
 * --add-scram ...} run in-process through {@link StorageTool#execute}, with its console output sent to the DEBUG
 * log. ({@code org.apache.kafka.metadata.storage.Formatter}, which StorageTool drives, is only on the runtime
 * classpath of {@code kafka_2.13}.)
 */
final class StorageFormatter {

    private static final Logger LOG = LoggerFactory.getLogger(StorageFormatter.class);

    private static final String META_PROPERTIES = "meta.properties";

    private final Path dataDir;
    private final BrokerProperties brokerProperties;
    private final ScramUsers scramUsers;

    StorageFormatter(Path dataDir, BrokerProperties brokerProperties, ScramUsers scramUsers) {
        this.dataDir = dataDir;
        this.brokerProperties = brokerProperties;
        this.scramUsers = scramUsers;
    }

    /**
     * Formats the storage (creating the SCRAM users there) unless it has a {@code meta.properties}; returns whether
     * it formatted.
     *
     * @throws IllegalStateException if the formatter fails
     */
    boolean formatIfNeeded() {
        if (Files.exists(dataDir.resolve(META_PROPERTIES))) {
            LOG.debug("Reusing formatted Kafka storage in {}", dataDir);
            return false;
        }
        List<String> args = new ArrayList<>(List.of("format", "--cluster-id", Uuid.randomUuid().toString()));
        args.addAll(scramUsers.formatArguments());
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        Path config = null;
        int status;
        try (PrintStream out = new PrintStream(console, true, StandardCharsets.UTF_8)) {
            config = Files.createTempFile("barcast-kafka-format-", ".properties");
            try (Writer writer = Files.newBufferedWriter(config, StandardCharsets.UTF_8)) {
                // Ports are irrelevant to formatting a static quorum; the voter entry just has to be well formed.
                brokerProperties.build(1, 2).store(writer, "barcast embedded Kafka: storage format");
            }
            args.add(1, "--config");
            args.add(2, config.toString());
            status = StorageTool.execute(args.toArray(String[]::new), out);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot format the Kafka storage in " + dataDir, e);
        } catch (RuntimeException e) {
            throw new IllegalStateException("Cannot format the Kafka storage in " + dataDir + ": "
                    + console.toString(StandardCharsets.UTF_8).trim(), e);
        } finally {
            if (config != null) {
                DataDirectory.delete(config, "storage format configuration");
            }
        }
        if (status != 0) {
            throw new IllegalStateException("kafka-storage format exited with " + status + ": "
                    + console.toString(StandardCharsets.UTF_8).trim());
        }
        LOG.debug("Formatted Kafka storage in {}: {}", dataDir, console.toString(StandardCharsets.UTF_8).trim());
        return true;
    }
}
