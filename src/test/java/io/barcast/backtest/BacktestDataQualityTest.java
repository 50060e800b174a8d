package io.barcast.backtest;

import io.barcast.bar.Bar;
import io.barcast.bar.CsvBarReader;
import io.barcast.forecast.ForecastSettings;
import io.barcast.quality.QualityAction;
import io.barcast.quality.QualityEvent;
import io.barcast.quality.QualityKind;
import io.barcast.testing.DirtySeries;
import io.barcast.testing.ModelConfigs;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The backtest applies the data-quality rules as the service does, lists their events and reports in the latest units. */
class BacktestDataQualityTest {

    private static final ForecastSettings SETTINGS = new ForecastSettings(60, 20, 0.05,
            ModelConfigs.config("model.hidden.size=8", "model.lookback=5", "model.epochs=5"));

    private static List<Bar> clean;

    @BeforeAll
    static void load() throws IOException {
        clean = CsvBarReader.read("aapl", "AAPL").subList(0, 200);
    }

    private static BacktestResult run(List<Bar> bars) {
        return new WalkForwardBacktest(SETTINGS).run("AAPL", bars, WalkForwardBacktest.Listener.NONE);
    }

    @Test
    void shouldReportAnUntoldSplitSeriesInTheLatestUnitsAsItsAdjustedTwin() {
        LocalDate exDate = clean.get(120).date();
        BacktestResult raw = run(DirtySeries.untoldSplit(clean, exDate, 2));
        BacktestResult twin = run(clean);

        assertThat(raw.quality()).extracting(QualityEvent::date, QualityEvent::kind, QualityEvent::action)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(exDate, QualityKind.SUSPECTED_SPLIT, QualityAction.ADJUSTED));
        assertThat(twin.quality()).isEmpty();
        assertThat(raw.predictions()).hasSameSizeAs(twin.predictions());
        for (int i = 0; i < twin.predictions().size(); i++) {
            BacktestPrediction r = raw.predictions().get(i);
            BacktestPrediction t = twin.predictions().get(i);
            assertThat(r.lastClose()).as("prediction %d", i).isCloseTo(t.lastClose(), within(1e-9 * t.lastClose()));
            assertThat(r.actualClose()).isCloseTo(t.actualClose(), within(1e-9 * t.lastClose()));
            assertThat(r.intervals().get(1).upper()).isCloseTo(t.intervals().get(1).upper(), within(1e-5 * t.lastClose()));
        }
        assertThat(raw.metrics().theilU()).isCloseTo(twin.metrics().theilU(), within(1e-9));
        IntervalSummaryCheck.sameCoverage(raw.intervals(), twin.intervals());
    }

    @Test
    void shouldKeepTheOutcomeAfterAHoleOutOfEveryFigureButTheList() {
        BacktestResult holed = run(DirtySeries.hole(clean, 150, 10));

        assertThat(holed.quality()).extracting(QualityEvent::kind).containsExactly(QualityKind.HOLE);
        List<BacktestPrediction> excluded = holed.predictions().stream().filter(p -> !p.counted()).toList();
        assertThat(excluded).hasSize(1);
        assertThat(excluded.get(0).targetDate()).isEqualTo(clean.get(160).date());
        assertThat(excluded.get(0).quality()).containsExactly(QualityKind.HOLE);
        assertThat(holed.metrics().count()).isEqualTo(holed.predictions().size() - 1);
        assertThat(holed.intervals().levels().get(0).days()).noneMatch(d -> d.targetDate().equals(clean.get(160).date()));
    }

    /** Coverage compared level by level. */
    static final class IntervalSummaryCheck {
        static void sameCoverage(IntervalReport a, IntervalReport b) {
            assertThat(a.levels()).hasSameSizeAs(b.levels());
            for (int k = 0; k < a.levels().size(); k++) {
                assertThat(a.levels().get(k).days()).hasSameSizeAs(b.levels().get(k).days());
                for (IntervalMethod m : IntervalMethod.values()) {
                    assertThat(a.levels().get(k).summary(m).coverage()).as(m + " coverage").isEqualTo(b.levels().get(k).summary(m).coverage());
                }
            }
        }
    }
}
