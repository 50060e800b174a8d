package io.barcast.backtest;

import io.barcast.bar.Bar;
import io.barcast.forecast.ForecastSettings;
import io.barcast.evaluation.ForecastMetrics;
import io.barcast.forecast.Trainer;
import io.barcast.forecast.TrainingJob;
import io.barcast.model.ModelConfig;
import io.barcast.model.TrainingReport;
import io.barcast.model.TrainingStatus;
import io.barcast.testing.ModelConfigs;
import io.barcast.testing.SyntheticBars;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
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
        // Every retrain trained; the gate may refuse a candidate worse than the serving model on the same bars
        assertThat(result.retrains().get(0).status()).isEqualTo(TrainingStatus.OK);
        assertThat(result.retrains()).allSatisfy(r -> assertThat(r.status()).isIn(TrainingStatus.OK, TrainingStatus.REJECTED_WORSE));
        assertThat(result.predictions()).hasSize(700 - 300);
        // The served forecast keeps the model's skill where there is some: U <= 0.75 and a weight near 1 (it
        // estimates the slope of the realised on the predicted returns, 0.91 here: the model slightly overshoots)
        assertThat(result.meanWeight()).isGreaterThan(0.85);
        assertThat(result.metrics().theilU()).isLessThanOrEqualTo(0.75);
        assertThat(result.metrics().hitRate()).isGreaterThan(0.7);
        // The published intervals are scored against the baselines on every day that has them.
        long withIntervals = result.predictions().stream().filter(p -> !p.intervals().isEmpty()).count();
        assertThat(withIntervals).isPositive();
        assertThat(result.intervals().levels()).extracting(IntervalLevelReport::level).containsExactly(0.8, 0.95);
        for (IntervalLevelReport level : result.intervals().levels()) {
            System.out.printf("level %.2f: days %d, coverage barcast %.3f histSim %.3f ewmaAci %.3f, score ratio %.3f / %.3f%n",
                    level.level(), level.days().size(), level.summary(IntervalMethod.BARCAST).coverage(),
                    level.summary(IntervalMethod.HISTORICAL_SIMULATION).coverage(), level.summary(IntervalMethod.EWMA_ACI).coverage(),
                    level.scoreRatio(IntervalMethod.HISTORICAL_SIMULATION), level.scoreRatio(IntervalMethod.EWMA_ACI));
            assertThat(level.days()).hasSize((int) withIntervals);
        }
    }

    @Test
    void shouldNotLookAhead() {
        List<Bar> bars = SyntheticBars.autoregressive("SYN", 420, 0.8, 0.01, 7);
        List<Bar> alteredFuture = new java.util.ArrayList<>(bars.subList(0, 370));
        // another future, continuing from day 369's close (a jump to another price level would be a suspected split)
        List<Bar> other = SyntheticBars.autoregressive("SYN", 420, -0.5, 0.03, 99);
        double level = bars.get(369).close() / other.get(369).close();
        alteredFuture.addAll(other.subList(370, 420).stream()
                .map(b -> new Bar("SYN", bars.get(alteredFuture.size()).date(), b.open() * level, b.high() * level,
                        b.low() * level, b.close() * level, b.volume()))
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

    /**
     * A good model, then retrains that blow up: every job after the first is trained for real with a learning rate
     * of 1e6 (no clipping, no L2). Each such job must be refused as DIVERGED or STALLED, the first model must go on
     * serving every bar, and no prediction, served or raw, nor any running figure may be NaN or infinite. The
     * predictions must be exactly those of a run in which the first model is never retrained: the failed jobs
     * changed nothing.
     */
    @Test
    void shouldKeepServingTheGoodModelWhenARetrainDivergesAndNeverPredictNaN() {
        List<Bar> bars = SyntheticBars.autoregressive("SYN", 460, 0.8, 0.01, 7);
        ModelConfig good = ModelConfigs.with(SMALL, "model.epochs=10");
        ModelConfig absurd = ModelConfigs.with(good, "model.learning.rate=1e6", "model.dropout=0", "model.l2=0", "model.gradient.clip=0", "model.patience=0");
        Trainer lstm = Trainer.lstm();
        List<ModelConfig> trainedWith = new ArrayList<>();
        Trainer divergingAfterTheFirst = job -> {
            TrainingJob actual = job.version() == 1 ? job
                    : new TrainingJob(job.symbol(), job.version(), job.window(), job.appendedAtSubmit(), job.incumbent(), absurd);
            trainedWith.add(actual.config());
            return lstm.train(actual);
        };

        BacktestResult result = new WalkForwardBacktest(new ForecastSettings(300, 50, 0.05, good), divergingAfterTheFirst)
                .run("SYN", bars, WalkForwardBacktest.Listener.NONE);
        BacktestResult neverRetrained = new WalkForwardBacktest(new ForecastSettings(300, 10_000, 0.05, good))
                .run("SYN", bars, WalkForwardBacktest.Listener.NONE);

        // Jobs at bars 299 (v1, sound), 349, 399 and 449 (v2..v4, absurd).
        assertThat(trainedWith).containsExactly(good, absurd, absurd, absurd);
        List<TrainingReport> retrains = result.retrains();
        assertThat(retrains).extracting(TrainingReport::version).containsExactly(1L, 2L, 3L, 4L);
        assertThat(retrains.get(0).status()).isEqualTo(TrainingStatus.OK);
        assertThat(retrains.subList(1, 4)).allSatisfy(r -> {
            assertThat(r.status()).as(r.toString()).isIn(TrainingStatus.DIVERGED, TrainingStatus.STALLED);
            assertThat(r.reason()).isNotBlank();
        });
        assertThat(retrains).extracting(TrainingReport::status).as("a retrain diverged").contains(TrainingStatus.DIVERGED);

        // The good model served every bar from its promotion on (bar 299) to the last scored one (bar 458).
        List<BacktestPrediction> predictions = result.predictions();
        assertThat(predictions).hasSize(460 - 300);
        assertThat(predictions.get(0).asOf()).isEqualTo(bars.get(299).date());
        assertThat(predictions).allSatisfy(p -> {
            assertThat(p.modelVersion()).isEqualTo(1);
            assertThat(p.trainedThrough()).isEqualTo(bars.get(299).date());
            assertThat(p.predictedClose()).isFinite().isPositive();
            assertThat(p.modelPredictedClose()).isFinite().isPositive();
            assertThat(p.weight()).isBetween(0.0, 1.0);
        });
        for (ForecastMetrics m : List.of(result.metrics(), result.modelMetrics())) {
            assertThat(m.count()).isEqualTo(predictions.size());
            assertThat(m.rmseModel()).isFinite();
            assertThat(m.theilU()).isFinite();
            assertThat(m.hitRate()).isFinite();
        }
        // ... exactly as if it had never been retrained.
        assertThat(predictions).isEqualTo(neverRetrained.predictions());
    }
}
