package io.barcast.model;

import io.barcast.bar.Bar;
import io.barcast.testing.ModelConfigs;
import io.barcast.testing.SyntheticBars;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModelSnapshotTest {

    @Test
    void shouldRoundTripToIdenticalPredictionsAndMetadata() {
        List<Bar> bars = SyntheticBars.autoregressive("S", 200, 0.5, 0.01, 5);
        LstmModel model = new ModelTrainer().train("S", bars, ModelConfigs.with(ModelTrainerTest.SMALL, "model.epochs=3"), 4).trainedModel();

        byte[] bytes = ModelSnapshot.toBytes(model);
        LstmModel back = ModelSnapshot.fromBytes(bytes);

        assertThat(back.metadata()).isEqualTo(model.metadata());
        assertThat(back.normaliser()).isEqualTo(model.normaliser());
        for (int end = 50; end <= 200; end += 25) {
            assertThat(back.forecast(bars.subList(0, end))).isEqualTo(model.forecast(bars.subList(0, end)));
        }
        assertThat(ModelSnapshot.toBytes(back)).isEqualTo(bytes);
    }

    @Test
    void shouldRejectBytesThatAreNotASnapshot() {
        assertThatThrownBy(() -> ModelSnapshot.fromBytes(new byte[]{1, 2, 3, 4, 5, 6, 7, 8}))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
