package io.barcast.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Reading the log a child process writes, for failure messages. */
public final class LogFiles {

    private LogFiles() {
    }

    /** The last {@code count} lines of {@code file}, or why there are none. */
    public static String tail(Path file, int count) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - count), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }
}
