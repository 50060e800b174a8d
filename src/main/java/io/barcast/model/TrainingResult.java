package io.barcast.model;

import java.util.Optional;

/** A training report and, when the status is {@link TrainingStatus#OK}, the trained model. */
public record TrainingResult(TrainingReport report, LstmModel trainedModel) {

    public Optional<LstmModel> model() {
        return Optional.ofNullable(trainedModel);
    }

    public boolean ok() {
        return report.status() == TrainingStatus.OK && trainedModel != null;
    }
}
