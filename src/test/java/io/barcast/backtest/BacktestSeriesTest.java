package io.barcast.backtest;

import io.barcast.bar.Bar;
import io.barcast.config.ConfigError;
import io.barcast.testing.SyntheticBars;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The inputs of a backtest, read and checked before anything trains. */
class BacktestSeriesTest {

    @Test
    void shouldCutEachSeriesToItsLastBars() {
        List<Bar> bars = SyntheticBars.randomWalk("A", 100, 1);

        List<BacktestSeries> series = BacktestSeries.load(List.of(input("a.csv", "A", bars)), 60, 50);

        assertThat(series).singleElement().satisfies(s -> {
            assertThat(s.source()).isEqualTo("a.csv");
            assertThat(s.symbol()).isEqualTo("A");
            assertThat(s.bars()).containsExactlyElementsOf(bars.subList(40, 100));
        });
        assertThat(BacktestSeries.load(List.of(input("a.csv", "A", bars)), null, 50).get(0).bars()).hasSize(100);
    }

    @Test
    void shouldReportEveryBadInputTogetherEachByItsSource() {
        List<BacktestSeries.Input> inputs = List.of(
                input("a.csv", "A", SyntheticBars.randomWalk("A", 100, 1)),
                new BacktestSeries.Input("b.csv", "a", () -> {
                    throw new AssertionError("a clashing symbol is reported before its file is read");
                }),
                input("c.csv", "x/y", SyntheticBars.randomWalk("X", 100, 1)),
                new BacktestSeries.Input("d.csv", "D", () -> {
                    throw new NoSuchFileException("d.csv: no such file");
                }),
                new BacktestSeries.Input("e.csv", "E", () -> {
                    throw new IOException();
                }),
                input("f.csv", "F", SyntheticBars.randomWalk("F", 51, 1)));

        assertThatThrownBy(() -> BacktestSeries.load(inputs, null, 50)).isInstanceOf(ConfigError.class)
                .hasMessage(String.join(System.lineSeparator(), "5 of 6 inputs cannot be backtested (nothing was trained):",
                        "  b.csv and a.csv both give the symbol a (each series writes to a folder named by its symbol; give --symbol for each)",
                        "  c.csv: the symbol 'x/y' cannot name an output folder",
                        "  d.csv: no such file",
                        "  e.csv: java.io.IOException",
                        "  f.csv has 51 bars; a window of 50 needs more than 51 (lower --window)"));
    }

    @Test
    void shouldReportOneBadInputAloneAndLetASingleSeriesHaveAnySymbol() {
        assertThatThrownBy(() -> BacktestSeries.load(List.of(input("f.csv", "F", SyntheticBars.randomWalk("F", 30, 1))), null, 50))
                .isInstanceOf(ConfigError.class).hasMessage("f.csv has 30 bars; a window of 50 needs more than 51 (lower --window)");
        // one series writes to --out itself, not to a folder named by its symbol
        assertThat(BacktestSeries.load(List.of(input("c.csv", "x/y", SyntheticBars.randomWalk("X", 100, 1))), null, 50))
                .extracting(BacktestSeries::symbol).containsExactly("x/y");
    }

    private static BacktestSeries.Input input(String source, String symbol, List<Bar> bars) {
        return new BacktestSeries.Input(source, symbol, () -> bars);
    }
}
