package io.barcast.model;

import java.time.LocalDate;

/**
 * A next-day close prediction and its lineage.
 *
 * @param symbol          the symbol
 * @param asOf            date of the last bar the prediction is made from
 * @param lastClose       that bar's close (the naive forecast)
 * @param predictedReturn predicted log return of the next close
 * @param predictedClose  lastClose × exp(predictedReturn)
 * @param modelVersion    version of the model that made it
 * @param trainedThrough  last bar date the model was trained on
 * @param valTheilU       the model's validation Theil's U (below 1 beat the naive forecast on validation)
 * @param volatility      the model's predicted standard deviation of the next log return (NaN for a model without
 *                        a variance output)
 */
public record Forecast(String symbol, LocalDate asOf, double lastClose, double predictedReturn, double predictedClose,
                       long modelVersion, LocalDate trainedThrough, double valTheilU, double volatility) {

    /** Without a volatility. */
    public Forecast(String symbol, LocalDate asOf, double lastClose, double predictedReturn, double predictedClose,
                    long modelVersion, LocalDate trainedThrough, double valTheilU) {
        this(symbol, asOf, lastClose, predictedReturn, predictedClose, modelVersion, trainedThrough, valTheilU, Double.NaN);
    }
}
