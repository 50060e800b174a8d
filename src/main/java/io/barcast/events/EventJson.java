package io.barcast.events;

import com.fasterxml.jackson.core.JsonGenerator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;

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
            g.writeStringField("symbol", e.symbol());
            date(g, "asOf", e.asOf());
            g.writeNumberField("lastClose", e.lastClose());
            g.writeNumberField("predictedClose", e.predictedClose());
            g.writeNumberField("predictedReturn", e.predictedReturn());
            g.writeNumberField("modelVersion", e.modelVersion());
            date(g, "trainedThrough", e.trainedThrough());
            number(g, "modelValTheilU", e.modelValTheilU());
            number(g, "modelValRmse", e.modelValRmse());
            number(g, "naiveValRmse", e.naiveValRmse());
            g.writeBooleanField("correction", e.correction());
            g.writeNumberField("barTimestamp", e.barTimestamp());
            g.writeNumberField("producedAt", e.producedAt());
            g.writeNumberField("modelReturn", e.modelReturn());
            g.writeNumberField("modelPredictedClose", e.modelPredictedClose());
            g.writeNumberField("skillWeight", e.skillWeight());
            number(g, "volatility", e.volatility());
            g.writeArrayFieldStart("intervals");
            for (PredictionEvent.Band b : e.intervals()) {
                g.writeStartObject();
                g.writeNumberField("level", b.level());
                g.writeNumberField("lower", b.lower());
                g.writeNumberField("upper", b.upper());
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
            g.writeStringField("symbol", e.symbol());
            date(g, "asOf", e.asOf());
            date(g, "targetDate", e.targetDate());
            g.writeNumberField("lastClose", e.lastClose());
            g.writeNumberField("predictedClose", e.predictedClose());
            g.writeNumberField("actualClose", e.actualClose());
            g.writeNumberField("error", e.error());
            g.writeNumberField("naiveError", e.naiveError());
            g.writeNumberField("modelVersion", e.modelVersion());
            date(g, "trainedThrough", e.trainedThrough());
            g.writeBooleanField("correction", e.correction());
            g.writeNumberField("count", e.count());
            number(g, "runningRmse", e.runningRmse());
            number(g, "runningNaiveRmse", e.runningNaiveRmse());
            number(g, "runningTheilU", e.runningTheilU());
            number(g, "runningHitRate", e.runningHitRate());
            number(g, "modelPredictedClose", e.modelPredictedClose());
            number(g, "modelError", e.modelError());
            number(g, "skillWeight", e.skillWeight());
            number(g, "runningSkillWeight", e.runningSkillWeight());
            g.writeArrayFieldStart("intervals");
            for (OutcomeEvent.BandOutcome b : e.intervals()) {
                g.writeStartObject();
                g.writeNumberField("level", b.level());
                g.writeNumberField("lower", b.lower());
                g.writeNumberField("upper", b.upper());
                g.writeBooleanField("inside", b.inside());
                number(g, "runningCoverage", b.runningCoverage());
                number(g, "runningWidthRatio", b.runningWidthRatio());
                g.writeNumberField("runningCount", b.runningCount());
                g.writeEndObject();
            }
            g.writeEndArray();
            number(g, "adjustment", e.adjustment());
            g.writeBooleanField("countedInRunning", e.countedInRunning());
            strings(g, "dataQuality", e.dataQuality());
            number(g, "valueAtRisk975", e.valueAtRisk975());
            number(g, "valueAtRisk99", e.valueAtRisk99());
            number(g, "expectedShortfall975", e.expectedShortfall975());
            bool(g, "var975Exception", e.var975Exception());
            bool(g, "var99Exception", e.var99Exception());
            g.writeArrayFieldStart("varBacktest");
            for (OutcomeEvent.VarFigures v : e.varBacktest()) {
                g.writeStartObject();
                g.writeNumberField("level", v.level());
                g.writeNumberField("exceptions", v.exceptions());
                g.writeNumberField("outcomes", v.outcomes());
                number(g, "kupiecP", v.kupiecP());
                number(g, "independenceP", v.independenceP());
                number(g, "conditionalCoverageP", v.conditionalCoverageP());
                g.writeEndObject();
            }
            g.writeEndArray();
            if (e.baselZone() == null) {
                g.writeNullField("baselZone");
            } else {
                g.writeStringField("baselZone", e.baselZone());
            }
        });
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
            g.writeNullField(name);
        } else {
            g.writeStringField(name, d.toString());
        }
    }

    private static void strings(JsonGenerator g, String name, java.util.List<String> values) throws IOException {
        g.writeArrayFieldStart(name);
        for (String v : values) {
            g.writeString(v);
        }
        g.writeEndArray();
    }

    private static void bool(JsonGenerator g, String name, Boolean v) throws IOException {
        if (v == null) {
            g.writeNullField(name);
        } else {
            g.writeBooleanField(name, v);
        }
    }

    private static void numbers(JsonGenerator g, String name, java.util.Map<String, Double> values) throws IOException {
        if (values == null) {
            g.writeNullField(name);
            return;
        }
        g.writeObjectFieldStart(name);
        for (java.util.Map.Entry<String, Double> e : values.entrySet()) {
            number(g, e.getKey(), e.getValue());
        }
        g.writeEndObject();
    }

    private static void number(JsonGenerator g, String name, Double v) throws IOException {
        if (v == null) {
            g.writeNullField(name);
        } else {
            g.writeNumberField(name, v);
        }
    }
}
