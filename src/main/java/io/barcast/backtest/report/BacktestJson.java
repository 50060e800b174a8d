package io.barcast.backtest.report;

import io.barcast.backtest.BacktestResult;
import io.barcast.evaluation.ForecastMetrics;
import io.barcast.forecast.ForecastSettings;
import io.barcast.model.ModelConfig;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import static io.barcast.backtest.report.JsonNumbers.finite;
import static io.barcast.backtest.report.JsonNumbers.round;

/** The JSON summary of one series' backtest ({@code --json}): its figures, then the settings it ran with. */
public final class BacktestJson {

    private BacktestJson() {
    }

    /** The fields in the order printed; undefined figures are null. */
    public static Map<String, Object> summary(BacktestResult r, ForecastSettings settings) {
        ForecastMetrics m = r.metrics();
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("symbol", r.symbol());
        s.put("bars", r.bars());
        s.put("predictions", r.predictions().size());
        s.put("retrains", r.retrains().size());
        s.put("failedRetrains", r.failedRetrains());
        s.put("warmRetrains", r.warmRetrains());
        s.put("retrainStatuses", r.retrains().stream().collect(Collectors.groupingBy(t -> t.status().name(), LinkedHashMap::new, Collectors.counting())));
        s.put("rmseModel", finite(m.rmseModel()));
        s.put("rmseNaive", finite(m.rmseNaive()));
        s.put("theilU", finite(m.theilU()));
        s.put("maeModel", finite(m.maeModel()));
        s.put("maeNaive", finite(m.maeNaive()));
        s.put("mapeModel", finite(m.mapeModel()));
        s.put("mapeNaive", finite(m.mapeNaive()));
        s.put("hitRate", finite(m.hitRate()));
        s.put("meanSkillWeight", finite(r.meanWeight()));
        s.put("rawModel", rawModel(r.modelMetrics()));
        s.put("trainSecondsTotal", round(r.trainSecondsTotal()));
        s.put("wallSeconds", round(r.wallSeconds()));
        putSettings(s, settings);
        s.put("intervals", BacktestIntervals.json(r.intervals()));
        s.put("risk", BacktestRisk.json(r.risk()));
        s.put("volatilityBlend", BacktestBlend.json(r.blend()));
        s.put("dataQuality", BacktestQuality.json(r));
        return s;
    }

    private static Map<String, Object> rawModel(ForecastMetrics raw) {
        Map<String, Object> rawModel = new LinkedHashMap<>();
        rawModel.put("rmse", finite(raw.rmseModel()));
        rawModel.put("mae", finite(raw.maeModel()));
        rawModel.put("mape", finite(raw.mapeModel()));
        rawModel.put("theilU", finite(raw.theilU()));
        rawModel.put("hitRate", finite(raw.hitRate()));
        return rawModel;
    }

    private static void putSettings(Map<String, Object> s, ForecastSettings settings) {
        ModelConfig cfg = settings.model();
        s.put("window", settings.windowBars());
        s.put("retrainEvery", settings.retrainEveryBars());
        s.put("lookback", cfg.lookback());
        s.put("hiddenSize", cfg.hiddenSize());
        s.put("learningRate", cfg.learningRate());
        s.put("seed", cfg.seed());
        s.put("warmStart", settings.warmStart().enabled());
        s.put("warmEpochs", settings.warmStart().epochs());
        s.put("coldEvery", settings.warmStart().coldEvery());
    }
}
