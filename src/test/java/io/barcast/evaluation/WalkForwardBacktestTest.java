package io.barcast.evaluation;

import io.barcast.bar.Bar;
import io.barcast.model.ModelConfig;
import io.barcast.model.TrainingStatus;
import io.barcast.testing.SyntheticBars;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class WalkForwardBacktestTest {

    private static final ModelConfig SMALL = ModelConfig.defaults().withHiddenSize(16).withLookback(10).withEpochs(30);

    @Test
    void shouldBeatTheNaiveForecastOnAPredictableSeries() {
        List<Bar> bars = SyntheticBars.autoregressive("SYN", 700, 0.8, 0.01, 7);

        BacktestResult result = new WalkForwardBacktest(300, 50, SMALL).run("SYN", bars, WalkForwardBacktest.Listener.NONE);

        System.out.printf("theilU=%.4f rmse=%.4f naive=%.4f hit=%.3f preds=%d retrains=%d train=%.1fs%n",
                result.metrics().theilU(), result.metrics().rmseModel(), result.metrics().rmseNaive(),
                result.metrics().hitRate(), result.predictions().size(), result.retrains().size(), result.trainSecondsTotal());
        assertThat(result.retrains()).allSatisfy(r -> assertThat(r.status()).isEqualTo(TrainingStatus.OK));
        assertThat(result.predictions()).hasSize(700 - 300);
        assertThat(result.metrics().theilU()).isLessThan(0.9);
        assertThat(result.metrics().hitRate()).isGreaterThan(0.6);
    }
}
