package io.barcast.backtest;

import io.barcast.bar.Bar;
import io.barcast.forecast.ForecastSettings;
import io.barcast.forecast.Trainer;
import io.barcast.forecast.TrainingJob;
import io.barcast.model.ModelConfig;
import io.barcast.model.ModelKeys;
import io.barcast.model.TrainingResult;

import java.util.List;
import java.util.Properties;

/**
 * The process's one-off start-up (ND4J loading its native libraries, the JIT compiling the training loops), paid
 * before the walk-forward so that it is not counted in the retrains' training seconds.
 */
public final class JvmWarmUp {

    /** The most epochs of the warm-up's retrain from scratch. */
    static final int EPOCHS = 20;

    private JvmWarmUp() {
    }

    /**
     * Trains once from scratch and twice warm-started on the first window of {@code bars}, the models thrown away:
     * bars the first retrain trains on anyway, before any prediction, so nothing is learnt ahead. Returns its seconds.
     */
    public static double run(List<Bar> bars, ForecastSettings settings, Trainer trainer) {
        long start = System.nanoTime();
        List<Bar> window = bars.subList(0, Math.min(settings.windowBars(), bars.size()));
        Properties p = settings.model().toProperties();
        p.setProperty(ModelKeys.EPOCHS.name(), Integer.toString(Math.min(EPOCHS, settings.model().epochs())));
        ModelConfig cfg = ModelConfig.fromProperties(p);
        TrainingResult cold = trainer.trainOrFail(new TrainingJob("WARMUP", 1, window, window.size(), null, cfg));
        for (int i = 0; i < 2 && cold.trainedModel() != null; i++) {
            trainer.trainOrFail(new TrainingJob("WARMUP", 2 + i, window, window.size(), cold.trainedModel(), cfg, 1));
        }
        return (System.nanoTime() - start) / 1e9;
    }
}
