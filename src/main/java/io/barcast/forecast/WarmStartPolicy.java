package io.barcast.forecast;

import io.barcast.config.ConfigReader;
import io.barcast.model.LstmModel;
import io.barcast.model.ModelConfig;

/**
 * Whether a symbol's next retrain starts from the serving model's weights (warm) or from fresh ones (cold), the same
 * for the service and the backtest. A warm retrain copies the serving model's weights (the serving model is never
 * changed), keeps its normaliser, starts a fresh Adam optimiser and runs at most {@link #epochs} epochs with the usual
 * early stopping ({@link io.barcast.model.ModelTrainer}).
 *
 * <p>A retrain is cold ({@link #coldReason} says why) when warm starts are off; when no model serves; when the serving
 * model has no variance output or was trained with another configuration than the job's; when the symbol's previous
 * retrain gave no serving model (it failed, or the promotion gate refused it), to leave a bad basin at once; and after
 * {@code coldEvery - 1} warm retrains in a row, so that no model drifts in one basin forever. The count and the refused
 * flag live in {@link SymbolState}, so they survive restarts.
 *
 * @param enabled   {@code model.warm.start}
 * @param epochs    {@code model.warm.epochs}: most epochs of a warm retrain (and never more than {@code model.epochs})
 * @param coldEvery {@code model.cold.every}: every this many retrains of a symbol one is cold (1: all are)
 */
public record WarmStartPolicy(boolean enabled, int epochs, int coldEvery) {

    public WarmStartPolicy {
        ForecastKeys.WARM_EPOCHS.check(epochs);
        ForecastKeys.COLD_EVERY.check(coldEvery);
    }

    /** The defaults of the keys. */
    public static WarmStartPolicy defaults() {
        return from(ConfigReader.defaults());
    }

    /** Every retrain from scratch. */
    public static WarmStartPolicy off() {
        return new WarmStartPolicy(false, ForecastKeys.WARM_EPOCHS.defaultValue(), ForecastKeys.COLD_EVERY.defaultValue());
    }

    /** Reads {@code model.warm.start}, {@code model.warm.epochs} and {@code model.cold.every}. */
    public static WarmStartPolicy from(ConfigReader c) {
        return new WarmStartPolicy(c.get(ForecastKeys.WARM_START), c.get(ForecastKeys.WARM_EPOCHS), c.get(ForecastKeys.COLD_EVERY));
    }

    /**
     * Epochs the next retrain may start warm with, or 0 when it must be cold.
     *
     * @param serving the model serving now, or null
     * @param cfg     the job's configuration
     * @param state   the symbol's state (warm retrains since the last cold one, whether the last was refused)
     */
    public int warmEpochs(LstmModel serving, ModelConfig cfg, SymbolState state) {
        return coldReason(serving, cfg, state) == null ? Math.min(epochs, cfg.epochs()) : 0;
    }

    /** Why the next retrain must start from scratch, or null when it may start from the serving model's weights. */
    public String coldReason(LstmModel serving, ModelConfig cfg, SymbolState state) {
        if (!enabled) {
            return "warm starts are off";
        }
        if (serving == null) {
            return "no model serves";
        }
        if (!serving.predictsVolatility()) {
            return "the serving model has no variance output";
        }
        if (!serving.metadata().config().equals(cfg)) {
            return "the serving model was trained with another configuration";
        }
        if (state.coldDue()) {
            return "the previous retrain failed or was refused";
        }
        if (state.warmRetrains() >= coldEvery - 1) {
            return state.warmRetrains() + " warm retrain(s) since the last from scratch (model.cold.every = " + coldEvery + ")";
        }
        return null;
    }
}
