package io.barcast.bench;

import io.barcast.cli.Main;

import org.junit.jupiter.api.Tag;
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
@Tag("integration")
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
    void shouldRetrainColdThenWarmWithAtMostTheWarmEpochsAndPrintTheCapacity() {
        String out = run("bench", "retrain", "--symbols", "2", "--window", "80", "--set", "model.hidden.size=8",
                "--set", "model.lookback=5", "--set", "model.epochs=8", "--set", "model.warm.epochs=2",
                "--set", "retrain.every.bars=10");
        assertThat(out).contains("warm: at most 2 epochs, 10 bars later");
        for (int threads = 1; threads <= 2; threads++) {
            Matcher cold = Pattern.compile(threads + " thread\\(s\\), cold: 2 jobs in [0-9.]+ s = [0-9.]+ jobs/s \\((\\d+) epochs").matcher(out);
            Matcher warm = Pattern.compile(threads + " thread\\(s\\), warm: 2 jobs in [0-9.]+ s = [0-9.]+ jobs/s \\((\\d+) epochs"
                    + ".*, [0-9.]+x cold").matcher(out);
            assertThat(cold.find()).as("cold row, %d thread(s)", threads).isTrue();
            assertThat(warm.find()).as("warm row, %d thread(s)", threads).isTrue();
            assertThat(Integer.parseInt(warm.group(1))).isBetween(2, 4); // at least one epoch each, at most model.warm.epochs
            assertThat(Integer.parseInt(cold.group(1))).isGreaterThan(Integer.parseInt(warm.group(1)));
        }
        assertThat(out).containsPattern("model.cold.every = 20 \\(1 cold, 19 warm\\): [0-9.]+ jobs/s")
                .containsPattern("a retrain every 10 daily bars, a day's retrains done within 60 min of the close: [0-9,]+ symbols warm")
                .doesNotContain("NaN").doesNotContain("Infinity");
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
