package io.barcast.model;

import java.util.Optional;

/**
 * A training report and, when the status is {@link TrainingStatus#OK}, the trained model and its predictions on
 * the validation samples ({@link ValidationSamples#NONE} otherwise).
 */
public record TrainingResult(TrainingReport report, LstmModel trainedModel, ValidationSamples validation) {

    public TrainingResult {
        validation = validation == null ? ValidationSamples.NONE : validation;
    }

    /** Without validation samples. */
    public TrainingResult(TrainingReport report, LstmModel trainedModel) {
        this(report, trainedModel, ValidationSamples.NONE);
    }

    public Optional<LstmModel> model() {
        return Optional.ofNullable(trainedModel);
    }

    public boolean ok() {
        return report.status() == TrainingStatus.OK && trainedModel != null;
    }
}
