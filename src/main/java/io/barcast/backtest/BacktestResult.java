package io.barcast.backtest;

import io.barcast.evaluation.ForecastMetrics;
import io.barcast.model.TrainingReport;

import java.util.List;

/** Everything a walk-forward backtest produced. */
public record BacktestResult(String symbol, int bars, List<BacktestPrediction> predictions,
                             List<TrainingReport> retrains, ForecastMetrics metrics, double trainSecondsTotal,
                             double wallSeconds) {

    public BacktestResult {
        predictions = List.copyOf(predictions);
        retrains = List.copyOf(retrains);
    }

    public long failedRetrains() {
        return retrains.stream().filter(r -> r.status() != io.barcast.model.TrainingStatus.OK).count();
    }
}
