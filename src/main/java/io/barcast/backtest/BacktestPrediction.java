package io.barcast.backtest;

import java.time.LocalDate;

/**
 * One walk-forward prediction: made after the bar of {@code asOf}, for the next bar {@code targetDate}.
 */
public record BacktestPrediction(LocalDate asOf, LocalDate targetDate, double lastClose, double predictedClose,
                                 double actualClose, long modelVersion, LocalDate trainedThrough) {

    public double error() {
        return predictedClose - actualClose;
    }

    public double naiveError() {
        return lastClose - actualClose;
    }
}
