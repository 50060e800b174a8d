package io.barcast.backtest.report;

import io.barcast.backtest.BacktestResult;
import io.barcast.backtest.IntervalLevelReport;
import io.barcast.backtest.IntervalMethod;
import io.barcast.evaluation.ForecastMetrics;
import io.barcast.forecast.ForecastSettings;
import io.barcast.testing.ModelConfigs;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

class BacktestSummaryTest {

    @Test
    void shouldPrintATablePerLevelWithARowPerMethod() {
        BacktestResult result = OracleResults.garch600(new ForecastSettings(500, 20, 0.05, ModelConfigs.config()));
        IntervalLevelReport l80 = result.intervals().levels().get(0);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        BacktestSummary.print(result, new PrintStream(bytes, true, StandardCharsets.UTF_8));

        String text = bytes.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("80% level, 349 days", "95% level, 349 days", "coverage", "calm", "turbulent", "mean width",
                "mean score", "score ratio", "in % of the last close", "EWMA + ACI (step 0.005)")
                .doesNotContain("NaN");
        String histRow = text.lines().filter(line -> line.startsWith("    hist. simulation")).findFirst().orElseThrow();
        assertThat(histRow.split("\\s{2,}")).containsSubsequence(
                String.format(Locale.ROOT, "%.1f%%", 100 * l80.summary(IntervalMethod.HISTORICAL_SIMULATION).coverage()),
                String.format(Locale.ROOT, "%.3f", l80.scoreRatio(IntervalMethod.HISTORICAL_SIMULATION)));
        ByteArrayOutputStream none = new ByteArrayOutputStream();
        BacktestSummary.print(new BacktestResult("X", 0, List.of(), List.of(), new ForecastMetrics(), 0, 0),
                new PrintStream(none, true, StandardCharsets.UTF_8));
        assertThat(none.toString(StandardCharsets.UTF_8)).contains("prediction intervals: none were published")
                .doesNotContain("score ratio");
    }

    /** Metrics of one day: last close 100, actual 110 (naive error -10), served 100 + {@code offset}. */
    private static ForecastMetrics oneDay(double offset) {
        ForecastMetrics m = new ForecastMetrics();
        m.add(100, 100 + offset, 110);
        return m;
    }

    @Test
    void shouldWordTheVerdictAfterTheTheilUAsPrinted() {
        assertThat(BacktestSummary.verdict(oneDay(-0.0003))).as("U 1.00003")
                .isEqualTo("the served forecast matched the naive forecast (Theil's U 1.0000 at four decimals)");
        assertThat(BacktestSummary.verdict(oneDay(0.0004))).as("U 0.99996")
                .isEqualTo("the served forecast matched the naive forecast (Theil's U 1.0000 at four decimals)");
        assertThat(BacktestSummary.verdict(oneDay(-0.002))).isEqualTo("the served forecast did NOT beat the naive forecast (Theil's U 1.0002 > 1)");
        assertThat(BacktestSummary.verdict(oneDay(0.002))).isEqualTo("the served forecast beat the naive forecast (Theil's U 0.9998 < 1)");
        assertThat(BacktestSummary.verdict(oneDay(0))).isEqualTo("the served forecast is the naive forecast (no skill was measured, weight 0)");
    }

    @Test
    void shouldSayHowManyDaysTheHitRateIsOver() {
        ForecastMetrics m = oneDay(5);
        m.add(100, 99, 98);
        m.add(100, 99, 100); // no move: no direction to hit
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        BacktestSummary.print(new BacktestResult("X", 3, List.of(), List.of(), m, 0, 0), new PrintStream(bytes, true, StandardCharsets.UTF_8));

        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        int hit = lines.indexOf(lines.stream().filter(l -> l.startsWith("  directional hit rate")).findFirst().orElseThrow());
        assertThat(lines.get(hit).split("\\s{2,}")).containsSubsequence("directional hit rate", "100.0%");
        assertThat(lines.get(hit + 1).trim().split("\\s{2,}")).containsExactly("over (days)", "2", "0", "-");
    }
}
