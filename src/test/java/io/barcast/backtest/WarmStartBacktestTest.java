package io.barcast.backtest;

import io.barcast.bar.Bar;
import io.barcast.forecast.ForecastSettings;
import io.barcast.forecast.WarmStartPolicy;
import io.barcast.model.ModelConfig;
import io.barcast.model.ModelTrainer;
import io.barcast.model.TrainingReport;
import io.barcast.testing.ModelConfigs;
import io.barcast.testing.SyntheticBars;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The backtest with warm-started retrains against the same backtest from scratch, on a short synthetic series. It
 * asserts the work (epochs), not its time: the speed and accuracy targets are measured on the bundled series by the
 * benchmarks.
 */
class WarmStartBacktestTest {

    private static final ModelConfig TINY = ModelConfigs.config("model.hidden.size=8", "model.lookback=5", "model.epochs=8");

    @Test
    void shouldTrainFarFewerEpochsWarmAndForecastAboutAsWell() {
        List<Bar> bars = SyntheticBars.autoregressive("SYN", 400, 0.5, 0.01, 21);
        ForecastSettings cold = new ForecastSettings(200, 20, 0.05, TINY).withWarmStart(WarmStartPolicy.off());
        ForecastSettings warm = cold.withWarmStart(new WarmStartPolicy(true, 2, 10));

        // DL4J's first training in a JVM pays for its set-up: not to be charged to whichever backtest runs first
        new ModelTrainer().train("SYN", bars.subList(0, 200), ModelConfigs.with(TINY, "model.epochs=2"), 1);

        BacktestResult c = new WalkForwardBacktest(cold).run("SYN", bars, WalkForwardBacktest.Listener.NONE);
        BacktestResult w = new WalkForwardBacktest(warm).run("SYN", bars, WalkForwardBacktest.Listener.NONE);

        int coldEpochs = epochs(c);
        int warmEpochs = epochs(w);
        System.out.printf(Locale.ROOT, "cold: %d retrains, %d epochs, %.2f s training, Theil's U served %.4f raw %.4f%n",
                c.retrains().size(), coldEpochs, c.trainSecondsTotal(), c.metrics().theilU(), c.modelMetrics().theilU());
        System.out.printf(Locale.ROOT, "warm: %d retrains (%d warm), %d epochs, %.2f s training, Theil's U served %.4f raw %.4f%n",
                w.retrains().size(), w.warmRetrains(), warmEpochs, w.trainSecondsTotal(), w.metrics().theilU(),
                w.modelMetrics().theilU());
        for (int i = 0; i < w.retrains().size(); i++) {
            TrainingReport r = w.retrains().get(i);
            TrainingReport s = c.retrains().get(i);
            System.out.printf(Locale.ROOT, "  v%d %s %s %d epochs %d ms (from scratch: %s %d epochs %d ms)%n", r.version(),
                    r.warmStart() ? "warm" : "cold", r.status(), r.epochs(), r.durationMillis(), s.status(), s.epochs(),
                    s.durationMillis());
        }

        assertThat(c.warmRetrains()).isZero();
        assertThat(w.retrains()).hasSameSizeAs(c.retrains());
        assertThat(w.predictions()).hasSameSizeAs(c.predictions());
        assertThat(w.warmRetrains()).isPositive();
        assertThat(warmEpochs).isLessThan(coldEpochs / 2);
        // each warm retrain trains fewer epochs than its twin from scratch; time is left to the benchmarks (BENCHMARKS.md
        // "Backtests: warm against cold"): on a model this small a retrain's fixed cost and the JIT's state outweigh it
        for (int i = 0; i < w.retrains().size(); i++) {
            TrainingReport r = w.retrains().get(i);
            if (r.warmStart()) {
                assertThat(r.epochs()).as("v%d warm", r.version()).isLessThan(c.retrains().get(i).epochs());
            }
        }
        assertThat(w.modelMetrics().theilU()).isCloseTo(c.modelMetrics().theilU(), within(0.05));
        assertThat(w.metrics().theilU()).isCloseTo(c.metrics().theilU(), within(0.05));
    }

    private static int epochs(BacktestResult r) {
        return r.retrains().stream().mapToInt(TrainingReport::epochs).sum();
    }
}
