package io.barcast.events;

import io.barcast.interval.VolatilityMember;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The JSON of the two records written on every bar, {@link PredictionEvent} and {@link OutcomeEvent}, written field by
 * field into a byte array ({@link JsonBytes}): byte for byte what {@link Json#bytes} (data binding) writes for them
 * ({@code EventJsonTest}), without its reflective accessor calls and its generator's per-value checks on the stream
 * thread.
 */
public final class EventJson {

    /** The records' field names, each encoded once (the constants are spelled as the fields). */
    private enum F {
        symbol, asOf, targetDate, lastClose, predictedClose, predictedReturn, actualClose, error, naiveError,
        modelVersion, trainedThrough, modelValTheilU, modelValRmse, naiveValRmse, correction, barTimestamp, producedAt,
        modelReturn, modelPredictedClose, modelError, skillWeight, volatility, intervals, level, lower, upper, inside,
        count, runningRmse, runningNaiveRmse, runningTheilU, runningHitRate, runningSkillWeight, runningCoverage,
        runningWidthRatio, runningCount, adjustment, countedInRunning, dataQuality, valueAtRisk975, valueAtRisk99,
        expectedShortfall975, probabilityUp, volatilityMembers, volatilityWeights, var975Exception, var99Exception,
        varBacktest, exceptions, outcomes, kupiecP, independenceP, conditionalCoverageP, baselZone;

        final JsonBytes.Name name = new JsonBytes.Name(name());
    }

    private EventJson() {
    }

    public static byte[] prediction(PredictionEvent e) {
        JsonBytes w = JsonBytes.reusing().startObject();
        w.name(F.symbol.name).value(e.symbol());
        w.name(F.asOf.name).value(e.asOf());
        w.name(F.lastClose.name).value(e.lastClose());
        w.name(F.predictedClose.name).value(e.predictedClose());
        w.name(F.predictedReturn.name).value(e.predictedReturn());
        w.name(F.modelVersion.name).value(e.modelVersion());
        w.name(F.trainedThrough.name).value(e.trainedThrough());
        w.name(F.modelValTheilU.name).value(e.modelValTheilU());
        w.name(F.modelValRmse.name).value(e.modelValRmse());
        w.name(F.naiveValRmse.name).value(e.naiveValRmse());
        w.name(F.correction.name).value(e.correction());
        w.name(F.barTimestamp.name).value(e.barTimestamp());
        w.name(F.producedAt.name).value(e.producedAt());
        w.name(F.modelReturn.name).value(e.modelReturn());
        w.name(F.modelPredictedClose.name).value(e.modelPredictedClose());
        w.name(F.skillWeight.name).value(e.skillWeight());
        w.name(F.volatility.name).value(e.volatility());
        w.name(F.intervals.name).startArray();
        for (PredictionEvent.Band b : e.intervals()) {
            w.startObject();
            w.name(F.level.name).value(b.level());
            w.name(F.lower.name).value(b.lower());
            w.name(F.upper.name).value(b.upper());
            w.endObject();
        }
        w.endArray();
        strings(w.name(F.dataQuality.name), e.dataQuality());
        w.name(F.targetDate.name).value(e.targetDate());
        w.name(F.valueAtRisk975.name).value(e.valueAtRisk975());
        w.name(F.valueAtRisk99.name).value(e.valueAtRisk99());
        w.name(F.expectedShortfall975.name).value(e.expectedShortfall975());
        w.name(F.probabilityUp.name).value(e.probabilityUp());
        numbers(w.name(F.volatilityMembers.name), e.volatilityMembers());
        numbers(w.name(F.volatilityWeights.name), e.volatilityWeights());
        return w.endObject().toBytes();
    }

    public static byte[] outcome(OutcomeEvent e) {
        JsonBytes w = JsonBytes.reusing().startObject();
        w.name(F.symbol.name).value(e.symbol());
        w.name(F.asOf.name).value(e.asOf());
        w.name(F.targetDate.name).value(e.targetDate());
        w.name(F.lastClose.name).value(e.lastClose());
        w.name(F.predictedClose.name).value(e.predictedClose());
        w.name(F.actualClose.name).value(e.actualClose());
        w.name(F.error.name).value(e.error());
        w.name(F.naiveError.name).value(e.naiveError());
        w.name(F.modelVersion.name).value(e.modelVersion());
        w.name(F.trainedThrough.name).value(e.trainedThrough());
        w.name(F.correction.name).value(e.correction());
        w.name(F.count.name).value(e.count());
        w.name(F.runningRmse.name).value(e.runningRmse());
        w.name(F.runningNaiveRmse.name).value(e.runningNaiveRmse());
        w.name(F.runningTheilU.name).value(e.runningTheilU());
        w.name(F.runningHitRate.name).value(e.runningHitRate());
        w.name(F.modelPredictedClose.name).value(e.modelPredictedClose());
        w.name(F.modelError.name).value(e.modelError());
        w.name(F.skillWeight.name).value(e.skillWeight());
        w.name(F.runningSkillWeight.name).value(e.runningSkillWeight());
        w.name(F.intervals.name).startArray();
        for (OutcomeEvent.BandOutcome b : e.intervals()) {
            w.startObject();
            w.name(F.level.name).value(b.level());
            w.name(F.lower.name).value(b.lower());
            w.name(F.upper.name).value(b.upper());
            w.name(F.inside.name).value(b.inside());
            w.name(F.runningCoverage.name).value(b.runningCoverage());
            w.name(F.runningWidthRatio.name).value(b.runningWidthRatio());
            w.name(F.runningCount.name).value(b.runningCount());
            w.endObject();
        }
        w.endArray();
        w.name(F.adjustment.name).value(e.adjustment());
        w.name(F.countedInRunning.name).value(e.countedInRunning());
        strings(w.name(F.dataQuality.name), e.dataQuality());
        w.name(F.valueAtRisk975.name).value(e.valueAtRisk975());
        w.name(F.valueAtRisk99.name).value(e.valueAtRisk99());
        w.name(F.expectedShortfall975.name).value(e.expectedShortfall975());
        w.name(F.var975Exception.name).value(e.var975Exception());
        w.name(F.var99Exception.name).value(e.var99Exception());
        w.name(F.varBacktest.name).startArray();
        for (OutcomeEvent.VarFigures v : e.varBacktest()) {
            w.startObject();
            w.name(F.level.name).value(v.level());
            w.name(F.exceptions.name).value(v.exceptions());
            w.name(F.outcomes.name).value(v.outcomes());
            w.name(F.kupiecP.name).value(v.kupiecP());
            w.name(F.independenceP.name).value(v.independenceP());
            w.name(F.conditionalCoverageP.name).value(v.conditionalCoverageP());
            w.endObject();
        }
        w.endArray();
        w.name(F.baselZone.name).value(e.baselZone());
        return w.endObject().toBytes();
    }

    private static JsonBytes.Name name(String key) {
        JsonBytes.Name n = KEYS.get(key);
        if (n == null) {
            n = new JsonBytes.Name(key);
            if (KEYS.size() < 64) { // bounded, whatever maps a caller builds
                KEYS.putIfAbsent(key, n);
            }
        }
        return n;
    }

    private static void strings(JsonBytes w, List<String> values) {
        w.startArray();
        for (String v : values) {
            w.value(v);
        }
        w.endArray();
    }

    /** The volatility members' names by ordinal, each encoded once. */
    private static final JsonBytes.Name[] MEMBER_NAMES = Arrays.stream(VolatilityMember.ALL)
            .map(m -> new JsonBytes.Name(m.key())).toArray(JsonBytes.Name[]::new);
    /** Other names of {@link #numbers}' objects (of a record built with its own maps), each encoded once. */
    private static final Map<String, JsonBytes.Name> KEYS = new ConcurrentHashMap<>();

    /** An object of numbers by name, or null. */
    private static void numbers(JsonBytes w, Map<String, Double> values) {
        if (values == null) {
            w.nullValue();
            return;
        }
        w.startObject();
        if (values instanceof MemberMap m) {
            for (VolatilityMember k : VolatilityMember.ALL) {
                w.name(MEMBER_NAMES[k.ordinal()]).value(m.value(k.ordinal()));
            }
            w.endObject();
            return;
        }
        for (Map.Entry<String, Double> e : values.entrySet()) {
            w.name(name(e.getKey())).value(e.getValue());
        }
        w.endObject();
    }
}
