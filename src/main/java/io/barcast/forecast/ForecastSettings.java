package io.barcast.forecast;

import io.barcast.interval.IntervalSettings;
import io.barcast.model.ModelConfig;
import io.barcast.quality.QualitySettings;

/**
 * The rules of one symbol's forecasting cycle, the same for the service, the backtest and the benches.
 *
 * @param windowBars         bars kept in the rolling window; also the bars needed before the first training
 * @param retrainEveryBars   new bars between two trainings
 * @param promotionTolerance a candidate whose validation RMSE exceeds the serving model's on the same bars by more
 *                           than this fraction is rejected
 * @param model              hyperparameters of the LSTM
 * @param intervals          how prediction intervals are built and calibrated
 * @param warmStart          whether retrains may start from the serving model's weights
 * @param quality            the data-quality rules' settings
 */
public record ForecastSettings(int windowBars, int retrainEveryBars, double promotionTolerance, ModelConfig model,
                               IntervalSettings intervals, WarmStartPolicy warmStart, QualitySettings quality) {

    /** With the default data-quality settings. */
    public ForecastSettings(int windowBars, int retrainEveryBars, double promotionTolerance, ModelConfig model,
                            IntervalSettings intervals, WarmStartPolicy warmStart) {
        this(windowBars, retrainEveryBars, promotionTolerance, model, intervals, warmStart, QualitySettings.defaults());
    }

    /** With the default intervals and the default warm-start policy. */
    public ForecastSettings(int windowBars, int retrainEveryBars, double promotionTolerance, ModelConfig model) {
        this(windowBars, retrainEveryBars, promotionTolerance, model, IntervalSettings.defaults());
    }

    /** With the default warm-start policy (the defaults of {@link ForecastKeys#WARM_STARTS}). */
    public ForecastSettings(int windowBars, int retrainEveryBars, double promotionTolerance, ModelConfig model,
                            IntervalSettings intervals) {
        this(windowBars, retrainEveryBars, promotionTolerance, model, intervals, WarmStartPolicy.defaults());
    }

    public ForecastSettings {
        if (windowBars < 2) {
            throw new IllegalArgumentException("window.bars = " + windowBars + " is out of range (>= 2)");
        }
        if (retrainEveryBars < 1) {
            throw new IllegalArgumentException("retrain.every.bars = " + retrainEveryBars + " is out of range (>= 1)");
        }
        if (!(promotionTolerance >= 0) || !Double.isFinite(promotionTolerance)) {
            throw new IllegalArgumentException("promotion.tolerance = " + promotionTolerance + " is out of range (>= 0)");
        }
        if (model == null) {
            throw new IllegalArgumentException("model configuration missing");
        }
        if (intervals == null) {
            throw new IllegalArgumentException("interval settings missing");
        }
        if (warmStart == null) {
            throw new IllegalArgumentException("warm-start policy missing");
        }
        if (quality == null) {
            throw new IllegalArgumentException("data-quality settings missing");
        }
    }

    /** The same settings with another warm-start policy. */
    public ForecastSettings withWarmStart(WarmStartPolicy policy) {
        return new ForecastSettings(windowBars, retrainEveryBars, promotionTolerance, model, intervals, policy, quality);
    }

    /** When a symbol's model is retrained. */
    public RetrainPolicy retrainPolicy() {
        return new RetrainPolicy(windowBars, retrainEveryBars);
    }
}
