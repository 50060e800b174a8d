package io.barcast.cli;

import io.barcast.testing.SyntheticBars;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * {@code backtest} over several series end to end, at toy model sizes: a row per symbol and a total, a folder per
 * symbol, JSON lines whose total adds up, the same figures on two threads as on one, inputs checked before anything
 * trains, a failing series reported without losing the others, and one series exactly as before.
 */
class MultiBacktestCommandTest {

    private static final String[] TINY = {"--epochs", "2", "--window", "60", "--retrain-every", "30", "--lookback", "10", "--hidden", "8"};
    private static final List<String> SYMBOLS = List.of("ALPHA", "BETA", "GAMMA");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    private static Path data;
    /** Three files named one by one, one thread. */
    private static Run oneThread;
    /** The same three files as a folder, two threads. */
    private static Run twoThreads;

    record Run(int exit, String out, String err) {

        List<JsonNode> jsonLines() throws IOException {
            List<JsonNode> nodes = new ArrayList<>();
            for (String line : out.lines().filter(l -> l.startsWith("{")).toList()) {
                nodes.add(JSON.readTree(line));
            }
            return nodes;
        }

        /** The table row of {@code symbol} (or {@code total}), split into its columns. */
        String[] row(String symbol) {
            return out.lines().filter(l -> l.startsWith("  " + symbol + " ")).findFirst().orElseThrow().trim().split("\\s+");
        }
    }

    @BeforeAll
    static void runBothWays() throws IOException {
        data = Files.createDirectories(dir.resolve("data"));
        SyntheticBars.writeCsv(data.resolve("alpha.csv"), SyntheticBars.autoregressive("X", 170, 0.5, 0.01, 1));
        SyntheticBars.writeCsv(data.resolve("beta.csv"), SyntheticBars.randomWalk("X", 170, 2));
        SyntheticBars.writeCsv(data.resolve("gamma.csv"), SyntheticBars.autoregressive("X", 150, 0.3, 0.02, 3));
        Files.writeString(data.resolve("notes.txt"), "not a series");
        oneThread = run(args("--csv", csv("alpha"), "--csv", csv("beta") + "," + csv("gamma"), "--bars", "160", "--threads", "1",
                "--json", "--out", dir.resolve("out1").toString()));
        twoThreads = run(args("--csv", data.toString(), "--bars", "160", "--threads", "2", "--json", "--out", dir.resolve("out2").toString()));
    }

    @Test
    void shouldPrintARowPerSymbolAndATotalAndWriteAFolderPerSymbol() throws IOException {
        assertThat(oneThread.exit()).as(oneThread.err()).isZero();
        Path out = dir.resolve("out1");
        long predictions = 0;
        long retrains = 0;
        for (String symbol : SYMBOLS) {
            String[] row = oneThread.row(symbol);
            Path folder = out.resolve(symbol);
            assertThat(folder.resolve("backtest.png")).isNotEmptyFile();
            assertThat(Files.readString(folder.resolve("summary.txt"))).contains("Walk-forward backtest of " + symbol + ":");
            assertThat(Long.parseLong(row[2])).isEqualTo(lines(folder.resolve("predictions.csv")) - 1).isPositive();
            assertThat(Long.parseLong(row[3])).isEqualTo(lines(folder.resolve("retrains.csv")) - 1).isPositive();
            predictions += Long.parseLong(row[2]);
            retrains += Long.parseLong(row[3]);
        }
        // --bars cuts each file: gamma is shorter than 160 already
        assertThat(List.of(oneThread.row("ALPHA")[1], oneThread.row("BETA")[1], oneThread.row("GAMMA")[1])).containsExactly("160", "160", "150");
        String[] total = oneThread.row("total");
        assertThat(total[1]).isEqualTo("470");
        assertThat(Long.parseLong(total[2])).isEqualTo(predictions);
        assertThat(Long.parseLong(total[3])).isEqualTo(retrains);
        assertThat(out.resolve("predictions.csv")).doesNotExist();
        List<String> rows = oneThread.out().lines().filter(l -> l.matches("  (ALPHA|BETA|GAMMA|total) .*")).toList();
        assertThat(rows).extracting(l -> l.trim().split("\\s+")[0]).containsExactly("ALPHA", "BETA", "GAMMA", "total");
    }

    @Test
    void shouldPrintAJsonLinePerSymbolThenATotalWhoseCountsAreTheSums() throws IOException {
        List<JsonNode> json = oneThread.jsonLines();
        String[] stdout = oneThread.out().lines().toArray(String[]::new);
        assertThat(JSON.readTree(stdout[stdout.length - 1]).get("total").asBoolean()).isTrue();
        assertThat(json).hasSize(4);
        List<JsonNode> rows = json.subList(0, 3);
        JsonNode total = json.get(3);
        assertThat(rows).extracting(r -> r.get("symbol").asText()).containsExactlyElementsOf(SYMBOLS);
        assertThat(rows).extracting(r -> r.get("source").asText()).containsExactly(csv("alpha"), csv("beta"), csv("gamma"));
        assertThat(rows).allSatisfy(r -> assertThat(r.has("total")).isFalse());
        assertThat(total.get("symbols").asInt()).isEqualTo(3);
        assertThat(total.get("failed").asInt()).isZero();
        assertThat(total.get("threads").asInt()).isEqualTo(1);
        for (String count : List.of("bars", "predictions", "retrains", "failedRetrains")) {
            assertThat(total.get(count).asLong()).as(count).isEqualTo(rows.stream().mapToLong(r -> r.get(count).asLong()).sum());
        }
        assertThat(total.get("trainSecondsTotal").asDouble()).isCloseTo(sum(rows, "trainSecondsTotal"), within(0.01));
        assertThat(total.get("seriesWallSecondsTotal").asDouble()).isCloseTo(sum(rows, "wallSeconds"), within(0.01));
        // the process's one-off warm-up is the run's, not a series': in the total only, outside the training seconds
        assertThat(total.get("jvmWarmUpSeconds").asDouble()).isPositive();
        assertThat(rows).allSatisfy(r -> assertThat(r.has("jvmWarmUpSeconds")).isFalse());
        // One thread runs the series one after the other
        assertThat(total.get("wallSeconds").asDouble()).isGreaterThanOrEqualTo(sum(rows, "wallSeconds") - 0.01);
        double meanU = rows.stream().mapToDouble(r -> r.get("theilU").asDouble()).average().orElseThrow();
        assertThat(total.get("meanTheilU").asDouble()).isCloseTo(meanU, within(1e-12));
        double meanRawU = rows.stream().mapToDouble(r -> r.get("rawModel").get("theilU").asDouble()).average().orElseThrow();
        assertThat(total.get("rawModelMeanTheilU").asDouble()).isCloseTo(meanRawU, within(1e-12));
        assertThat(total.get("symbolsBeatingNaive").asLong()).isEqualTo(rows.stream()
                .filter(r -> Double.parseDouble(String.format(Locale.ROOT, "%.4f", r.get("theilU").asDouble())) < 1).count()); // as printed
        // MAPE pooled over all predictions: the per-symbol MAPEs weighted by their predictions
        double pooledMape = rows.stream().mapToDouble(r -> r.get("mapeNaive").asDouble() * r.get("predictions").asLong()).sum()
                / total.get("predictions").asLong();
        assertThat(total.get("mapeNaive").asDouble()).isCloseTo(pooledMape, within(1e-9));
        for (JsonNode r : rows) {
            assertThat(total.get("theilUBySymbol").get(r.get("symbol").asText()).asDouble()).isEqualTo(r.get("theilU").asDouble());
        }
    }

    @Test
    void shouldGiveTheSameFiguresPerSymbolOnTwoThreadsAsOnOneAndReadAFolder() throws IOException {
        assertThat(twoThreads.exit()).as(twoThreads.err()).isZero();
        assertThat(twoThreads.err()).contains("Backtest 3 series on 2 thread(s)");
        List<JsonNode> one = oneThread.jsonLines();
        List<JsonNode> two = twoThreads.jsonLines();
        assertThat(two).hasSize(4);
        // The folder's *.csv files in name order (notes.txt is not one)
        assertThat(two.subList(0, 3)).extracting(r -> r.get("symbol").asText()).containsExactlyElementsOf(SYMBOLS);
        for (int i = 0; i < 3; i++) {
            assertSameFigures(SYMBOLS.get(i), withoutTimes(two.get(i)), withoutTimes(one.get(i)));
            assertSamePredictions(dir.resolve("out2").resolve(SYMBOLS.get(i)), dir.resolve("out1").resolve(SYMBOLS.get(i)));
        }
        assertThat(two.get(3).get("threads").asInt()).isEqualTo(2);
        assertThat(two.get(3).get("predictions").asLong()).isEqualTo(one.get(3).get("predictions").asLong());
        assertThat(two.get(3).get("meanTheilU").asDouble()).isEqualTo(one.get(3).get("meanTheilU").asDouble());
    }

    @Test
    void shouldKeepTheOneSeriesOutputWhenOneCsvIsGiven() throws IOException {
        Path out = dir.resolve("single");
        Run single = run(args("--csv", csv("alpha"), "--bars", "160", "--json", "--out", out.toString()));

        assertThat(single.exit()).as(single.err()).isZero();
        assertThat(single.out()).contains("Walk-forward backtest of ALPHA: 160 bars").doesNotContain("  total ");
        List<JsonNode> json = single.jsonLines();
        assertThat(json).hasSize(1);
        String[] stdout = single.out().lines().toArray(String[]::new);
        assertThat(JSON.readTree(stdout[stdout.length - 1])).isEqualTo(json.get(0));
        assertThat(json.get(0).get("symbol").asText()).isEqualTo("ALPHA");
        assertThat(json.get(0).has("source")).isFalse();
        assertThat(json.get(0).has("total")).isFalse();
        assertThat(json.get(0).get("jvmWarmUpSeconds").asDouble()).isPositive();
        assertThat(single.err()).contains("JVM warm-up");
        assertThat(out.resolve("predictions.csv")).isRegularFile();
        assertThat(out.resolve("ALPHA")).doesNotExist();
        // Alone or among others, a series gives the same predictions and figures
        assertSamePredictions(out, dir.resolve("out1/ALPHA"));
        assertSameFigures("ALPHA", withoutTimes(json.get(0)), withoutTimes(oneThread.jsonLines().get(0)).without("source"));
    }

    @Test
    void shouldReportEveryBadInputByNameBeforeAnythingTrains() throws IOException {
        Path bad = dir.resolve("bad");
        Files.createDirectories(bad);
        SyntheticBars.writeCsv(bad.resolve("short.csv"), SyntheticBars.randomWalk("X", 30, 4));
        Files.writeString(bad.resolve("broken.csv"), "Date,Open,High,Low,Close,Volume\n2020-01-02,1,2,0.5,1.5,10\n2020-13-01,1,2,0.5,1.5,10\n");
        Path out = dir.resolve("never");

        Run run = run(args("--csv", csv("alpha"), "--csv", bad.resolve("missing.csv").toString(), "--csv", bad.resolve("short.csv").toString(),
                "--csv", bad.resolve("broken.csv").toString(), "--threads", "2", "--out", out.toString()));

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("3 of 4 inputs cannot be backtested (nothing was trained)")
                .contains(bad.resolve("missing.csv") + ": no such file")
                .contains(bad.resolve("short.csv") + " has 30 bars; a window of 60")
                .contains(bad.resolve("broken.csv") + ":3: Date '2020-13-01'")
                .doesNotContain(csv("alpha"))
                .doesNotContain("Backtest ");
        assertThat(run.out()).doesNotContain("total");
        assertThat(out).doesNotExist();

        Run one = run(args("--csv", bad.resolve("missing.csv").toString(), "--out", out.toString()));
        assertThat(one.exit()).isNotZero();
        assertThat(one.err()).contains(bad.resolve("missing.csv") + ": no such file, and not a bundled data set");
        assertThat(out).doesNotExist();
    }

    @Test
    void shouldReportASeriesThatFailsAndStillFinishTheOthers() throws IOException {
        Path out = Files.createDirectories(dir.resolve("blocked"));
        Files.writeString(out.resolve("BETA"), "a file where BETA's folder should go");

        Run run = run(args("--csv", csv("alpha") + "," + csv("beta"), "--bars", "120", "--threads", "2", "--json", "--out", out.toString()));

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).containsPattern("  BETA +120  FAILED: FileAlreadyExistsException: .*BETA");
        assertThat(run.err()).contains("1 of 2 series failed: BETA (FileAlreadyExistsException");
        assertThat(out.resolve("ALPHA/predictions.csv")).isRegularFile();
        List<JsonNode> json = run.jsonLines();
        assertThat(json).hasSize(3);
        assertThat(json.get(0).get("predictions").asInt()).isPositive();
        assertThat(json.get(1).get("symbol").asText()).isEqualTo("BETA");
        assertThat(json.get(1).get("error").asText()).startsWith("FileAlreadyExistsException");
        assertThat(json.get(1).has("predictions")).isFalse();
        JsonNode total = json.get(2);
        assertThat(total.get("symbols").asInt()).isEqualTo(2);
        assertThat(total.get("failed").asInt()).isEqualTo(1);
        assertThat(total.get("failedSymbols")).extracting(JsonNode::asText).containsExactly("BETA");
        assertThat(total.get("predictions").asLong()).isEqualTo(json.get(0).get("predictions").asLong());
    }

    @Test
    void shouldRejectClashingSymbolsAndBadOptionsBeforeAnythingTrains() {
        Run twice = run(args("--csv", csv("alpha"), "--csv", csv("alpha"), "--out", dir.resolve("x").toString()));
        assertThat(twice.exit()).isNotZero();
        assertThat(twice.err()).contains(csv("alpha") + " and " + csv("alpha") + " both give the symbol ALPHA");

        Run symbols = run(args("--csv", csv("alpha") + "," + csv("beta"), "--symbol", "A", "--out", dir.resolve("x").toString()));
        assertThat(symbols.exit()).isEqualTo(2);
        assertThat(symbols.err()).contains("--symbol gives 1 symbol(s) for 2 series");

        Run threads = run(args("--csv", csv("alpha"), "--threads", "0", "--out", dir.resolve("x").toString()));
        assertThat(threads.exit()).isEqualTo(2);
        assertThat(threads.err()).contains("--threads = 0 is out of range (>= 1)");
        assertThat(dir.resolve("x")).doesNotExist();
    }

    private static String csv(String name) {
        return data.resolve(name + ".csv").toString();
    }

    private static String[] args(String... rest) {
        return Stream.concat(Stream.of("backtest"), Stream.concat(Stream.of(TINY), Stream.of(rest))).toArray(String[]::new);
    }

    /**
     * The same figures, bit for bit: training and the forecasts round alike whatever the thread and whether the JIT has
     * compiled their kernels yet (no {@code VectorOperators.EXP}, no lane reductions).
     */
    private static void assertSameFigures(String path, JsonNode actual, JsonNode expected) {
        if (expected.isContainerNode()) {
            assertThat(actual.size()).as(path).isEqualTo(expected.size());
            if (expected.isObject()) {
                assertThat(actual.fieldNames()).toIterable().as(path).containsExactlyElementsOf(() -> expected.fieldNames());
                expected.fieldNames().forEachRemaining(f -> assertSameFigures(path + "." + f, actual.get(f), expected.get(f)));
            } else {
                for (int i = 0; i < expected.size(); i++) {
                    assertSameFigures(path + "[" + i + "]", actual.get(i), expected.get(i));
                }
            }
        } else {
            assertThat(actual).as(path).isEqualTo(expected);
        }
    }

    /** The same predictions.csv, line for line. */
    private static void assertSamePredictions(Path actualFolder, Path expectedFolder) throws IOException {
        List<String> actual = Files.readAllLines(actualFolder.resolve("predictions.csv"));
        List<String> expected = Files.readAllLines(expectedFolder.resolve("predictions.csv"));
        assertThat(actual).hasSizeGreaterThan(1).containsExactlyElementsOf(expected);
    }

    private static ObjectNode withoutTimes(JsonNode row) {
        ObjectNode copy = row.deepCopy();
        copy.remove(List.of("wallSeconds", "trainSecondsTotal", "jvmWarmUpSeconds"));
        return copy;
    }

    private static double sum(List<JsonNode> rows, String field) {
        return rows.stream().mapToDouble(r -> r.get(field).asDouble()).sum();
    }

    private static long lines(Path file) throws IOException {
        try (Stream<String> lines = Files.lines(file)) {
            return lines.count();
        }
    }

    /** Runs {@code barcast args} as {@code main} does, capturing stdout and stderr; echoes its stdout. */
    private static Run run(String... args) {
        CommandRun run = CommandRun.of(args);
        System.out.print(run.out());
        return new Run(run.exit(), run.out(), run.err());
    }
}
