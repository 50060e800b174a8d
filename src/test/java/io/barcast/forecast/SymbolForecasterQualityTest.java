package io.barcast.forecast;

import io.barcast.bar.Bar;
import io.barcast.bar.CsvBarReader;
import io.barcast.interval.IntervalSettings;
import io.barcast.quality.QualityAction;
import io.barcast.quality.QualityEvent;
import io.barcast.quality.QualityKind;
import io.barcast.quality.QualitySettings;
import io.barcast.quality.SplitPolicy;
import io.barcast.testing.DirtySeries;
import io.barcast.testing.ModelConfigs;
import io.barcast.window.BarWindow;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The data-quality rules inside the per-symbol cycle, on real AAPL bars with real (tiny) training: a dirty series
 * (an untold or told split, a hole) against its clean twin.
 */
class SymbolForecasterQualityTest {

    private static final int WINDOW = 60;
    private static final int SPLIT = 100;
    private static final ForecastSettings SETTINGS = new ForecastSettings(WINDOW, 20, 0.05,
            ModelConfigs.config("model.hidden.size=8", "model.lookback=5", "model.epochs=6"));

    private static List<Bar> clean;

    @BeforeAll
    static void load() throws IOException {
        clean = CsvBarReader.read("aapl", "AAPL").subList(0, 160);
    }

    /** One run: each bar, then (as the backtest does) any job it asked for, trained at once and handed over. */
    private static List<BarStep> run(SymbolForecaster f, List<Bar> bars) {
        List<BarStep> steps = new ArrayList<>();
        for (Bar b : bars) {
            BarStep step = f.onBar(b);
            steps.add(step);
            if (step.retrain() != null) {
                f.trainingStarted(step.retrain());
                f.onTrained(step.retrain(), Trainer.lstm().train(step.retrain()));
            }
        }
        return steps;
    }

    @Test
    void shouldPredictAfterAnUntoldSplitAsOnTheAdjustedSeriesAndScoreItsOutcomeAdjusted() {
        List<BarStep> raw = run(SymbolForecaster.fresh("AAPL", SETTINGS), DirtySeries.untoldSplit(clean, clean.get(SPLIT).date(), 2));
        List<BarStep> twin = run(SymbolForecaster.fresh("AAPL", SETTINGS), clean);

        BarStep split = raw.get(SPLIT);
        assertThat(split.quality()).extracting(QualityEvent::kind, QualityEvent::action)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(QualityKind.SUSPECTED_SPLIT, QualityAction.ADJUSTED));
        assertThat(split.scored().adjustment()).isEqualTo(0.5);
        assertThat(split.scored().quality()).extracting(QualityEvent::kind).containsExactly(QualityKind.SUSPECTED_SPLIT);
        for (int i = 0; i < raw.size(); i++) {
            if (i != SPLIT) {
                assertThat(raw.get(i).quality()).as("bar %d", i).isEmpty();
            }
        }
        assertSameFrom(SPLIT, raw, twin);
    }

    @Test
    void shouldApplyAToldSplitFactorAsTheAdjustedSeriesWouldHaveIt() {
        List<BarStep> told = run(SymbolForecaster.fresh("AAPL", SETTINGS), DirtySeries.toldSplit(clean, clean.get(SPLIT).date(), 7));
        List<BarStep> twin = run(SymbolForecaster.fresh("AAPL", SETTINGS), clean);

        assertThat(told.get(SPLIT).quality()).extracting(QualityEvent::kind).containsExactly(QualityKind.SPLIT_TOLD);
        assertThat(told.get(SPLIT).scored().adjustment()).isEqualTo(1 / 7.0);
        assertSameFrom(SPLIT, told, twin);
    }

    /** From bar {@code from} on, the same outcomes, running figures, predictions and bounds (the history was rescaled). */
    private static void assertSameFrom(int from, List<BarStep> dirty, List<BarStep> twin) {
        int compared = 0;
        for (int i = from; i < dirty.size(); i++) {
            BarStep d = dirty.get(i);
            BarStep t = twin.get(i);
            assertThat(d.outcome()).isEqualTo(t.outcome());
            if (t.scored() != null) {
                assertThat(d.scored().lastClose()).as("bar %d lastClose", i).isCloseTo(t.scored().lastClose(), within(1e-9 * t.scored().lastClose()));
                assertThat(d.scored().predictedClose()).isCloseTo(t.scored().predictedClose(), within(1e-6 * t.scored().lastClose()));
                assertThat(d.scored().running().count()).isEqualTo(t.scored().running().count());
                assertThat(d.scored().running().rmse()).as("bar %d running RMSE", i).isCloseTo(t.scored().running().rmse(), within(1e-6));
                assertThat(d.scored().running().theilU()).isCloseTo(t.scored().running().theilU(), within(1e-6));
                for (int k = 0; k < t.scored().intervals().size(); k++) {
                    assertThat(d.scored().intervals().get(k).inside()).isEqualTo(t.scored().intervals().get(k).inside());
                    assertThat(d.scored().intervals().get(k).coverage()).isEqualTo(t.scored().intervals().get(k).coverage());
                }
                compared++;
            }
            if (t.prediction() != null) {
                assertThat(d.prediction().servedClose()).as("bar %d prediction", i)
                        .isCloseTo(t.prediction().servedClose(), within(1e-6 * t.prediction().servedClose()));
                for (int k = 0; k < t.prediction().intervals().size(); k++) {
                    assertThat(d.prediction().intervals().get(k).upper())
                            .isCloseTo(t.prediction().intervals().get(k).upper(), within(1e-5 * t.prediction().servedClose()));
                }
            }
        }
        assertThat(compared).as("outcomes compared").isGreaterThan(40);
    }

    @Test
    void shouldFlagNothingOnTheCleanBundledSeries() throws IOException {
        ForecastSettings defaults = io.barcast.service.ServiceConfig.of(new java.util.Properties()).forecast();
        for (String[] set : new String[][]{{"sp500", "SPX"}, {"aapl", "AAPL"}}) {
            SymbolForecaster f = SymbolForecaster.fresh(set[1], defaults);
            List<QualityEvent> events = new ArrayList<>();
            for (Bar b : CsvBarReader.read(set[0], set[1])) {
                events.addAll(f.onBar(b).quality()); // no training: the rules alone, with the service's defaults
            }
            assertThat(events).as(set[1]).isEmpty();
        }
    }

    @Test
    void shouldKeepTheOutcomeAfterAHoleOutOfTheRunningFigures() {
        int from = 120;
        List<Bar> holed = DirtySeries.hole(clean, from, 10);
        List<BarStep> steps = run(SymbolForecaster.fresh("AAPL", SETTINGS), holed);

        BarStep after = steps.get(from);
        BarStep before = steps.get(from - 1);
        assertThat(after.quality()).extracting(QualityEvent::kind).containsExactly(QualityKind.HOLE);
        assertThat(after.scored().counted()).isFalse();
        assertThat(after.scored().running().count()).isEqualTo(before.scored().running().count());
        assertThat(after.scored().running().rmse()).isEqualTo(before.scored().running().rmse());
        assertThat(after.scored().intervals().get(0).count()).isEqualTo(before.scored().intervals().get(0).count());
        assertThat(steps.get(from + 1).scored().counted()).isTrue();
        assertThat(steps.get(from + 1).scored().running().count()).isEqualTo(before.scored().running().count() + 1);
    }

    @Test
    void shouldApplyASplitOnceWhateverTheRedeliveriesAndCorrectionsOfItsBar() {
        List<Bar> raw = DirtySeries.untoldSplit(clean, clean.get(SPLIT).date(), 2);
        SymbolForecaster f = SymbolForecaster.fresh("AAPL", SETTINGS);
        run(f, raw.subList(0, SPLIT + 1));
        List<Bar> window = List.copyOf(f.window().bars());

        BarStep again = f.onBar(raw.get(SPLIT));
        assertThat(again.outcome()).isEqualTo(BarWindow.Outcome.DUPLICATE);
        assertThat(again.quality()).isEmpty();
        Bar b = raw.get(SPLIT);
        BarStep corrected = f.onBar(new Bar(b.symbol(), b.date(), b.open(), b.high() * 1.001, b.low(), b.close() * 1.001, b.volume()));
        assertThat(corrected.outcome()).isEqualTo(BarWindow.Outcome.CORRECTED);
        assertThat(corrected.quality()).as("judged against the rescaled bar before it: no second split").isEmpty();
        assertThat(f.window().bars().subList(0, window.size() - 1)).isEqualTo(window.subList(0, window.size() - 1));
        assertThat(corrected.scored().adjustment()).as("the redone outcome keeps its adjustment").isEqualTo(0.5);
    }

    @Test
    void shouldLeaveTheSymbolAsItWasWhenThePolicyRejectsASuspectedSplit() {
        ForecastSettings reject = new ForecastSettings(WINDOW, 20, 0.05, SETTINGS.model(), IntervalSettings.defaults(),
                WarmStartPolicy.defaults(), new QualitySettings(SplitPolicy.REJECT, 4, 8, 6, 12));
        List<Bar> raw = DirtySeries.untoldSplit(clean, clean.get(SPLIT).date(), 2);
        SymbolForecaster f = SymbolForecaster.fresh("AAPL", reject);
        run(f, raw.subList(0, SPLIT));
        SymbolState state = f.state();
        List<Bar> window = List.copyOf(f.window().bars());

        BarStep step = f.onBar(raw.get(SPLIT));

        assertThat(step.outcome()).isEqualTo(BarWindow.Outcome.REJECTED);
        assertThat(step.rejection().kind()).isEqualTo(QualityKind.SUSPECTED_SPLIT);
        assertThat(step.scored()).isNull();
        assertThat(step.prediction()).isNull();
        assertThat(f.state()).isSameAs(state);
        assertThat(f.window().bars()).isEqualTo(window);
    }
}
