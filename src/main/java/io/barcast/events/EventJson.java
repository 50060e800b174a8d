package io.barcast.events;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The JSON of the two records written on every bar, {@link PredictionEvent} and {@link OutcomeEvent},
 * written field by field with Jackson's streaming generator: byte for byte what {@link Json#bytes}
 * (data binding) writes for them ({@code EventJsonTest}), without its reflective accessor calls on
 * the stream thread.
 */
public final class EventJson {

    private EventJson() {
    }

    public static byte[] prediction(PredictionEvent e) {
        return write(680, g -> {
            field(g, "symbol"); g.writeString(e.symbol());
            date(g, "asOf", e.asOf());
            field(g, "lastClose"); g.writeNumber(e.lastClose());
            field(g, "predictedClose"); g.writeNumber(e.predictedClose());
            field(g, "predictedReturn"); g.writeNumber(e.predictedReturn());
            field(g, "modelVersion"); g.writeNumber(e.modelVersion());
            date(g, "trainedThrough", e.trainedThrough());
            number(g, "modelValTheilU", e.modelValTheilU());
            number(g, "modelValRmse", e.modelValRmse());
            number(g, "naiveValRmse", e.naiveValRmse());
            field(g, "correction"); g.writeBoolean(e.correction());
            field(g, "barTimestamp"); g.writeNumber(e.barTimestamp());
            field(g, "producedAt"); g.writeNumber(e.producedAt());
            field(g, "modelReturn"); g.writeNumber(e.modelReturn());
            field(g, "modelPredictedClose"); g.writeNumber(e.modelPredictedClose());
            field(g, "skillWeight"); g.writeNumber(e.skillWeight());
            number(g, "volatility", e.volatility());
            field(g, "intervals"); g.writeStartArray();
            for (PredictionEvent.Band b : e.intervals()) {
                g.writeStartObject();
                field(g, "level"); g.writeNumber(b.level());
                field(g, "lower"); g.writeNumber(b.lower());
                field(g, "upper"); g.writeNumber(b.upper());
                g.writeEndObject();
            }
            g.writeEndArray();
            strings(g, "dataQuality", e.dataQuality());
            date(g, "targetDate", e.targetDate());
            number(g, "valueAtRisk975", e.valueAtRisk975());
            number(g, "valueAtRisk99", e.valueAtRisk99());
            number(g, "expectedShortfall975", e.expectedShortfall975());
            number(g, "probabilityUp", e.probabilityUp());
            numbers(g, "volatilityMembers", e.volatilityMembers());
            numbers(g, "volatilityWeights", e.volatilityWeights());
        });
    }

    public static byte[] outcome(OutcomeEvent e) {
        return write(1100, g -> {
            field(g, "symbol"); g.writeString(e.symbol());
            date(g, "asOf", e.asOf());
            date(g, "targetDate", e.targetDate());
            field(g, "lastClose"); g.writeNumber(e.lastClose());
            field(g, "predictedClose"); g.writeNumber(e.predictedClose());
            field(g, "actualClose"); g.writeNumber(e.actualClose());
            field(g, "error"); g.writeNumber(e.error());
            field(g, "naiveError"); g.writeNumber(e.naiveError());
            field(g, "modelVersion"); g.writeNumber(e.modelVersion());
            date(g, "trainedThrough", e.trainedThrough());
            field(g, "correction"); g.writeBoolean(e.correction());
            field(g, "count"); g.writeNumber(e.count());
            number(g, "runningRmse", e.runningRmse());
            number(g, "runningNaiveRmse", e.runningNaiveRmse());
            number(g, "runningTheilU", e.runningTheilU());
            number(g, "runningHitRate", e.runningHitRate());
            number(g, "modelPredictedClose", e.modelPredictedClose());
            number(g, "modelError", e.modelError());
            number(g, "skillWeight", e.skillWeight());
            number(g, "runningSkillWeight", e.runningSkillWeight());
            field(g, "intervals"); g.writeStartArray();
            for (OutcomeEvent.BandOutcome b : e.intervals()) {
                g.writeStartObject();
                field(g, "level"); g.writeNumber(b.level());
                field(g, "lower"); g.writeNumber(b.lower());
                field(g, "upper"); g.writeNumber(b.upper());
                field(g, "inside"); g.writeBoolean(b.inside());
                number(g, "runningCoverage", b.runningCoverage());
                number(g, "runningWidthRatio", b.runningWidthRatio());
                field(g, "runningCount"); g.writeNumber(b.runningCount());
                g.writeEndObject();
            }
            g.writeEndArray();
            number(g, "adjustment", e.adjustment());
            field(g, "countedInRunning"); g.writeBoolean(e.countedInRunning());
            strings(g, "dataQuality", e.dataQuality());
            number(g, "valueAtRisk975", e.valueAtRisk975());
            number(g, "valueAtRisk99", e.valueAtRisk99());
            number(g, "expectedShortfall975", e.expectedShortfall975());
            bool(g, "var975Exception", e.var975Exception());
            bool(g, "var99Exception", e.var99Exception());
            field(g, "varBacktest"); g.writeStartArray();
            for (OutcomeEvent.VarFigures v : e.varBacktest()) {
                g.writeStartObject();
                field(g, "level"); g.writeNumber(v.level());
                field(g, "exceptions"); g.writeNumber(v.exceptions());
                field(g, "outcomes"); g.writeNumber(v.outcomes());
                number(g, "kupiecP", v.kupiecP());
                number(g, "independenceP", v.independenceP());
                number(g, "conditionalCoverageP", v.conditionalCoverageP());
                g.writeEndObject();
            }
            g.writeEndArray();
            if (e.baselZone() == null) {
                field(g, "baselZone"); g.writeNull();
            } else {
                field(g, "baselZone"); g.writeString(e.baselZone());
            }
        });
    }

    /** Field names as Jackson's pre-encoded strings, made once: written as copied bytes, not char by char. */
    private static final Map<String, SerializedString> NAMES = new ConcurrentHashMap<>();

    private static void field(JsonGenerator g, String name) throws IOException {
        SerializedString s = NAMES.get(name);
        if (s == null) {
            s = NAMES.computeIfAbsent(name, SerializedString::new);
        }
        g.writeFieldName(s);
    }

    private interface Fields {
        void write(JsonGenerator g) throws IOException;
    }

    private static byte[] write(int sizeHint, Fields fields) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(sizeHint);
        try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(out)) {
            g.writeStartObject();
            fields.write(g);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void date(JsonGenerator g, String name, LocalDate d) throws IOException {
        if (d == null) {
            field(g, name); g.writeNull();
        } else {
            field(g, name); g.writeString(d.toString());
        }
    }

    private static void strings(JsonGenerator g, String name, java.util.List<String> values) throws IOException {
        field(g, name); g.writeStartArray();
        for (String v : values) {
            g.writeString(v);
        }
        g.writeEndArray();
    }

    private static void bool(JsonGenerator g, String name, Boolean v) throws IOException {
        if (v == null) {
            field(g, name); g.writeNull();
        } else {
            field(g, name); g.writeBoolean(v);
        }
    }

    private static void numbers(JsonGenerator g, String name, java.util.Map<String, Double> values) throws IOException {
        if (values == null) {
            field(g, name); g.writeNull();
            return;
        }
        field(g, name); g.writeStartObject();
        for (java.util.Map.Entry<String, Double> e : values.entrySet()) {
            number(g, e.getKey(), e.getValue());
        }
        g.writeEndObject();
    }

    private static void number(JsonGenerator g, String name, Double v) throws IOException {
        if (v == null) {
            field(g, name); g.writeNull();
        } else {
            field(g, name); g.writeNumber(v);
        }
    }
}
