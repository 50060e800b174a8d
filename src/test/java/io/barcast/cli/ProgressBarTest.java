package io.barcast.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressBarTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    private final AtomicLong clock = new AtomicLong();

    @Test
    void shouldPrintPlainLinePerTenPercentWhenNotInteractive() {
        ProgressBar bar = new ProgressBar(out, "backtest AAPL", 200, false, clock::get, 80);
        for (int done = 0; done <= 200; done++) {
            clock.addAndGet(50_000_000L);
            bar.update(done, "bar " + done);
        }
        bar.finish("200 bars, 12 retrains");

        String text = output();
        assertThat(text).doesNotContain("\r")
                .contains("backtest AAPL", "  0.0%", " 50.0%", "100.0%", "200/200", "eta ", "bar 200")
                .contains("[" + "#".repeat(15) + "-".repeat(15) + "]")
                .endsWith("backtest AAPL: 200 bars, 12 retrains (0:10)" + System.lineSeparator());
        assertThat(text.lines()).hasSize(12);
    }

    @Test
    void shouldRedrawInPlaceAtMostEvery200MillisAndAlwaysAtTheEnd() {
        ProgressBar bar = new ProgressBar(out, "train", 10, true, clock::get, 200);
        bar.update(1, null);
        bar.update(2, null);
        clock.addAndGet(100_000_000L);
        bar.update(3, null);
        clock.addAndGet(150_000_000L);
        bar.update(4, "epoch 4");
        bar.update(10, null);
        bar.finish("done");

        String text = output();
        assertThat(text).startsWith("\rtrain  10.0%").contains("\rtrain  40.0%", "epoch 4", "\rtrain 100.0%")
                .doesNotContain(" 20.0%", " 30.0%")
                .endsWith(System.lineSeparator());
        assertThat(text.substring(text.lastIndexOf('\r') + 1).strip()).isEqualTo("train: done (0:00)");
        assertThat(text.chars().filter(c -> c == '\r').count()).isEqualTo(4);
    }

    @Test
    void shouldShowEtaFromRateAndClampOutOfRangeValues() {
        ProgressBar bar = new ProgressBar(out, "job", 4, false, clock::get, 80);
        clock.set(60_000_000_000L);
        bar.update(1, null);
        bar.update(99, null);
        bar.update(99, null);

        assertThat(output()).contains(" 25.0%", "1/4", "elapsed 1:00", "eta 3:00", "100.0%", "4/4");
        assertThat(output().lines()).hasSize(2);
    }

    @Test
    void shouldTreatZeroTotalAsComplete() {
        ProgressBar bar = new ProgressBar(out, "nothing", 0, false);
        bar.update(0, null);
        bar.finish("skipped");
        bar.update(0, null);

        assertThat(output()).contains("100.0%", "0/0", "nothing: skipped");
        assertThat(output().lines()).hasSize(2);
    }

    @Test
    void shouldCutInteractiveLinesToTerminalWidthButNotPlainLines() {
        String detail = "690 predictions, 38 retrains, last retrain 2023-12-01 REJECTED_WORSE";
        new ProgressBar(out, "backtest AAPL", 690, true, clock::get, 80).update(345, detail);
        out.println();
        new ProgressBar(out, "backtest AAPL", 690, false, clock::get, 80).update(345, detail);

        String[] lines = output().split(System.lineSeparator());
        assertThat(lines[0]).startsWith("\rbacktest AAPL  50.0%").hasSize(80).doesNotContain("REJECTED_WORSE");
        assertThat(lines[1]).endsWith(detail);
        assertThat(ProgressBar.columns("132")).isEqualTo(132);
        assertThat(ProgressBar.columns(null)).isEqualTo(ProgressBar.columns("wide")).isEqualTo(120);
    }

    @Test
    void shouldFormatDurations() {
        assertThat(ProgressBar.duration(0)).isEqualTo("0:00");
        assertThat(ProgressBar.duration(61_000_000_000L)).isEqualTo("1:01");
        assertThat(ProgressBar.duration(3_723_000_000_000L)).isEqualTo("1:02:03");
    }

    private String output() {
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
