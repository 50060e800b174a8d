package io.barcast.backtest;

import io.barcast.interval.Interval;
import io.barcast.interval.TailRisk;
import io.barcast.quality.QualityKind;

import java.time.LocalDate;
import java.util.List;

/**
 * One walk-forward prediction: made after the bar of {@code asOf}, for the next bar {@code targetDate}.
 * {@code predictedClose} is the published (served) close, {@code modelPredictedClose} the model's own, and
 * {@code weight} the skill weight between them; {@code intervals} are the published intervals (ascending by level).
 * {@code counted} is false for an outcome kept out of the running figures (after a hole), {@code quality} names the
 * data-quality events of the target bar; {@code risk} the published VaR and ES (null when none was).
 */
public record BacktestPrediction(LocalDate asOf, LocalDate targetDate, double lastClose, double predictedClose,
                                 double actualClose, long modelVersion, LocalDate trainedThrough,
                                 double modelPredictedClose, double weight, List<Interval> intervals, boolean counted,
                                 List<QualityKind> quality, TailRisk risk) {

    public BacktestPrediction {
        intervals = intervals == null ? List.of() : List.copyOf(intervals);
        quality = quality == null ? List.of() : List.copyOf(quality);
    }

    /** Without tail figures. */
    public BacktestPrediction(LocalDate asOf, LocalDate targetDate, double lastClose, double predictedClose,
                              double actualClose, long modelVersion, LocalDate trainedThrough,
                              double modelPredictedClose, double weight, List<Interval> intervals, boolean counted,
                              List<QualityKind> quality) {
        this(asOf, targetDate, lastClose, predictedClose, actualClose, modelVersion, trainedThrough, modelPredictedClose,
                weight, intervals, counted, quality, null);
    }

    /** Counted, without data-quality events. */
    public BacktestPrediction(LocalDate asOf, LocalDate targetDate, double lastClose, double predictedClose,
                              double actualClose, long modelVersion, LocalDate trainedThrough,
                              double modelPredictedClose, double weight, List<Interval> intervals) {
        this(asOf, targetDate, lastClose, predictedClose, actualClose, modelVersion, trainedThrough, modelPredictedClose,
                weight, intervals, true, List.of());
    }

    /** Its prices multiplied by {@code factor}: in the units of a later split. */
    public BacktestPrediction rescaled(double factor) {
        return new BacktestPrediction(asOf, targetDate, lastClose * factor, predictedClose * factor, actualClose * factor,
                modelVersion, trainedThrough, modelPredictedClose * factor, weight,
                intervals.stream().map(i -> new Interval(i.level(), i.lower() * factor, i.upper() * factor)).toList(),
                counted, quality, risk == null ? null : risk.rescaled(factor));
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
