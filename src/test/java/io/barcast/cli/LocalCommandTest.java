package io.barcast.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code local} refuses its own data as {@code backtest} does, before a broker starts: a series too short for the
 * window, a {@code --symbol} count that differs from the series', two series with one symbol, a row that cannot be
 * read unless skipped.
 */
class LocalCommandTest {

    /** Should a check be missing, the run stops by itself instead of running until Ctrl-C. */
    private static final String[] GUARD = {"--max-seconds", "3", "--http-port", "0"};

    @TempDir
    Path dir;

    /** {@code bars} valid daily bars from 2020-01-01, a header first; {@code extra} lines inserted after line 2. */
    private Path csv(String name, int bars, String... extra) throws IOException {
        List<String> lines = new ArrayList<>(List.of("Date,Open,High,Low,Close,Volume"));
        for (int i = 0; i < bars; i++) {
            double close = 100 + Math.sin(i / 5.0);
            lines.add(String.format(Locale.ROOT, "%s,%.2f,%.2f,%.2f,%.2f,1000", LocalDate.of(2020, 1, 1).plusDays(i),
                    close, close + 1, close - 1, close));
        }
        lines.addAll(2, List.of(extra));
        return Files.write(dir.resolve(name), lines);
    }

    private static CommandRun local(String... args) {
        List<String> argv = new ArrayList<>(List.of("local"));
        argv.addAll(List.of(args));
        argv.addAll(List.of(GUARD));
        return CommandRun.of(argv.toArray(String[]::new));
    }

    @Test
    void shouldRefuseACsvShorterThanTheWindowWithBacktestsMessage() throws IOException {
        Path file = csv("short.csv", 50);

        CommandRun run = local("--csv", file.toString());

        String check = file + " has 50 bars; a window of 500 needs more than 501";
        assertThat(run.exit()).as(run.err()).isEqualTo(2);
        assertThat(run.err()).contains(check + " (lower window.bars: --set window.bars=N)");
        assertThat(CommandRun.of("backtest", "--csv", file.toString()).err()).contains(check + " (lower --window)");
    }

    @Test
    void shouldRefuseASymbolCountThatDiffersFromTheSeriesAsBacktestDoes() throws IOException {
        String files = csv("a.csv", 50) + "," + csv("b.csv", 50);

        CommandRun run = local("--csv", files, "--symbol", "X");

        String refusal = "--symbol gives 1 symbol(s) for 2 series";
        assertThat(run.exit()).as(run.err()).isEqualTo(2);
        assertThat(run.err()).contains(refusal).doesNotContain("bars; a window");
        assertThat(CommandRun.of("backtest", "--csv", files, "--symbol", "X").err()).contains(refusal);
    }

    @Test
    void shouldRefuseTwoSeriesWithOneSymbolBeforeReadingThem() throws IOException {
        Path a = csv("a.csv", 50);
        Path b = csv("b.csv", 50);

        CommandRun run = local("--csv", a + "," + b, "--symbol", "X,X");

        assertThat(run.exit()).as(run.err()).isEqualTo(2);
        assertThat(run.err()).contains(b + " and " + a + " both give the symbol X").doesNotContain("bars; a window");
    }

    @Test
    void shouldRefuseAnUnreadableRowNamingTheOptionThatSkipsIt() throws IOException {
        Path file = csv("null.csv", 50, "2019-12-31,null,null,null,null,null");

        CommandRun run = local("--csv", file.toString());

        assertThat(run.exit()).as(run.err()).isEqualTo(2);
        assertThat(run.err()).contains(file + ":3: Open 'null' is not a number (--skip-bad-rows skips the rows that cannot be read)");
    }

    @Test
    void shouldSkipUnreadableRowsWhenAskedAndReportTheirLinesAndCount() throws IOException {
        Path file = csv("null.csv", 50, "2019-12-31,null,null,null,null,null", "not a row");

        CommandRun run = local("--csv", file.toString(), "--skip-bad-rows");

        assertThat(run.err()).contains(file + ":3: skipped: Open 'null' is not a number",
                file + ":4: skipped: has 1 columns, header has 6",
                file + ": 2 row(s) that could not be read skipped (--skip-bad-rows), 50 bars read");
        // the 50 bars read are then too short for the window: refused before anything starts
        assertThat(run.exit()).as(run.err()).isEqualTo(2);
        assertThat(run.err()).contains(file + " has 50 bars");
    }

    @Test
    void shouldReadAFileWithoutVolumeOnlyWhenTheModelReadsNoVolume() throws IOException {
        Path file = dir.resolve("ohlc.csv");
        Files.write(file, Files.readAllLines(csv("with-volume.csv", 50)).stream().map(l -> l.substring(0, l.lastIndexOf(','))).toList());

        CommandRun ohlcv = local("--csv", file.toString());
        CommandRun ohlc = local("--csv", file.toString(), "--set", "model.features=OHLC");

        assertThat(ohlcv.err()).contains(file + ":1: the header has no Volume column", "set model.features=OHLC");
        assertThat(ohlc.exit()).as(ohlc.err()).isEqualTo(2);
        assertThat(ohlc.err()).as("read, then found too short").contains(file + " has 50 bars").doesNotContain("Volume");
    }

    @Test
    void shouldQuietTheServicesKafkaStreamsLinesWithoutVerbose() {
        ch.qos.logback.classic.LoggerContext context = (ch.qos.logback.classic.LoggerContext) org.slf4j.LoggerFactory.getILoggerFactory();
        ch.qos.logback.classic.Logger streams = context.getLogger(io.barcast.metrics.ExportedStreams.class);
        ch.qos.logback.classic.Level was = streams.getLevel();
        streams.setLevel(ch.qos.logback.classic.Level.INFO); // as src/main/resources/logback.xml sets it
        try {
            Runnable restore = LocalCommand.quietLogs();
            assertThat(streams.isInfoEnabled()).as("Kafka Streams' client lines in local's quiet output").isFalse();
            assertThat(streams.isWarnEnabled()).isTrue();
            restore.run();
            assertThat(streams.getLevel()).isEqualTo(ch.qos.logback.classic.Level.INFO);
        } finally {
            streams.setLevel(was);
        }
    }
}
