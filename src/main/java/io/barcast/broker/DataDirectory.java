package io.barcast.broker;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The broker's data directory (log dir and metadata log dir): the one given, created if missing, or a temporary one
 * that {@link #deleteIfTemporary()} removes.
 */
final class DataDirectory {

    private static final Logger LOG = LoggerFactory.getLogger(DataDirectory.class);

    private final Path path;
    private final boolean temporary;

    private DataDirectory(Path path, boolean temporary) {
        this.path = path;
        this.temporary = temporary;
    }

    /**
     * Creates the given directory (and its parents) if missing, or a new temporary directory when {@code given} is
     * null.
     */
    static DataDirectory create(Path given) {
        try {
            return given == null
                    ? new DataDirectory(Files.createTempDirectory("barcast-kafka-"), true)
                    : new DataDirectory(Files.createDirectories(given.toAbsolutePath()), false);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the Kafka data directory", e);
        }
    }

    /** The absolute path of the directory. */
    Path path() {
        return path;
    }

    /** Deletes the directory and all it holds if it is a temporary one; a given directory is kept. */
    void deleteIfTemporary() {
        if (temporary) {
            delete(path, "Kafka data directory");
        }
    }

    /**
     * Deletes a file, or a directory and all it holds; logs a warning naming it as {@code what} if it cannot. A
     * missing path is a no-op.
     */
    static void delete(Path root, String what) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("Cannot delete the {} {}: {}", what, root, e.toString());
        }
    }
}
