package io.barcast.metrics;

import io.barcast.testing.StoreCloseRace;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The exported metrics read in a loop while stores close, in a child JVM: with the native gauges it aborts in a round or two. */
@Tag("integration")
class NativeStoreGaugesIntegrationTest {

    static final int ROUNDS = 60;

    @TempDir
    Path dir;

    @Test
    void shouldSurviveReadingEveryExportedMetricWhileStoresClose() throws Exception {
        Process child = race("exported");
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as("child JVM exit (134: aborted by RocksDB)\n" + tail(out)).isZero();
        assertThat(out).contains("survived " + ROUNDS + " reads");
    }

    private Process race(String view) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:ErrorFile=" + dir.resolve("hs_err_%p.log"), "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp", System.getProperty("java.class.path"), StoreCloseRace.class.getName(), view, Integer.toString(ROUNDS));
        pb.redirectErrorStream(true);
        pb.directory(dir.toFile());
        return pb.start();
    }

    private static String tail(String out) {
        List<String> lines = out.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
    }
}
