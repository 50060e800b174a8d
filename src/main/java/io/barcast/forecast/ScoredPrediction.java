package io.barcast.forecast;

import io.barcast.interval.IntervalOutcome;
import io.barcast.interval.TailOutcome;
import io.barcast.quality.QualityEvent;

import java.time.LocalDate;
import java.util.List;

/**
 * A prediction joined with the close that later arrived, and the symbol's running figures after it.
 *
 * @param symbol         the symbol
 * @param asOf           date of the bar the prediction was made from
 * @param targetDate     date of the bar whose close it predicted
 * @param lastClose      close of {@code asOf} (the naive forecast)
 * @param predictedClose the published (served) prediction
 * @param modelPredictedClose the model's own prediction (NaN when it was made by an earlier version)
 * @param weight         the skill weight the prediction was served with
 * @param actualClose    the close that arrived
 * @param modelVersion   version of the model that made the prediction
 * @param trainedThrough last bar date that model was trained on
 * @param correction     true when the actual bar was corrected and this replaces an earlier outcome
 * @param running        the symbol's running figures, this outcome included
 * @param intervals      per level, the published interval, whether the close fell inside, and the running coverage
 *                       and width (none when the prediction was made without intervals)
 * @param adjustment     the split factor the prediction's prices were multiplied by before scoring (1: none)
 * @param counted        whether the outcome counts in the running figures (not after a hole)
 * @param quality        the data-quality events of the bar scored against
 * @param risk           the published VaR and ES met with the close, and the symbol's VaR backtests after it (null
 *                       when the prediction was made without them)
 */
public record ScoredPrediction(String symbol, LocalDate asOf, LocalDate targetDate, double lastClose,
                               double predictedClose, double modelPredictedClose, double weight, double actualClose, long modelVersion, LocalDate trainedThrough,
                               boolean correction, RunningSkill running, List<IntervalOutcome> intervals, double adjustment,
                               boolean counted, List<QualityEvent> quality, TailOutcome risk) {

    public ScoredPrediction {
        intervals = intervals == null ? List.of() : List.copyOf(intervals);
        quality = quality == null ? List.of() : List.copyOf(quality);
    }

    /** Without tail figures. */
    public ScoredPrediction(String symbol, LocalDate asOf, LocalDate targetDate, double lastClose,
                            double predictedClose, double modelPredictedClose, double weight, double actualClose, long modelVersion,
                            LocalDate trainedThrough, boolean correction, RunningSkill running, List<IntervalOutcome> intervals,
                            double adjustment, boolean counted, List<QualityEvent> quality) {
        this(symbol, asOf, targetDate, lastClose, predictedClose, modelPredictedClose, weight, actualClose, modelVersion,
                trainedThrough, correction, running, intervals, adjustment, counted, quality, null);
    }

    /** Realised error of the prediction. */
    public double error() {
        return predictedClose - actualClose;
    }

    /** Realised error of the naive forecast. */
    public double naiveError() {
        return lastClose - actualClose;
    }

    /** Realised error of the model's own prediction. */
    public double modelError() {
        return modelPredictedClose - actualClose;
    }

    /** A symbol's running figures over its published predictions (NaN when undefined), and its weight now. */
    public record RunningSkill(long count, double rmse, double naiveRmse, double theilU, double hitRate, double weight) {
    }
}
