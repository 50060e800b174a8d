package io.barcast.service;

import io.barcast.evaluation.ForecastMetrics;
import io.barcast.events.Json;
import io.barcast.forecast.SymbolState;
import io.barcast.model.ModelMetadata;
import io.barcast.model.ModelSnapshot;
import io.barcast.service.HttpEndpoints.Response;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** The JSON of {@code /predictions/{symbol}} and of a listing row, from a symbol's stored state and model. */
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
        if (model != null) {
            body.put("model", model(ModelSnapshot.fromBytes(model).metadata()));
        }
        putProvenance(body, source, lag);
        return new Response(200, Json.bytes(body));
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
