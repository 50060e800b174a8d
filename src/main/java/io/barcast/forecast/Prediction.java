package io.barcast.forecast;

import io.barcast.model.Forecast;
import io.barcast.model.ModelMetadata;

/**
 * A prediction to publish: the forecast, the model that made it, and whether it replaces an earlier
 * prediction from the same (corrected) bar.
 */
public record Prediction(Forecast forecast, ModelMetadata model, boolean correction) {
}
