package io.barcast.events;

import io.barcast.model.TrainingReport;
import io.barcast.model.TrainingStatus;

import java.time.LocalDate;
import java.util.List;

/**
 * A record of the {@code training-loss} topic: one per training job, whatever its outcome.
 * {@code promoted} tells whether the model now serves. {@code beatsNaive} (null when the job did not train) says
 * whether the candidate's validation RMSE beat the naive forecast's: a promoted model that did not serves with skill
 * weight 0. {@code skillWeight} is the weight the symbol serves its next prediction with after this job.
 * {@code warmStart} says whether the job started from the serving model's weights ({@code model.warm.start}) or from
 * scratch; {@code epochs} is the epochs it ran. Fields are only ever added.
 */
public record TrainingLossEvent(String symbol, long modelVersion, LocalDate windowEnd, TrainingStatus status,
                                String reason, boolean promoted, int epochs, int bestEpoch,
                                List<Double> trainLoss, List<Double> valLoss,
                                Double valRmseModel, Double valRmseNaive, Double valTheilU,
                                Double servingModelValRmse, int trainSamples, int valSamples, long durationMs,
                                long finishedAt, Boolean beatsNaive, double skillWeight, boolean warmStart) {

    public static TrainingLossEvent of(TrainingReport r, boolean promoted, double skillWeight, long now) {
        return new TrainingLossEvent(r.symbol(), r.version(), r.windowEnd(), r.status(), r.reason(), promoted,
                r.epochs(), r.bestEpoch(), finite(r.trainLoss()), finite(r.valLoss()),
                Json.num(r.valRmseModel()), Json.num(r.valRmseNaive()), Json.num(r.valTheilU()),
                Json.num(r.incumbentValRmse()), r.trainSamples(), r.valSamples(), r.durationMillis(), now,
                Double.isFinite(r.valRmseModel()) ? r.beatsNaive() : null, skillWeight, r.warmStart());
    }

    private static List<Double> finite(List<Double> values) {
        return values.stream().map(v -> Json.num(v)).toList();
    }
}
