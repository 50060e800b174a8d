package io.barcast.backtest;

import io.barcast.evaluation.ForecastMetrics;
import io.barcast.model.TrainingReport;
import io.barcast.quality.QualityEvent;

import java.util.List;

/**
 * Everything a walk-forward backtest produced. {@link #metrics()} scores the published (served) forecast, as the
 * service's outcome records do; {@link #modelMetrics()} scores the model's own forecast on the same days;
 * {@link #intervals()} scores the published prediction intervals against three baselines on the same days;
 * {@link #quality()} lists what the data-quality rules found; {@link #risk()} backtests the published VaR and ES against
 * three baselines on the same days; {@link #blend()} sums up the volatility blend's weights. Outcomes kept out of the running figures (after a hole)
 * are in {@link #predictions()} but in none of the figures.
 */
public record BacktestResult(String symbol, int bars, List<BacktestPrediction> predictions,
                             List<TrainingReport> retrains, ForecastMetrics metrics, double trainSecondsTotal,
                             double wallSeconds, IntervalReport intervals, List<QualityEvent> quality, RiskReport risk,
                             BlendSummary blend) {

    public BacktestResult {
        risk = risk == null ? RiskReport.empty() : risk;
        blend = blend == null ? BlendSummary.NONE : blend;
        predictions = List.copyOf(predictions);
        retrains = List.copyOf(retrains);
        intervals = intervals == null ? IntervalReport.empty() : intervals;
        quality = quality == null ? List.of() : List.copyOf(quality);
    }

    /** Without the volatility blend's weights. */
    public BacktestResult(String symbol, int bars, List<BacktestPrediction> predictions, List<TrainingReport> retrains,
                          ForecastMetrics metrics, double trainSecondsTotal, double wallSeconds, IntervalReport intervals,
                          List<QualityEvent> quality, RiskReport risk) {
        this(symbol, bars, predictions, retrains, metrics, trainSecondsTotal, wallSeconds, intervals, quality, risk, null);
    }

    /** Without a VaR report. */
    public BacktestResult(String symbol, int bars, List<BacktestPrediction> predictions, List<TrainingReport> retrains,
                          ForecastMetrics metrics, double trainSecondsTotal, double wallSeconds, IntervalReport intervals,
                          List<QualityEvent> quality) {
        this(symbol, bars, predictions, retrains, metrics, trainSecondsTotal, wallSeconds, intervals, quality, null);
    }

    /** Without data-quality events. */
    public BacktestResult(String symbol, int bars, List<BacktestPrediction> predictions, List<TrainingReport> retrains,
                          ForecastMetrics metrics, double trainSecondsTotal, double wallSeconds, IntervalReport intervals) {
        this(symbol, bars, predictions, retrains, metrics, trainSecondsTotal, wallSeconds, intervals, List.of(), null);
    }

    /** Without interval figures. */
    public BacktestResult(String symbol, int bars, List<BacktestPrediction> predictions, List<TrainingReport> retrains,
                          ForecastMetrics metrics, double trainSecondsTotal, double wallSeconds) {
        this(symbol, bars, predictions, retrains, metrics, trainSecondsTotal, wallSeconds, IntervalReport.empty(), List.of(), null);
    }

    /** The model's own (raw) forecast, scored like {@link #metrics()}. */
    public ForecastMetrics modelMetrics() {
        ForecastMetrics m = new ForecastMetrics();
        predictions.stream().filter(BacktestPrediction::counted)
                .forEach(p -> m.add(p.lastClose(), p.modelPredictedClose(), p.actualClose()));
        return m;
    }

    /** Mean skill weight of the predictions (NaN when there are none). */
    public double meanWeight() {
        return predictions.stream().filter(BacktestPrediction::counted).mapToDouble(BacktestPrediction::weight).average()
                .orElse(Double.NaN);
    }

    public long failedRetrains() {
        return retrains.stream().filter(r -> r.status() != io.barcast.model.TrainingStatus.OK).count();
    }

    /** Retrains that started from the serving model's weights ({@code model.warm.start}). */
    public long warmRetrains() {
        return retrains.stream().filter(TrainingReport::warmStart).count();
    }
}
