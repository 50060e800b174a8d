package io.barcast.service;

import io.barcast.evaluation.ForecastMetrics;
import io.barcast.events.Json;
import io.barcast.forecast.Prediction;
import io.barcast.forecast.SymbolState;
import io.barcast.interval.Interval;
import io.barcast.interval.TailCalibration;
import io.barcast.interval.TailRisk;
import io.barcast.model.ModelMetadata;
import io.barcast.model.ModelSnapshot;
import io.barcast.service.HttpEndpoints.Response;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The JSON of {@code /predictions/{symbol}} and of a listing row, from a symbol's stored state and model. The answer
 * carries the prediction's target date, intervals, VaR, ES and P(up), and the symbol's VaR backtests over its recent
 * outcomes with the Basel zone (the same figures as the outcome records).
 */
final class PredictionAnswers {

    /** The field of a 404 that says whether the instance that answered holds the symbol. */
    static final String HELD = "held";

    private final String servedBy;

    PredictionAnswers(String servedBy) {
        this.servedBy = servedBy;
    }

    /**
     * The answer for one symbol: 404 without a state, or with one but no prediction yet ({@code held: true} and where
     * it was read), else the prediction with its model's lineage.
     */
    Response answer(String symbol, SymbolState state, byte[] model, String source, Long lag) {
        if (state == null) {
            return Response.error(404, "unknown symbol '" + symbol + "'");
        }
        if (state.pending() == null) {
            Map<String, Object> held = new LinkedHashMap<>();
            held.put("symbol", symbol);
            held.put(HELD, true);
            putProvenance(held, source, lag);
            return error(404, "no prediction yet for '" + symbol + "' (no model has been promoted)", held);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        SymbolState.Pending p = state.pending();
        body.put("symbol", symbol);
        body.put("asOf", p.asOf());
        body.put("lastClose", p.lastClose());
        body.put("predictedClose", p.predictedClose());
        body.put("modelVersion", p.modelVersion());
        body.put("trainedThrough", p.trainedThrough());
        body.put("targetDate", Prediction.nextTradingDay(p.asOf()));
        body.put("volatility", Json.num(p.volatility()));
        body.put("intervals", p.intervals().stream().map(PredictionAnswers::band).toList());
        putRisk(body, p.risk());
        body.put("varBacktest", varBacktest(state.tails()));
        body.put("baselZone", state.tails().zone().name());
        if (model != null) {
            body.put("model", model(ModelSnapshot.fromBytes(model).metadata()));
        }
        putProvenance(body, source, lag);
        return new Response(200, Json.bytes(body));
    }

    private static Map<String, Object> band(Interval i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("level", i.level());
        m.put("lower", i.lower());
        m.put("upper", i.upper());
        return m;
    }

    /** The tail figures as the predictions topic names them (null for a prediction without them). */
    private static void putRisk(Map<String, Object> body, TailRisk r) {
        body.put("valueAtRisk975", r == null ? null : r.var975());
        body.put("valueAtRisk99", r == null ? null : r.var99());
        body.put("expectedShortfall975", r == null ? null : r.es975());
        body.put("probabilityUp", r == null ? null : r.probabilityUp());
    }

    /** Per VaR level, the symbol's exceptions and test p-values over its recent outcomes. */
    static List<Map<String, Object>> varBacktest(TailCalibration tails) {
        return tails.backtests().stream().map(b -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("level", b.level());
            m.put("exceptions", b.exceptions());
            m.put("outcomes", b.count());
            m.put("kupiecP", Json.num(b.kupiecP()));
            m.put("independenceP", Json.num(b.independenceP()));
            m.put("conditionalCoverageP", Json.num(b.conditionalCoverageP()));
            return m;
        }).toList();
    }

    private static Map<String, Object> model(ModelMetadata meta) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("version", meta.version());
        model.put("trainedThrough", meta.trainedThrough());
        model.put("trainedAt", meta.trainedAt().toString());
        model.put("valTheilU", Json.num(meta.valTheilU()));
        model.put("valRmseModel", Json.num(meta.valRmseModel()));
        model.put("valRmseNaive", Json.num(meta.valRmseNaive()));
        model.put("epochs", meta.epochsRun());
        model.put("hyperparameters", new TreeMap<>(meta.config().toProperties()));
        return model;
    }

    /** A listing row: the latest prediction (nulls before the first) and the running skill. */
    Map<String, Object> row(String symbol, SymbolState state, String source, Long lag) {
        Map<String, Object> row = new LinkedHashMap<>();
        SymbolState.Pending p = state.pending();
        row.put("symbol", symbol);
        row.put("asOf", p == null ? null : p.asOf());
        row.put("lastClose", p == null ? null : p.lastClose());
        row.put("predictedClose", p == null ? null : p.predictedClose());
        row.put("modelVersion", p == null ? null : p.modelVersion());
        row.put("trainedThrough", p == null ? null : p.trainedThrough());
        ForecastMetrics m = state.metrics() == null ? new ForecastMetrics() : ForecastMetrics.fromState(state.metrics());
        Map<String, Object> skill = new LinkedHashMap<>();
        skill.put("outcomes", m.count());
        skill.put("theilU", Json.num(m.theilU()));
        skill.put("hitRate", Json.num(m.hitRate()));
        skill.put("weight", Json.num(state.skill().weight()));
        row.put("skill", skill);
        row.put("valueAtRisk99", p == null || p.risk() == null ? null : p.risk().var99());
        row.put("baselZone", state.tails().zone().name());
        putProvenance(row, source, lag);
        return row;
    }

    /** A JSON error ({@code error}, {@code status}) with more fields. */
    static Response error(int status, String message, Map<String, Object> more) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", message);
        body.put("status", status);
        body.putAll(more);
        return new Response(status, Json.bytes(body));
    }

    /** Which copy answered ({@code source}), how far behind it is, and which instance read it. */
    void putProvenance(Map<String, Object> body, String source, Long lag) {
        body.put("source", source);
        body.put("lagOffsets", StoreCopies.ACTIVE.equals(source) ? Long.valueOf(0) : lag);
        body.put("servedBy", servedBy);
    }
}
