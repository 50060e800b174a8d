package io.barcast.model;

import java.time.Instant;
import java.time.LocalDate;

/**
 * What is known about a trained model: its lineage (symbol, version, last bar trained on) and how
 * well it did on its chronological validation set, next to the naive forecast on the same bars.
 */
public record ModelMetadata(String symbol, long version, LocalDate trainedThrough, Instant trainedAt,
                            ModelConfig config, double trainLoss, double valLoss,
                            double valRmseModel, double valRmseNaive, int epochsRun,
                            int trainSamples, int valSamples) {

    /** Validation Theil's U: RMSE of the model over RMSE of the naive forecast (below 1 beats naive). */
    public double valTheilU() {
        return valRmseNaive > 0 ? valRmseModel / valRmseNaive : Double.NaN;
    }
}
