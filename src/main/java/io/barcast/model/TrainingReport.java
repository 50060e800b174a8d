package io.barcast.model;

import io.barcast.evaluation.ReturnFit;

import java.time.LocalDate;
import java.util.List;

/**
 * What one training run did, whatever its outcome.
 *
 * @param symbol          the symbol
 * @param version         version the model would get
 * @param windowEnd       last bar date in the training window
 * @param status          outcome
 * @param reason          human-readable reason when the status is not OK, else null
 * @param trainLoss       training loss ({@link MeanVarianceLoss} on normalised returns, plus L2) of every epoch run
 * @param valLoss         validation loss ({@link MeanVarianceLoss} on normalised returns) of every epoch run
 * @param bestEpoch       index of the epoch whose weights were kept (-1 when none: not trained, or a warm start that
 *                        kept its starting weights)
 * @param valRmseModel    validation RMSE of predicted close (NaN when not trained)
 * @param valRmseNaive    validation RMSE of the naive forecast on the same bars
 * @param incumbentValRmse validation RMSE of the serving model on the same bars (NaN when there is none)
 * @param trainSamples    training samples
 * @param valSamples      validation samples
 * @param durationMillis  wall time of the run
 * @param validationFit   the model's predicted vs realised log returns on the validation samples ({@link ReturnFit#EMPTY}
 *                        when not trained)
 * @param warmStart       whether the run started from the serving model's weights (else from fresh ones)
 */
public record TrainingReport(String symbol, long version, LocalDate windowEnd, TrainingStatus status, String reason,
                             List<Double> trainLoss, List<Double> valLoss, int bestEpoch,
                             double valRmseModel, double valRmseNaive, double incumbentValRmse,
                             int trainSamples, int valSamples, long durationMillis, ReturnFit validationFit,
                             boolean warmStart) {

    public TrainingReport {
        trainLoss = List.copyOf(trainLoss);
        valLoss = List.copyOf(valLoss);
        validationFit = validationFit == null ? ReturnFit.EMPTY : validationFit;
    }

    /** A report of a cold (from scratch) run. */
    public TrainingReport(String symbol, long version, LocalDate windowEnd, TrainingStatus status, String reason,
                          List<Double> trainLoss, List<Double> valLoss, int bestEpoch, double valRmseModel,
                          double valRmseNaive, double incumbentValRmse, int trainSamples, int valSamples, long durationMillis,
                          ReturnFit validationFit) {
        this(symbol, version, windowEnd, status, reason, trainLoss, valLoss, bestEpoch, valRmseModel, valRmseNaive,
                incumbentValRmse, trainSamples, valSamples, durationMillis, validationFit, false);
    }

    /** A report of a cold run without a validation fit (a run that did not train). */
    public TrainingReport(String symbol, long version, LocalDate windowEnd, TrainingStatus status, String reason,
                          List<Double> trainLoss, List<Double> valLoss, int bestEpoch, double valRmseModel,
                          double valRmseNaive, double incumbentValRmse, int trainSamples, int valSamples, long durationMillis) {
        this(symbol, version, windowEnd, status, reason, trainLoss, valLoss, bestEpoch, valRmseModel, valRmseNaive,
                incumbentValRmse, trainSamples, valSamples, durationMillis, ReturnFit.EMPTY, false);
    }

    public TrainingReport withStatus(TrainingStatus newStatus, String newReason) {
        return new TrainingReport(symbol, version, windowEnd, newStatus, newReason, trainLoss, valLoss, bestEpoch,
                valRmseModel, valRmseNaive, incumbentValRmse, trainSamples, valSamples, durationMillis, validationFit, warmStart);
    }

    /** The naive forecast as a challenger: whether the model's validation RMSE is below the naive forecast's. */
    public boolean beatsNaive() {
        return valRmseModel < valRmseNaive;
    }

    /** Epochs run (a warm start runs at most {@code model.warm.epochs}, a cold one {@code model.epochs}). */
    public int epochs() {
        return trainLoss.size();
    }

    public double finalTrainLoss() {
        return bestEpoch >= 0 && bestEpoch < trainLoss.size() ? trainLoss.get(bestEpoch) : Double.NaN;
    }

    public double finalValLoss() {
        return bestEpoch >= 0 && bestEpoch < valLoss.size() ? valLoss.get(bestEpoch) : Double.NaN;
    }

    public double valTheilU() {
        return valRmseNaive > 0 ? valRmseModel / valRmseNaive : Double.NaN;
    }
}
