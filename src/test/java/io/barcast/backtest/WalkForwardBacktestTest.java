package io.barcast.backtest;

import io.barcast.bar.Bar;
import io.barcast.forecast.ForecastSettings;
import io.barcast.model.ModelConfig;
import io.barcast.model.TrainingStatus;
import io.barcast.testing.ModelConfigs;
import io.barcast.testing.SyntheticBars;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class WalkForwardBacktestTest {

    private static final ModelConfig SMALL = ModelConfigs.config("model.hidden.size=16", "model.lookback=10", "model.epochs=30");

    @Test
    void shouldBeatTheNaiveForecastOnAPredictableSeries() {
        List<Bar> bars = SyntheticBars.autoregressive("SYN", 700, 0.8, 0.01, 7);

        BacktestResult result = new WalkForwardBacktest(new ForecastSettings(300, 50, 0.05, SMALL)).run("SYN", bars, WalkForwardBacktest.Listener.NONE);

        System.out.printf("theilU=%.4f raw=%.4f rmse=%.4f naive=%.4f hit=%.3f weight=%.3f preds=%d retrains=%d train=%.1fs%n",
                result.metrics().theilU(), result.modelMetrics().theilU(), result.metrics().rmseModel(), result.metrics().rmseNaive(),
                result.metrics().hitRate(), result.meanWeight(), result.predictions().size(), result.retrains().size(),
                result.trainSecondsTotal());
        assertThat(result.retrains()).allSatisfy(r -> assertThat(r.status()).isEqualTo(TrainingStatus.OK));
        assertThat(result.predictions()).hasSize(700 - 300);
        // The served forecast keeps the model's skill where there is some: U <= 0.75 and a weight near 1 (it
        // estimates the slope of the realised on the predicted returns, 0.88 here: the model slightly overshoots)
        assertThat(result.meanWeight()).isGreaterThan(0.85);
        assertThat(result.metrics().theilU()).isLessThanOrEqualTo(0.75);
        assertThat(result.metrics().hitRate()).isGreaterThan(0.7);
    }

    @Test
    void shouldNotLookAhead() {
        List<Bar> bars = SyntheticBars.autoregressive("SYN", 420, 0.8, 0.01, 7);
        List<Bar> alteredFuture = new java.util.ArrayList<>(bars.subList(0, 370));
        alteredFuture.addAll(SyntheticBars.autoregressive("SYN", 420, -0.5, 0.03, 99).subList(370, 420).stream()
                .map(b -> new Bar("SYN", bars.get(alteredFuture.size()).date(), b.open(), b.high(), b.low(), b.close(), b.volume()))
                .toList());
        ModelConfig cfg = ModelConfigs.with(SMALL, "model.epochs=5");

        BacktestResult original = new WalkForwardBacktest(new ForecastSettings(300, 25, 0.05, cfg)).run("SYN", bars, WalkForwardBacktest.Listener.NONE);
        BacktestResult altered = new WalkForwardBacktest(new ForecastSettings(300, 25, 0.05, cfg)).run("SYN", alteredFuture, WalkForwardBacktest.Listener.NONE);

        // Every prediction made from bars up to day 369 must be the same whatever happens afterwards.
        List<BacktestPrediction> before = original.predictions().stream().filter(p -> p.asOf().isBefore(bars.get(370).date())).toList();
        List<BacktestPrediction> beforeAltered = altered.predictions().stream().filter(p -> p.asOf().isBefore(bars.get(370).date())).toList();
        assertThat(before).hasSize(71); // asOf = bar 299 .. 369
        for (int i = 0; i < before.size(); i++) {
            assertThat(beforeAltered.get(i).predictedClose()).isEqualTo(before.get(i).predictedClose());
            assertThat(beforeAltered.get(i).modelPredictedClose()).isEqualTo(before.get(i).modelPredictedClose());
            assertThat(beforeAltered.get(i).weight()).isEqualTo(before.get(i).weight());
            assertThat(beforeAltered.get(i).modelVersion()).isEqualTo(before.get(i).modelVersion());
        }
        // The weight was in play (not 0 throughout), so the weight comparison above could have failed.
        assertThat(before).anySatisfy(p -> assertThat(p.weight()).isPositive());
        // ... and later ones differ, so the comparison above could have failed.
        assertThat(altered.predictions().get(altered.predictions().size() - 1).predictedClose())
                .isNotEqualTo(original.predictions().get(original.predictions().size() - 1).predictedClose());
    }

    @Test
    void shouldNeverPredictNaNWithAnAbsurdLearningRate() {
        List<Bar> bars = SyntheticBars.autoregressive("SYN", 400, 0.8, 0.01, 7);
        ModelConfig absurd = ModelConfigs.with(SMALL, "model.learning.rate=1e6", "model.dropout=0", "model.l2=0", "model.gradient.clip=0", "model.epochs=5", "model.patience=0");

        BacktestResult result = new WalkForwardBacktest(new ForecastSettings(300, 50, 0.05, absurd)).run("SYN", bars, WalkForwardBacktest.Listener.NONE);

        assertThat(result.retrains()).isNotEmpty().allSatisfy(r ->
                assertThat(r.status()).isIn(TrainingStatus.DIVERGED, TrainingStatus.STALLED));
        assertThat(result.failedRetrains()).isEqualTo(result.retrains().size());
        assertThat(result.predictions()).allSatisfy(p -> assertThat(p.predictedClose()).isFinite());
    }
}
