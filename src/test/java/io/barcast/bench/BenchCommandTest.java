package io.barcast.bench;

import io.barcast.cli.Main;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The benchmark commands run end to end at toy sizes and print the figures BENCHMARKS.md quotes. */
class BenchCommandTest {

    @Test
    void shouldPrintInferenceTimesOfBothPathsAndWhichKernelRan() {
        String out = run("bench", "inference", "--hidden", "8", "--lookback", "5", "--repeats", "2", "--batch", "16");
        assertThat(out).contains("Java forward pass: Vector API (jdk.incubator.vector)")
                .contains("custom: LSTM 8, lookback 5")
                .containsPattern("DL4J output\\(\\) +\\d+\\.\\d{4} ms")
                .containsPattern("Java forward +\\d+\\.\\d{4} ms");
        Matcher diff = Pattern.compile("max \\|java - dl4j\\| on the batch ([0-9.eE+-]+)\\)").matcher(out);
        assertThat(diff.find()).isTrue();
        assertThat(Double.parseDouble(diff.group(1))).isLessThan(1e-6);
    }

    @Test
    void shouldRunBothApplicationsOverTheSameInputAndPrintTheirRatio() {
        // Toy size: both applications must see all 120 bars; a run this small may finish inside one
        // 20 ms poll, which the command reports instead of printing a meaningless rate.
        String out = run("bench", "pipeline", "--symbols", "2", "--bars", "560", "--window", "500", "--rounds", "1");
        assertThat(out).contains("round 1 of 1")
                .containsPattern("pass-through +120 records( in [0-9.]+ s: [0-9,]+ records/s|, .* too few to time)")
                .containsPattern("full pipeline +120 records( in [0-9.]+ s: [0-9,]+ records/s|, .* too few to time)")
                .containsPattern("full pipeline / pass-through: ([0-9.]+%|not measurable at this size)")
                .doesNotContain("Infinity").doesNotContain("NaN");
    }

    @Test
    void shouldSayWhenThePytorchPeerCannotRun(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        double seconds = PytorchPeer.run(dir.resolve("missing.py").toString(), 1, 8, 5, 32,
                new PrintStream(buffer, true, StandardCharsets.UTF_8));
        assertThat(seconds).isNaN();
        assertThat(buffer.toString(StandardCharsets.UTF_8)).contains("PyTorch peer not run").contains("missing.py not found");
    }

    @Test
    void shouldShipThePytorchPeerWithTheDataItReads(@TempDir Path dir) throws Exception {
        Path script = PytorchPeer.extract(dir);
        assertThat(script.getFileName().toString()).isEqualTo(PytorchPeer.SCRIPT);
        assertThat(Files.readString(script)).contains("pytorch epoch").contains("--csv");
        assertThat(Files.readAllLines(dir.resolve("sp500_2000-2020.csv")).get(0)).startsWith("Date,Open,High,Low,Close");
    }

    private static String run(String... args) {
        PrintStream original = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        int exit;
        try {
            exit = Main.commandLine().execute(args);
        } finally {
            System.setOut(original);
        }
        String out = buffer.toString(StandardCharsets.UTF_8);
        System.out.print(out);
        assertThat(exit).as(out).isZero();
        return out;
    }
}
