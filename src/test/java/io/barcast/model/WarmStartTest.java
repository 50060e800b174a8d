package io.barcast.model;

import io.barcast.bar.Bar;
import io.barcast.feature.WindowDataset;
import io.barcast.forecast.SymbolState;
import io.barcast.forecast.WarmStartPolicy;
import io.barcast.testing.ModelConfigs;
import io.barcast.testing.SyntheticBars;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A retrain that starts from the serving model's weights ({@code model.warm.start}), at the trainer's level. */
class WarmStartTest {

    private static final ModelConfig TINY = ModelConfigs.config("model.hidden.size=8", "model.lookback=5", "model.epochs=8");

    private final List<Bar> bars = SyntheticBars.autoregressive("W", 240, 0.6, 0.01, 17);
    private final ModelTrainer trainer = new ModelTrainer();
    /** The serving model: trained on the first 200 bars. */
    private final LstmModel incumbent = trainer.train("W", bars.subList(0, 200), TINY, 1).trainedModel();
    /** The next retrain's window: 20 bars later. */
    private final List<Bar> window = bars.subList(20, 220);

    @Test
    void shouldStartFromACopyOfTheServingModelsWeightsAndNormaliser() {
        WindowDataset data = WindowDataset.build(window, TINY.features(), TINY.lookback(), TINY.validationFraction(),
                incumbent.normaliser());

        TrainingLoop warm = new TrainingLoop(TINY, data, incumbent);
        TrainingLoop cold = new TrainingLoop(TINY, data);

        float[] served = incumbent.network().params().toFloatVector();
        assertThat(warm.weights()).containsExactly(served);
        assertThat(cold.weights()).hasSameSizeAs(served).isNotEqualTo(served);
        // Before any epoch the warm network predicts what the serving model predicts
        float[] fromLoop = warm.output(data.xVal(), data.valCount());
        float[] fromServing = incumbent.predictNormalised(data.xVal(), data.valCount());
        for (int i = 0; i < fromLoop.length; i++) {
            assertThat(fromLoop[i]).isCloseTo(fromServing[i], org.assertj.core.api.Assertions.within(1e-5f));
        }
    }

    @Test
    void shouldBeginFarBelowAColdStartsFirstValidationLoss() {
        List<Double> warmLoss = new ArrayList<>();
        List<Double> coldLoss = new ArrayList<>();

        TrainingResult warm = trainer.train("W", window, TINY, 2, incumbent, 8, (e, t, v) -> warmLoss.add(v));
        TrainingResult cold = trainer.train("W", window, TINY, 2, incumbent, 0, (e, t, v) -> coldLoss.add(v));

        System.out.printf("first-epoch validation loss: warm %.4f, cold %.4f; best: warm %.4f, cold %.4f%n",
                warmLoss.get(0), coldLoss.get(0), warm.report().finalValLoss(), cold.report().finalValLoss());
        assertThat(warm.report().warmStart()).isTrue();
        assertThat(cold.report().warmStart()).isFalse();
        assertThat(warmLoss.get(0)).isLessThan(coldLoss.get(0) - 0.1);
        assertThat(warm.report().status()).isEqualTo(TrainingStatus.OK);
        assertThat(warm.trainedModel().normaliser()).isEqualTo(incumbent.normaliser());
        assertThat(cold.trainedModel().normaliser()).isNotEqualTo(incumbent.normaliser());
    }

    @Test
    void shouldRunAtMostTheWarmEpochsAndLeaveTheServingModelUntouched() {
        byte[] before = ModelSnapshot.toBytes(incumbent);
        Forecast served = incumbent.forecast(window);
        ModelConfig noEarlyStop = ModelConfigs.with(TINY, "model.patience=0");

        TrainingResult warm = trainer.train("W", window, noEarlyStop, 2, incumbent, 3, ModelTrainer.EpochListener.NONE);

        assertThat(warm.report().epochs()).isEqualTo(3);
        assertThat(warm.trainedModel().metadata().epochsRun()).isEqualTo(3);
        assertThat(warm.trainedModel().metadata().config()).isEqualTo(noEarlyStop);
        assertThat(ModelSnapshot.toBytes(incumbent)).isEqualTo(before);
        assertThat(incumbent.forecast(window)).isEqualTo(served);
        assertThat(warm.trainedModel().forecast(window).predictedClose()).isNotEqualTo(served.predictedClose());
        // Early stopping still applies within the warm epochs
        TrainingResult patient = trainer.train("W", window, ModelConfigs.with(TINY, "model.patience=1"), 2, incumbent, 8,
                ModelTrainer.EpochListener.NONE);
        assertThat(patient.report().epochs()).isBetween(1, 8);
    }

    @Test
    void shouldKeepTheServingModelsWeightsWhenNoWarmEpochBeatsThem() {
        // Epochs at a learning rate this high only make the validation loss worse than the start's
        ModelConfig reckless = ModelConfigs.with(TINY, "model.learning.rate=5", "model.patience=0");
        Forecast served = incumbent.forecast(window);

        TrainingResult warm = trainer.train("W", window, reckless, 2, incumbent, 3, ModelTrainer.EpochListener.NONE);

        assertThat(warm.report().status()).isEqualTo(TrainingStatus.OK);
        assertThat(warm.report().epochs()).isEqualTo(3);
        assertThat(warm.report().bestEpoch()).isEqualTo(-1);
        assertThat(warm.trainedModel().network().params().toFloatVector())
                .containsExactly(incumbent.network().params().toFloatVector());
        assertThat(warm.trainedModel().forecast(window).predictedClose()).isEqualTo(served.predictedClose());
        assertThat(warm.trainedModel().metadata().valLoss()).isFinite().isLessThan(warm.report().valLoss().get(0));
        // A cold retrain at that rate keeps its best epoch, as always
        TrainingResult cold = trainer.train("W", window, reckless, 2, incumbent, 0, ModelTrainer.EpochListener.NONE);
        assertThat(cold.report().bestEpoch()).isBetween(0, reckless.epochs() - 1);
    }

    @Test
    void shouldGiveIdenticalResultsForTheSameDataAndSeed() {
        TrainingResult a = trainer.train("W", window, TINY, 2, incumbent, 4, ModelTrainer.EpochListener.NONE);
        TrainingResult b = trainer.train("W", window, TINY, 2, ModelSnapshot.fromBytes(ModelSnapshot.toBytes(incumbent)), 4,
                ModelTrainer.EpochListener.NONE);

        assertThat(a.report().trainLoss()).isEqualTo(b.report().trainLoss());
        assertThat(a.report().valLoss()).isEqualTo(b.report().valLoss());
        assertThat(a.trainedModel().forecast(window)).isEqualTo(b.trainedModel().forecast(window));
    }

    @Test
    void shouldRefuseToStartFromAModelOfAnotherShapeOrWithoutTheVarianceOutput() {
        ModelConfig wider = ModelConfigs.with(TINY, "model.hidden.size=16");
        assertThatThrownBy(() -> trainer.train("W", window, wider, 2, incumbent, 4, ModelTrainer.EpochListener.NONE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("weights");
        LstmModel legacy = new LstmModel(LstmNetworks.build(TINY, TINY.features().width(), LstmNetworks.LEGACY_OUTPUTS),
                incumbent.normaliser(), incumbent.metadata());
        assertThatThrownBy(() -> trainer.train("W", window, TINY, 2, legacy, 4, ModelTrainer.EpochListener.NONE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no variance output");
        assertThatThrownBy(() -> trainer.train("W", window, TINY, 2, null, 4, ModelTrainer.EpochListener.NONE))
                .isInstanceOf(IllegalArgumentException.class);

        // The policy never asks for either: it trains those from scratch
        WarmStartPolicy on = new WarmStartPolicy(true, 4, 10);
        SymbolState state = SymbolState.initial();
        assertThat(on.warmEpochs(incumbent, TINY, state)).isEqualTo(4);
        assertThat(on.warmEpochs(incumbent, wider, state)).isZero();
        assertThat(on.coldReason(legacy, TINY, state)).contains("variance");
        assertThat(on.warmEpochs(null, TINY, state)).isZero();
        assertThat(on.warmEpochs(incumbent, ModelConfigs.with(TINY, "model.epochs=2"), state)).isZero(); // another config
        assertThat(new WarmStartPolicy(true, 20, 10).warmEpochs(incumbent, TINY, state)).isEqualTo(TINY.epochs());
    }
}
