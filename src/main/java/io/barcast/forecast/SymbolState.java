package io.barcast.forecast;

import io.barcast.interval.Calibration;
import io.barcast.interval.Interval;

import java.time.LocalDate;
import java.util.List;

/**
 * Per-symbol bookkeeping kept in the {@code symbol-state} store (encoded by the stream layer): model version counter,
 * retraining schedule, the prediction awaiting its outcome, and running evaluation sums.
 *
 * @param nextVersion       version the next training job gets
 * @param trainedAtAppended window's appended-bar count when the last finished job was submitted
 * @param trainedBefore     whether any job finished for this symbol
 * @param pending           the latest prediction, not yet scored (null when none)
 * @param lastOutcome       the latest scored prediction (to redo it when its actual bar is corrected)
 * @param metrics           {@link io.barcast.evaluation.ForecastMetrics#state()} of the published (served) forecast
 * @param skill             the evidence behind the serving weight ({@link SkillWeight#NONE} when absent)
 * @param calibration       the interval calibration (no levels when absent; the forecaster adds the configured ones)
 */
public record SymbolState(long nextVersion, long trainedAtAppended, boolean trainedBefore, Pending pending,
                          Pending lastOutcome, double[] metrics, SkillWeight skill, Calibration calibration) {

    public SymbolState {
        skill = skill == null ? SkillWeight.NONE : skill;
        calibration = calibration == null ? new Calibration(null, List.of()) : calibration;
    }

    /** Without interval calibration (state written before intervals existed). */
    public SymbolState(long nextVersion, long trainedAtAppended, boolean trainedBefore, Pending pending,
                       Pending lastOutcome, double[] metrics, SkillWeight skill) {
        this(nextVersion, trainedAtAppended, trainedBefore, pending, lastOutcome, metrics, skill, null);
    }

    public static SymbolState initial() {
        return new SymbolState(1, 0, false, null, null, null, SkillWeight.NONE, null);
    }

    /**
     * A prediction made after bar {@code asOf}; when scored, {@code actualClose} and {@code targetDate} are set.
     * {@code predictedClose} is the published (served) close, {@code modelReturn} the model's own predicted log
     * return and {@code weight} the skill weight it was served with (both NaN when written by an earlier version);
     * {@code volatility} and {@code intervals} are what the published intervals were built on and were (NaN and
     * none when written before intervals existed).
     */
    public record Pending(LocalDate asOf, double lastClose, double predictedClose, long modelVersion,
                          LocalDate trainedThrough, LocalDate targetDate, Double actualClose, double modelReturn,
                          double weight, double volatility, List<Interval> intervals) {

        public Pending {
            intervals = intervals == null ? List.of() : List.copyOf(intervals);
        }

        /** Without intervals. */
        public Pending(LocalDate asOf, double lastClose, double predictedClose, long modelVersion,
                       LocalDate trainedThrough, LocalDate targetDate, Double actualClose, double modelReturn, double weight) {
            this(asOf, lastClose, predictedClose, modelVersion, trainedThrough, targetDate, actualClose, modelReturn, weight,
                    Double.NaN, List.of());
        }

        /** The published centre: log(predicted close / last close). */
        public double servedReturn() {
            return Math.log(predictedClose / lastClose);
        }

        /** The conformity score of close {@code actual}: |realised − centre| / volatility (NaN without a volatility). */
        public double score(double actual) {
            return Math.abs(Math.log(actual / lastClose) - servedReturn()) / volatility;
        }

        /** The model's own close: last close × exp(model return). */
        public double modelPredictedClose() {
            return lastClose * Math.exp(modelReturn);
        }

        public Pending scored(LocalDate target, double actual) {
            return new Pending(asOf, lastClose, predictedClose, modelVersion, trainedThrough, target, actual, modelReturn, weight,
                    volatility, intervals);
        }
    }

    public SymbolState withNextVersion(long v) {
        return new SymbolState(v, trainedAtAppended, trainedBefore, pending, lastOutcome, metrics, skill, calibration);
    }

    public SymbolState withTrained(long appended) {
        return new SymbolState(nextVersion, appended, true, pending, lastOutcome, metrics, skill, calibration);
    }

    public SymbolState withPending(Pending p) {
        return new SymbolState(nextVersion, trainedAtAppended, trainedBefore, p, lastOutcome, metrics, skill, calibration);
    }

    public SymbolState withOutcome(Pending scored, double[] newMetrics) {
        return new SymbolState(nextVersion, trainedAtAppended, trainedBefore, pending, scored, newMetrics, skill, calibration);
    }

    public SymbolState withSkill(SkillWeight s) {
        return new SymbolState(nextVersion, trainedAtAppended, trainedBefore, pending, lastOutcome, metrics, s, calibration);
    }

    public SymbolState withCalibration(Calibration c) {
        return new SymbolState(nextVersion, trainedAtAppended, trainedBefore, pending, lastOutcome, metrics, skill, c);
    }
}
