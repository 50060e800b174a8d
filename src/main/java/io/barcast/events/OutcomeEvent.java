package io.barcast.events;

import java.time.LocalDate;

/**
 * A record of the {@code prediction-outcomes} topic: a prediction joined with the close that
 * later arrived, next to the naive forecast's error, and the symbol's running figures.
 */
public record OutcomeEvent(String symbol, LocalDate asOf, LocalDate targetDate, double lastClose, double predictedClose,
                           double actualClose, double error, double naiveError, long modelVersion,
                           LocalDate trainedThrough, boolean correction, long count, Double runningRmse,
                           Double runningNaiveRmse, Double runningTheilU, Double runningHitRate) {
}
