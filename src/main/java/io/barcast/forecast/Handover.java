package io.barcast.forecast;

import io.barcast.model.LstmModel;
import io.barcast.model.TrainingReport;

/**
 * A finished training job after the promotion gate.
 *
 * @param report     the training report, its status set by the gate ({@code SUPERSEDED}, {@code REJECTED_WORSE})
 * @param promoted   the model that now serves, or null when the candidate was not promoted
 * @param prediction a prediction from the latest bar by the newly promoted model, when none was made from that bar yet
 * @param predictionFailure why the promoted model could not make that prediction, or null
 */
public record Handover(TrainingReport report, LstmModel promoted, Prediction prediction, String predictionFailure) {

    public boolean isPromoted() {
        return promoted != null;
    }
}
