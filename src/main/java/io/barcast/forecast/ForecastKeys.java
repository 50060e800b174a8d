package io.barcast.forecast;

import io.barcast.config.Key;

import java.util.List;

/** The keys of the per-symbol cycle ({@link ForecastSettings}): window, retraining, promotion, warm starts. */
public final class ForecastKeys {

    public static final Key<Integer> WINDOW_BARS = Key.integer("window.bars", 500, 2, Integer.MAX_VALUE);
    public static final Key<Integer> RETRAIN_EVERY_BARS = Key.integer("retrain.every.bars", 20, 1, Integer.MAX_VALUE);
    public static final Key<Double> PROMOTION_TOLERANCE = Key.number("promotion.tolerance", 0.05, v -> v >= 0, ">= 0");
    // warm starts: how retrains run, not hyperparameters of a model (so not in ModelConfig)
    public static final Key<Boolean> WARM_START = Key.flag("model.warm.start", true);
    public static final Key<Integer> WARM_EPOCHS = Key.integer("model.warm.epochs", 1, 1, Integer.MAX_VALUE);
    public static final Key<Integer> COLD_EVERY = Key.integer("model.cold.every", 20, 1, Integer.MAX_VALUE);

    public static final List<Key<?>> WARM_STARTS = List.of(WARM_START, WARM_EPOCHS, COLD_EVERY);

    private ForecastKeys() {
    }
}
