package io.barcast.service;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The file {@code http.port.file} names: the address a local health check reaches the bound HTTP endpoints at
 * ({@code 127.0.0.1:PORT} for a wildcard bind address, else {@code ADDRESS:PORT}), one line, replaced atomically.
 */
public final class PortFile {

    private static final Logger log = LoggerFactory.getLogger(PortFile.class);

    private PortFile() {
    }

    /** The line written for {@code bindAddress} and {@code port}. */
    static String address(String bindAddress, int port) {
        String bind = bindAddress.trim();
        if (bind.equals("0.0.0.0") || bind.equals("::") || bind.equals("[::]") || bind.isEmpty()) {
            bind = "127.0.0.1";
        } else if (bind.contains(":") && !bind.startsWith("[")) {
            bind = "[" + bind + "]";
        }
        return bind + ":" + port;
    }

    /** Writes the file of {@code config} (nothing when {@code http.port.file} is empty); a failure is logged, not thrown. */
    public static void write(ServiceConfig config, int port) {
        String name = config.get(ServiceKeys.HTTP_PORT_FILE).trim();
        if (name.isEmpty()) {
            return;
        }
        Path file = Path.of(name).toAbsolutePath();
        try {
            Path tmp = Files.createTempFile(file.getParent(), ".port", ".tmp");
            Files.writeString(tmp, address(config.get(ServiceKeys.HTTP_BIND_ADDRESS), port) + "\n", StandardCharsets.US_ASCII);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            log.warn("Cannot write {} = {}: {}", ServiceKeys.HTTP_PORT_FILE.name(), name, e.toString());
        }
    }

    /** Deletes the file of {@code config}, if any. */
    public static void delete(ServiceConfig config) {
        String name = config.get(ServiceKeys.HTTP_PORT_FILE).trim();
        if (!name.isEmpty()) {
            try {
                Files.deleteIfExists(Path.of(name));
            } catch (IOException e) {
                log.warn("Cannot delete {}: {}", name, e.toString());
            }
        }
    }
}
