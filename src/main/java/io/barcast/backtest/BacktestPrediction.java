package io.barcast.backtest;

import java.time.LocalDate;

/**
 * One walk-forward prediction: made after the bar of {@code asOf}, for the next bar {@code targetDate}.
 * {@code predictedClose} is the published (served) close, {@code modelPredictedClose} the model's own, and
 * {@code weight} the skill weight between them.
 */
public record BacktestPrediction(LocalDate asOf, LocalDate targetDate, double lastClose, double predictedClose,
                                 double actualClose, long modelVersion, LocalDate trainedThrough,
                                 double modelPredictedClose, double weight) {

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
