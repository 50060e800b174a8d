package io.barcast.backtest;

import io.barcast.bar.Bar;
import io.barcast.evaluation.ForecastMetrics;
import io.barcast.forecast.BarStep;
import io.barcast.forecast.ForecastSettings;
import io.barcast.forecast.Handover;
import io.barcast.forecast.ScoredPrediction;
import io.barcast.forecast.SymbolForecaster;
import io.barcast.forecast.Trainer;
import io.barcast.forecast.TrainingJob;
import io.barcast.quality.QualityEvent;
import io.barcast.interval.Interval;
import io.barcast.model.TrainingReport;

import java.util.ArrayList;
import java.util.List;

/**
 * Walk-forward evaluation that runs the service's own cycle: bars enter a {@link SymbolForecaster}
 * one at a time, exactly as the stream processor feeds it, and every retrain it asks for is trained at
 * once (as if the service's training executor finished each job before the next bar) and taken through
 * the same promotion gate. A prediction is made from each bar with the model serving at that bar, and
 * scored when the next bar arrives; a promoted model serves from the next bar on (or at once, when it is
 * the first). Before the first promoted model no prediction is made. The published intervals are then scored
 * against three baselines over the same bars ({@link IntervalReport}).
 */
public final class WalkForwardBacktest {

    /** Progress of a running backtest. */
    public interface Listener {
        void onBar(int index, int total, int predictions, int retrains);

        void onRetrain(TrainingReport report);

        Listener NONE = new Listener() {
            @Override
            public void onBar(int index, int total, int predictions, int retrains) {
            }

            @Override
            public void onRetrain(TrainingReport report) {
            }
        };
    }

    private final ForecastSettings settings;
    private final Trainer trainer;

    /** A backtest with the production trainer. */
    public WalkForwardBacktest(ForecastSettings settings) {
        this(settings, Trainer.lstm());
    }

    public WalkForwardBacktest(ForecastSettings settings, Trainer trainer) {
        this.settings = settings;
        this.trainer = trainer;
    }

    public BacktestResult run(String symbol, List<Bar> bars, Listener listener) {
        long wallStart = System.nanoTime();
        SymbolForecaster forecaster = SymbolForecaster.fresh(symbol, settings);
        List<BacktestPrediction> predictions = new ArrayList<>();
        List<TrainingReport> retrains = new ArrayList<>();
        List<QualityEvent> quality = new ArrayList<>();
        // the bars as the cycle took them: after a split, in the units of the latest bar (as the stored window)
        List<Bar> taken = new ArrayList<>(bars.size());
        double trainSeconds = 0;
        BlendSummary.Builder blend = new BlendSummary.Builder(settings.intervals().volatility());
        for (int t = 0; t < bars.size(); t++) {
            BarStep step = forecaster.onBar(bars.get(t));
            if (step.prediction() != null) {
                blend.add(step.prediction().blend());
            }
            quality.addAll(step.quality());
            if (step.priceFactor() != 1.0) {
                rescale(taken, predictions, step.priceFactor());
            }
            if (step.outcome().changed()) {
                taken.add(step.latest());
            }
            ScoredPrediction s = step.scored();
            if (s != null) {
                predictions.add(new BacktestPrediction(s.asOf(), s.targetDate(), s.lastClose(), s.predictedClose(),
                        s.actualClose(), s.modelVersion(), s.trainedThrough(), s.modelPredictedClose(), s.weight(),
                        s.intervals().stream().map(i -> new Interval(i.level(), i.lower(), i.upper())).toList(),
                        s.counted(), s.quality().stream().map(QualityEvent::kind).toList(),
                        s.risk() == null ? null : s.risk().served()));
            }
            TrainingJob job = step.retrain();
            if (job != null) {
                forecaster.trainingStarted(job);
                Handover handover = forecaster.onTrained(job, trainer.trainOrFail(job));
                if (handover.prediction() != null) {
                    blend.add(handover.prediction().blend());
                }
                trainSeconds += handover.report().durationMillis() / 1000.0;
                retrains.add(handover.report());
                listener.onRetrain(handover.report());
            }
            listener.onBar(t, bars.size(), predictions.size(), retrains.size());
        }
        ForecastMetrics metrics = forecaster.state().metrics() == null ? new ForecastMetrics()
                : ForecastMetrics.fromState(forecaster.state().metrics());
        double wall = (System.nanoTime() - wallStart) / 1e9;
        List<BacktestPrediction> counted = predictions.stream().filter(BacktestPrediction::counted).toList();
        GarchPath garch = new GarchPath(taken, settings.windowBars(), settings.retrainEveryBars());
        return new BacktestResult(symbol, bars.size(), predictions, retrains, metrics, trainSeconds, wall,
                IntervalReport.of(counted, taken, settings.intervals(), garch), quality,
                RiskReport.of(counted, taken, garch, settings.windowBars(), settings.retrainEveryBars()), blend.build());
    }

    /** A split rescaled the stored history: the bars taken and the predictions so far follow it into the new units. */
    private static void rescale(List<Bar> taken, List<BacktestPrediction> predictions, double factor) {
        taken.replaceAll(b -> b.rescaled(factor));
        predictions.replaceAll(p -> p.rescaled(factor));
    }
}
