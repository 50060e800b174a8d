package io.barcast.model;

import io.barcast.bar.Bar;
import io.barcast.testing.ModelConfigs;
import io.barcast.testing.SyntheticBars;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ModelTrainerTest {

    static final ModelConfig SMALL = ModelConfigs.config("model.hidden.size=16", "model.lookback=10", "model.epochs=25");

    private final List<Bar> window = SyntheticBars.autoregressive("T", 300, 0.8, 0.01, 11);
    private final ModelTrainer trainer = new ModelTrainer();

    @Test
    void shouldTrainAModelThatBeatsNaiveOnValidation() {
        TrainingResult result = trainer.train("T", window, SMALL, 1);

        TrainingReport r = result.report();
        assertThat(r.status()).isEqualTo(TrainingStatus.OK);
        assertThat(result.model()).isPresent();
        assertThat(r.trainLoss()).hasSameSizeAs(r.valLoss()).isNotEmpty();
        assertThat(r.trainLoss().get(r.trainLoss().size() - 1)).isLessThan(r.trainLoss().get(0));
        assertThat(r.valTheilU()).isLessThan(0.9);
        assertThat(r.windowEnd()).isEqualTo(window.get(299).date());
        ModelMetadata meta = result.trainedModel().metadata();
        assertThat(meta.trainedThrough()).isEqualTo(window.get(299).date());
        assertThat(meta.version()).isEqualTo(1);
        assertThat(meta.valTheilU()).isEqualTo(r.valTheilU());
    }

    @Test
    void shouldGiveIdenticalResultsForTheSameDataAndSeed() {
        TrainingResult a = trainer.train("T", window, ModelConfigs.with(SMALL, "model.epochs=5"), 1);
        TrainingResult b = trainer.train("T", window, ModelConfigs.with(SMALL, "model.epochs=5"), 1);
        TrainingResult c = trainer.train("T", window, ModelConfigs.with(SMALL, "model.epochs=5", "model.seed=7"), 1);

        assertThat(a.report().trainLoss()).isEqualTo(b.report().trainLoss());
        Forecast fa = a.trainedModel().forecast(window);
        Forecast fb = b.trainedModel().forecast(window);
        assertThat(fa.predictedClose()).isEqualTo(fb.predictedClose());
        assertThat(c.trainedModel().forecast(window).predictedClose()).isNotEqualTo(fa.predictedClose());
    }

    @Test
    void shouldTrainTheSameModelWhicheverWayTheLstmsPassesAreComputed() {
        ModelConfig cfg = ModelConfigs.with(SMALL, "model.epochs=6", "model.patience=0");
        TrainingResult java = new ModelTrainer(LstmRoute.JAVA).train("T", window, cfg, 1);
        TrainingResult builtin = new ModelTrainer(LstmRoute.BUILTIN).train("T", window, cfg, 1);

        assertThat(java.report().status()).isEqualTo(TrainingStatus.OK);
        assertThat(java.report().trainLoss()).hasSize(6);
        for (int e = 0; e < 6; e++) {
            assertThat(java.report().trainLoss().get(e)).as("training loss of epoch %d", e + 1)
                    .isCloseTo(builtin.report().trainLoss().get(e), org.assertj.core.data.Percentage.withPercentage(0.01));
            assertThat(java.report().valLoss().get(e)).as("validation loss of epoch %d", e + 1)
                    .isCloseTo(builtin.report().valLoss().get(e), org.assertj.core.data.Percentage.withPercentage(0.01));
        }
        assertThat(java.trainedModel().forecast(window).predictedClose())
                .isCloseTo(builtin.trainedModel().forecast(window).predictedClose(), org.assertj.core.data.Percentage.withPercentage(0.001));
    }

    @Test
    void shouldTrainOnDl4jsOwnLayerWhereTheJavaOneHasNoEquivalent() {
        ModelConfig dropout = ModelConfigs.with(SMALL, "model.dropout=0.2", "model.epochs=2");
        assertThat(LstmRoute.JAVA.forTraining(SMALL)).isEqualTo(LstmRoute.JAVA); // the tests run with the Vector API
        assertThat(LstmRoute.JAVA.forTraining(dropout)).isEqualTo(LstmRoute.BUILTIN);
        assertThat(LstmRoute.BUILTIN.forTraining(SMALL)).isEqualTo(LstmRoute.BUILTIN);
        assertThat(LstmRoute.JAVA.fallbackReason(SMALL)).isEmpty();
        assertThat(LstmRoute.JAVA.fallbackReason(dropout)).contains("no dropout", "model.dropout=0.2");
        assertThat(LstmRoute.BUILTIN.fallbackReason(dropout)).isEmpty();
        assertThat(new ModelTrainer(LstmRoute.JAVA).train("T", window, dropout, 1).report().status()).isEqualTo(TrainingStatus.OK);
    }

    @Test
    void shouldReportAnAbsurdLearningRateInsteadOfReturningABrokenModel() {
        ModelConfig absurd = ModelConfigs.with(SMALL, "model.learning.rate=1e6", "model.dropout=0", "model.l2=0", "model.gradient.clip=0", "model.epochs=10", "model.patience=0");

        TrainingResult result = trainer.train("T", window, absurd, 1);

        assertThat(result.report().status()).isIn(TrainingStatus.DIVERGED, TrainingStatus.STALLED);
        assertThat(result.report().reason()).isNotBlank();
        assertThat(result.model()).isEmpty();
    }

    @Test
    void shouldReportTooShortAWindow() {
        TrainingResult result = trainer.train("T", window.subList(0, 12), SMALL, 1);
        assertThat(result.report().status()).isEqualTo(TrainingStatus.INSUFFICIENT_DATA);
        assertThat(result.model()).isEmpty();
    }

    @Test
    void shouldBatchPredictionsExactlyLikeSinglePredictions() {
        LstmModel model = trainer.train("T", window, ModelConfigs.with(SMALL, "model.epochs=3"), 1).trainedModel();
        List<List<Bar>> histories = List.of(window.subList(0, 100), window.subList(0, 200), window);
        List<Forecast> batch = model.forecastBatch(histories);
        for (int i = 0; i < histories.size(); i++) {
            assertThat(batch.get(i)).isEqualTo(model.forecast(histories.get(i)));
        }
    }

    /**
     * The promotion gate compares the candidate with the serving model on the candidate's own validation bars: the
     * incumbent's figure must be its RMSE over exactly those bars, computed here independently (each of the last
     * {@code valSamples} closes of the new window, predicted from the bars before it), and not the figure stored with
     * the incumbent (its RMSE on its own, older validation bars).
     */
    @Test
    void shouldEvaluateTheServingModelOnTheSameValidationBars() {
        LstmModel incumbent = trainer.train("T", window.subList(0, 250), ModelConfigs.with(SMALL, "model.epochs=5"), 1).trainedModel();
        TrainingResult next = trainer.train("T", window, ModelConfigs.with(SMALL, "model.epochs=5"), 2, incumbent, ModelTrainer.EpochListener.NONE);

        TrainingReport r = next.report();
        int valSamples = r.valSamples();
        assertThat(valSamples).isPositive();
        double squares = 0;
        for (int k = window.size() - valSamples; k < window.size(); k++) {
            double error = incumbent.forecast(window.subList(0, k)).predictedClose() - window.get(k).close();
            squares += error * error;
        }
        double expected = Math.sqrt(squares / valSamples);
        assertThat(r.incumbentValRmse()).isCloseTo(expected, org.assertj.core.api.Assertions.within(1e-9 * expected));
        // The stored figure is another number, so returning it instead would fail the check above.
        assertThat(incumbent.metadata().valRmseModel()).isNotCloseTo(expected, org.assertj.core.api.Assertions.withinPercentage(1));
        // The candidate's own figure is over the same bars: the naive forecast's RMSE on them agrees.
        double naiveSquares = 0;
        for (int k = window.size() - valSamples; k < window.size(); k++) {
            double error = window.get(k - 1).close() - window.get(k).close();
            naiveSquares += error * error;
        }
        assertThat(r.valRmseNaive()).isCloseTo(Math.sqrt(naiveSquares / valSamples),
                org.assertj.core.api.Assertions.within(1e-12));
    }
}
