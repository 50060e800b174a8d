package io.barcast.backtest;

import io.barcast.interval.Interval;

import java.time.LocalDate;
import java.util.List;

/**
 * One walk-forward prediction: made after the bar of {@code asOf}, for the next bar {@code targetDate}.
 * {@code predictedClose} is the published (served) close, {@code modelPredictedClose} the model's own, and
 * {@code weight} the skill weight between them; {@code intervals} are the published intervals (ascending by level).
 */
public record BacktestPrediction(LocalDate asOf, LocalDate targetDate, double lastClose, double predictedClose,
                                 double actualClose, long modelVersion, LocalDate trainedThrough,
                                 double modelPredictedClose, double weight, List<Interval> intervals) {

    public BacktestPrediction {
        intervals = intervals == null ? List.of() : List.copyOf(intervals);
    }

    /** Without intervals. */
    public BacktestPrediction(LocalDate asOf, LocalDate targetDate, double lastClose, double predictedClose,
                              double actualClose, long modelVersion, LocalDate trainedThrough,
                              double modelPredictedClose, double weight) {
        this(asOf, targetDate, lastClose, predictedClose, actualClose, modelVersion, trainedThrough, modelPredictedClose,
                weight, List.of());
    }

    public double error() {
        return predictedClose - actualClose;
    }

    public double modelError() {
        return modelPredictedClose - actualClose;
    }

    public double naiveError() {
        return lastClose - actualClose;
    }
}
