package io.barcast.forecast;

import io.barcast.bar.Bar;
import io.barcast.model.TrainingReport;
import io.barcast.model.TrainingResult;
import io.barcast.model.TrainingStatus;
import io.barcast.testing.ModelConfigs;
import io.barcast.testing.SyntheticBars;
import io.barcast.window.BarWindow;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The per-symbol cycle on its own: no Kafka, real (tiny) DL4J training. */
class SymbolForecasterTest {

    private static final int WINDOW = 40;
    private static final ForecastSettings SETTINGS = new ForecastSettings(WINDOW, 10, 0.05,
            ModelConfigs.config("model.hidden.size=8", "model.lookback=5", "model.epochs=8"));

    private final List<Bar> bars = SyntheticBars.autoregressive("S", 80, 0.5, 0.01, 3);
    private final SymbolForecaster forecaster = SymbolForecaster.fresh("S", SETTINGS);

    @Test
    void shouldAskForTheFirstTrainingWhenTheWindowIsFullAndPredictAtOnceWithThePromotedModel() {
        for (int i = 0; i < WINDOW - 1; i++) {
            BarStep step = forecaster.onBar(bars.get(i));
            assertThat(step.outcome()).isEqualTo(BarWindow.Outcome.APPENDED);
            assertThat(step.retrain()).isNull();
            assertThat(step.prediction()).isNull();
        }
        BarStep full = forecaster.onBar(bars.get(WINDOW - 1));
        TrainingJob job = full.retrain();
        assertThat(job).isNotNull();
        assertThat(job.version()).isEqualTo(1);
        assertThat(job.window()).hasSize(WINDOW).last().isEqualTo(bars.get(WINDOW - 1));
        assertThat(job.incumbent()).isNull();

        forecaster.trainingStarted(job);
        Handover handover = forecaster.onTrained(job, Trainer.lstm().train(job));

        assertThat(handover.report().status()).isEqualTo(TrainingStatus.OK);
        assertThat(handover.promoted()).isSameAs(forecaster.serving());
        assertThat(handover.prediction().forecast().asOf()).isEqualTo(bars.get(WINDOW - 1).date());
        assertThat(handover.prediction().forecast().modelVersion()).isEqualTo(1);
        assertThat(forecaster.state().pending().asOf()).isEqualTo(bars.get(WINDOW - 1).date());
    }

    @Test
    void shouldHandOutNoSecondJobWhileOneIsInFlight() {
        TrainingJob first = feedUntilJob();
        forecaster.trainingStarted(first);
        for (int i = WINDOW; i < WINDOW + 15; i++) {
            assertThat(forecaster.onBar(bars.get(i)).retrain()).as("bar %d", i).isNull();
        }

        forecaster.onTrained(first, Trainer.lstm().train(first));

        // 16 bars arrived since the first job's window: the next bar asks again, with the next version
        TrainingJob second = forecaster.onBar(bars.get(WINDOW + 15)).retrain();
        assertThat(second).isNotNull();
        assertThat(second.version()).isEqualTo(2);
        assertThat(second.incumbent()).isSameAs(forecaster.serving());
    }

    @Test
    void shouldKeepServingTheGoodModelWhenARetrainDiverges() {
        promoteFirstModel();
        TrainingJob next = null;
        int i = WINDOW;
        while (next == null) {
            next = forecaster.onBar(bars.get(i++)).retrain();
        }
        forecaster.trainingStarted(next);

        Handover handover = forecaster.onTrained(next, new TrainingResult(failed(next, TrainingStatus.DIVERGED), null));

        assertThat(handover.isPromoted()).isFalse();
        assertThat(handover.prediction()).isNull();
        assertThat(handover.report().status()).isEqualTo(TrainingStatus.DIVERGED);
        assertThat(forecaster.serving().metadata().version()).isEqualTo(1);
        BarStep after = forecaster.onBar(bars.get(i));
        assertThat(after.prediction().forecast().modelVersion()).isEqualTo(1);
        assertThat(after.prediction().forecast().predictedClose()).isFinite().isPositive();
        assertThat(after.scored().predictedClose()).isFinite();
    }

    @Test
    void shouldMarkACandidateSupersededWhenANewerModelAlreadyServes() {
        TrainingJob first = promoteFirstModel();

        Handover late = forecaster.onTrained(first, Trainer.lstm().train(first));

        assertThat(late.report().status()).isEqualTo(TrainingStatus.SUPERSEDED);
        assertThat(late.isPromoted()).isFalse();
        assertThat(forecaster.serving().metadata().version()).isEqualTo(1);
    }

    @Test
    void shouldScoreEachPredictionWithTheNextCloseAndRedoItWhenThatBarIsCorrected() {
        promoteFirstModel();
        double predicted = forecaster.state().pending().predictedClose();
        Bar next = bars.get(WINDOW);

        BarStep step = forecaster.onBar(next);

        assertThat(step.scored().asOf()).isEqualTo(bars.get(WINDOW - 1).date());
        assertThat(step.scored().targetDate()).isEqualTo(next.date());
        assertThat(step.scored().predictedClose()).isEqualTo(predicted);
        assertThat(step.scored().actualClose()).isEqualTo(next.close());
        assertThat(step.scored().running().count()).isEqualTo(1);
        assertThat(step.prediction().correction()).isFalse();

        Bar corrected = new Bar("S", next.date(), next.open(), next.high() * 1.02, next.low(), next.close() * 1.01, next.volume());
        BarStep redo = forecaster.onBar(corrected);

        assertThat(redo.outcome()).isEqualTo(BarWindow.Outcome.CORRECTED);
        assertThat(redo.scored().correction()).isTrue();
        assertThat(redo.scored().actualClose()).isEqualTo(corrected.close());
        assertThat(redo.scored().running().count()).isEqualTo(1);
        assertThat(redo.prediction().correction()).isTrue();
        assertThat(redo.prediction().forecast().lastClose()).isEqualTo(corrected.close());
        // the intervals' EWMA took the corrected close, not both closes of that day
        SymbolForecaster fromCorrected = SymbolForecaster.fresh("S", SETTINGS);
        bars.subList(0, WINDOW).forEach(fromCorrected::onBar);
        fromCorrected.onBar(corrected);
        assertThat(forecaster.state().ewma()).isEqualTo(fromCorrected.state().ewma());
    }

    @Test
    void shouldIgnoreARedeliveryAndReportAnOutOfOrderBar() {
        promoteFirstModel();
        forecaster.onBar(bars.get(WINDOW));
        SymbolState before = forecaster.state();

        BarStep duplicate = forecaster.onBar(bars.get(WINDOW));
        BarStep old = forecaster.onBar(bars.get(5));

        assertThat(duplicate.outcome()).isEqualTo(BarWindow.Outcome.DUPLICATE);
        assertThat(old.outcome()).isEqualTo(BarWindow.Outcome.OUT_OF_ORDER);
        assertThat(old.latest()).isEqualTo(bars.get(WINDOW));
        for (BarStep s : List.of(duplicate, old)) {
            assertThat(s.scored()).isNull();
            assertThat(s.prediction()).isNull();
            assertThat(s.retrain()).isNull();
        }
        assertThat(forecaster.state()).isEqualTo(before);
    }

    private TrainingJob feedUntilJob() {
        for (int i = 0; i < WINDOW; i++) {
            TrainingJob job = forecaster.onBar(bars.get(i)).retrain();
            if (job != null) {
                return job;
            }
        }
        throw new AssertionError("no training was asked for");
    }

    private TrainingJob promoteFirstModel() {
        TrainingJob job = feedUntilJob();
        forecaster.trainingStarted(job);
        assertThat(forecaster.onTrained(job, Trainer.lstm().train(job)).isPromoted()).isTrue();
        return job;
    }

    private static TrainingReport failed(TrainingJob job, TrainingStatus status) {
        return new TrainingReport(job.symbol(), job.version(), job.window().get(job.window().size() - 1).date(), status,
                "loss exploded", List.of(1.0, 1e9), List.of(1.0, 1e9), -1, Double.NaN, 1.0, 1.0, 30, 5, 10);
    }
}
