package io.barcast.cli;

import io.barcast.testing.ServiceProcess;
import io.barcast.testing.SyntheticBars;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which LSTM layer training uses, seen from the outside: a {@code backtest} in a JVM of its own, with and without the
 * Vector API module ({@code training.lstm=JAVA} needs it and falls back to DL4J's layer without it), and with
 * {@code training.lstm=BUILTIN}. Each run prints its layer in its header line; all must train and finish.
 */
@Tag("integration")
class TrainingLstmRouteTest {

    @TempDir
    static Path dir;

    private static Path csv;

    @BeforeAll
    static void writeSeries() throws IOException {
        csv = dir.resolve("alpha.csv");
        SyntheticBars.writeCsv(csv, SyntheticBars.autoregressive("X", 120, 0.5, 0.01, 1));
    }

    @Test
    void shouldComputeTheLstmInJavaWithTheVectorApi() throws Exception {
        String err = backtest(true, "run-java");
        assertThat(err).contains("LSTM passes java");
    }

    @Test
    void shouldTrainOnDl4jsLayerInAJvmWithoutTheVectorApi() throws Exception {
        String err = backtest(false, "run-novector");
        assertThat(err).contains("LSTM passes builtin (the Java passes need the Vector API (java --add-modules jdk.incubator.vector))")
                .doesNotContain("Using incubator modules");
    }

    @Test
    void shouldTrainOnDl4jsLayerWhenConfiguredTo() throws Exception {
        String err = backtest(true, "run-builtin", "--set", "training.lstm=builtin");
        assertThat(err).contains("LSTM passes builtin").doesNotContain("LSTM passes builtin (");
    }

    /** Runs {@code barcast backtest} on the small series in a child JVM; returns its stderr after checking it succeeded. */
    private static String backtest(boolean vectorApi, String name, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("backtest", "--csv", csv.toString(), "--epochs", "2", "--window", "60",
                "--retrain-every", "30", "--lookback", "10", "--hidden", "8", "--out", dir.resolve(name).toString()));
        args.addAll(List.of(extra));
        ProcessBuilder pb = ServiceProcess.barcast(vectorApi, 512, args.toArray(String[]::new));
        Path out = dir.resolve(name + ".out");
        Path err = dir.resolve(name + ".err");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("backtest did not finish in 120 s");
        }
        String stderr = Files.readString(err, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(stderr).isZero();
        assertThat(Files.readString(out, StandardCharsets.UTF_8)).contains("Walk-forward backtest of ALPHA");
        return stderr;
    }
}
