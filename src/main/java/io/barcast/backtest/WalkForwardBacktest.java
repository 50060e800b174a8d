package io.barcast.backtest;

import io.barcast.bar.Bar;
import io.barcast.evaluation.ForecastMetrics;
import io.barcast.forecast.ForecastSettings;
import io.barcast.forecast.RetrainPolicy;
import io.barcast.model.Forecast;
import io.barcast.model.LstmModel;
import io.barcast.model.ModelConfig;
import io.barcast.model.ModelTrainer;
import io.barcast.model.TrainingReport;
import io.barcast.model.TrainingResult;
import io.barcast.window.BarWindow;

import java.util.ArrayList;
import java.util.List;

/**
 * Walk-forward evaluation with the streaming service's own classes: bars enter a
 * {@link BarWindow} one at a time; when the {@link RetrainPolicy} says so, a
 * {@link ModelTrainer} trains on the window (bars up to today only); the serving
 * {@link LstmModel} then predicts tomorrow's close, which is scored when tomorrow's bar arrives.
 * A failed retrain keeps the previous model serving; before the first good model no prediction is made.
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

    private final int windowBars;
    private final RetrainPolicy policy;
    private final ModelConfig config;
    private final ModelTrainer trainer = new ModelTrainer();

    public WalkForwardBacktest(ForecastSettings settings) {
        this.windowBars = settings.windowBars();
        this.policy = settings.retrainPolicy();
        this.config = settings.model();
    }

    public BacktestResult run(String symbol, List<Bar> bars, Listener listener) {
        long wallStart = System.nanoTime();
        BarWindow window = new BarWindow(windowBars);
        ForecastMetrics metrics = new ForecastMetrics();
        List<BacktestPrediction> predictions = new ArrayList<>();
        List<TrainingReport> retrains = new ArrayList<>();
        LstmModel serving = null;
        Forecast pending = null;
        long trainedAtAppended = 0;
        boolean trainedBefore = false;
        long version = 0;
        double trainSeconds = 0;
        for (int t = 0; t < bars.size(); t++) {
            Bar bar = bars.get(t);
            BarWindow.Outcome outcome = window.offer(bar);
            if (!outcome.changed()) {
                continue;
            }
            if (pending != null) {
                metrics.add(pending.lastClose(), pending.predictedClose(), bar.close());
                predictions.add(new BacktestPrediction(pending.asOf(), bar.date(), pending.lastClose(),
                        pending.predictedClose(), bar.close(), pending.modelVersion(), pending.trainedThrough()));
                pending = null;
            }
            if (policy.due(window.size(), window.appendedTotal() - trainedAtAppended, trainedBefore)) {
                version++;
                TrainingResult result = trainer.train(symbol, window.bars(), config, version, serving, ModelTrainer.EpochListener.NONE);
                trainedBefore = true;
                trainedAtAppended = window.appendedTotal();
                trainSeconds += result.report().durationMillis() / 1000.0;
                retrains.add(result.report());
                listener.onRetrain(result.report());
                if (result.ok()) {
                    serving = result.trainedModel();
                }
            }
            if (serving != null && t + 1 < bars.size()) {
                pending = serving.forecast(window.bars());
            }
            listener.onBar(t, bars.size(), predictions.size(), retrains.size());
        }
        double wall = (System.nanoTime() - wallStart) / 1e9;
        return new BacktestResult(symbol, bars.size(), predictions, retrains, metrics, trainSeconds, wall);
    }
}
