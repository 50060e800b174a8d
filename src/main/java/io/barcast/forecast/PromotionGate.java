package io.barcast.forecast;

import io.barcast.model.ModelMetadata;
import io.barcast.model.TrainingReport;
import io.barcast.model.TrainingStatus;

import java.util.Locale;

/**
 * Decides whether a finished candidate replaces the serving model. A candidate that did not train
 * ({@code DIVERGED}, {@code STALLED}, {@code FAILED}) never serves; an OK one is refused when a model of
 * the same or a later version already serves ({@code SUPERSEDED}), or when its validation RMSE is worse
 * than the serving model's on the same validation bars by more than the tolerance ({@code REJECTED_WORSE}).
 */
public record PromotionGate(double tolerance) {

    /** The report with the gate's verdict; promote the candidate when the result's status is {@code OK}. */
    public TrainingReport judge(TrainingReport report, long candidateVersion, ModelMetadata serving) {
        if (report.status() != TrainingStatus.OK || serving == null) {
            return report;
        }
        long servingVersion = serving.version();
        if (servingVersion >= candidateVersion) {
            return report.withStatus(TrainingStatus.SUPERSEDED, "model v" + servingVersion + " is already serving");
        }
        if (Double.isFinite(report.incumbentValRmse()) && report.valRmseModel() > report.incumbentValRmse() * (1 + tolerance)) {
            return report.withStatus(TrainingStatus.REJECTED_WORSE, String.format(Locale.ROOT,
                    "validation RMSE %.6g is worse than the serving model v%d's %.6g on the same bars by more than %.1f%%",
                    report.valRmseModel(), servingVersion, report.incumbentValRmse(), 100 * tolerance));
        }
        return report;
    }
}
