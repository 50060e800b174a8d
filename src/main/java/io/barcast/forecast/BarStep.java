package io.barcast.forecast;

import io.barcast.bar.Bar;
import io.barcast.quality.QualityAction;
import io.barcast.quality.QualityEvent;
import io.barcast.window.BarWindow;

import java.util.List;

/**
 * What one bar did to its symbol's cycle.
 *
 * @param bar               the bar
 * @param outcome           what the window made of it; nothing else happens unless {@link BarWindow.Outcome#changed()}
 * @param latest            the window's latest bar after the offer (names the newer bar of an out-of-order one)
 * @param scored            the pending prediction joined with this bar's close, or null
 * @param prediction        the new prediction made from this bar, or null (no model yet, too few bars, or it failed)
 * @param predictionFailure why the serving model could not predict, or null
 * @param retrain           a training job that is due, or null; hand it to {@link SymbolForecaster#trainingStarted}
 *                          once it is accepted by whatever runs it
 * @param quality           what the data-quality rules found in the bar (none for a duplicate or an out-of-order one)
 * @param priceFactor       what the stored history's prices were multiplied by before the bar was taken (1: nothing)
 */
public record BarStep(Bar bar, BarWindow.Outcome outcome, Bar latest, ScoredPrediction scored, Prediction prediction,
                      String predictionFailure, TrainingJob retrain, List<QualityEvent> quality, double priceFactor) {

    public BarStep {
        quality = quality == null ? List.of() : List.copyOf(quality);
    }

    /** A step that rescaled nothing. */
    public BarStep(Bar bar, BarWindow.Outcome outcome, Bar latest, ScoredPrediction scored, Prediction prediction,
                   String predictionFailure, TrainingJob retrain, List<QualityEvent> quality) {
        this(bar, outcome, latest, scored, prediction, predictionFailure, retrain, quality, 1.0);
    }

    /** The event that made the bar rejected (its outcome {@link BarWindow.Outcome#REJECTED}), or null. */
    public QualityEvent rejection() {
        return quality.stream().filter(e -> e.action() == QualityAction.REJECTED).findFirst().orElse(null);
    }
}
