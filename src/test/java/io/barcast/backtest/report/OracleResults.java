package io.barcast.backtest.report;

import io.barcast.backtest.BacktestPrediction;
import io.barcast.backtest.BacktestResult;
import io.barcast.backtest.IntervalReport;
import io.barcast.evaluation.ForecastMetrics;
import io.barcast.forecast.ForecastSettings;
import io.barcast.testing.GarchSeries;

import java.util.List;

/** Backtest results without training: a simulated series and an oracle's forecasts and intervals. */
public final class OracleResults {

    private OracleResults() {
    }

    /** 600 GARCH days, predictions (with the oracle's intervals at the settings' levels) from bar 250 on. */
    public static BacktestResult garch600(ForecastSettings settings) {
        GarchSeries g = GarchSeries.simulate("G", 600, 3);
        List<BacktestPrediction> predictions = g.oraclePredictions(250, settings.intervals().levels().values());
        ForecastMetrics metrics = new ForecastMetrics();
        predictions.forEach(p -> metrics.add(p.lastClose(), p.predictedClose(), p.actualClose()));
        return new BacktestResult("G", 600, predictions, List.of(), metrics, 0, 0,
                IntervalReport.of(predictions, g.bars(), settings.intervals()));
    }
}
