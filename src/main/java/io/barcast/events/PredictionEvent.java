package io.barcast.events;

import io.barcast.forecast.Prediction;
import io.barcast.interval.VolatilityBlend;
import io.barcast.interval.VolatilityMember;
import io.barcast.model.Forecast;
import io.barcast.model.ModelMetadata;

import java.time.LocalDate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A record of the {@code predictions} topic: the next close after {@code asOf}, with the model's
 * lineage and validation skill. {@code correction} is true when the bar of {@code asOf} was
 * corrected and this replaces an earlier prediction from the same date.
 *
 * <p>{@code predictedClose} and {@code predictedReturn} are the served forecast: the model's own log return
 * {@code modelReturn} shrunk toward the naive forecast by {@code skillWeight} in [0, 1]
 * ({@code predictedReturn = skillWeight × modelReturn}, {@code predictedClose = lastClose × exp(predictedReturn)});
 * {@code modelPredictedClose} is the model's own close.
 *
 * <p>{@code intervals} holds, per configured level (ascending), the bounds the next close should fall in with that
 * probability, centred on {@code predictedReturn}: {@code lastClose × exp(predictedReturn ± q·volatility)}, where
 * {@code volatility} is the predicted standard deviation of the next log return and {@code q} the symbol's calibrated
 * multiplier for the level. {@code dataQuality} names the data-quality events of the bar of {@code asOf}
 * ({@code data-quality} topic).
 *
 * <p>{@code targetDate} is the bar the prediction is for as the service sees it (the next weekday after {@code asOf}).
 * {@code valueAtRisk975} and {@code valueAtRisk99} are one-sided VaR as lower price bounds of the next close (the close
 * should fall below them with probability 2.5% and 1%; the loss is {@code lastClose − VaR}), {@code expectedShortfall975}
 * the 97.5% expected shortfall as a price, {@code probabilityUp} P(next close > last close); all null for a prediction
 * without them.
 *
 * <p>{@code volatilityMembers} are the estimators {@code volatility} was blended from (by name: {@code model},
 * {@code ewma}, {@code rangeFast}, {@code rangeSlow}, {@code rangeDown}; null for one that had none),
 * {@code volatilityWeights} their weights (summing to 1); both null for a prediction without. Fields are only ever
 * added, and so are members.
 */
public record PredictionEvent(String symbol, LocalDate asOf, double lastClose, double predictedClose,
                              double predictedReturn, long modelVersion, LocalDate trainedThrough,
                              Double modelValTheilU, Double modelValRmse, Double naiveValRmse,
                              boolean correction, long barTimestamp, long producedAt,
                              double modelReturn, double modelPredictedClose, double skillWeight,
                              Double volatility, List<Band> intervals, List<String> dataQuality, LocalDate targetDate,
                              Double valueAtRisk975, Double valueAtRisk99, Double expectedShortfall975,
                              Double probabilityUp, Map<String, Double> volatilityMembers,
                              Map<String, Double> volatilityWeights) {

    /** One level's bounds of the next close. */
    public record Band(double level, double lower, double upper) {
    }

    public PredictionEvent {
        intervals = intervals == null ? List.of() : List.copyOf(intervals);
        dataQuality = dataQuality == null ? List.of() : List.copyOf(dataQuality);
        volatilityMembers = frozen(volatilityMembers);
        volatilityWeights = frozen(volatilityWeights);
    }

    /** Without the volatility blend (the fields of records written before it). */
    public PredictionEvent(String symbol, LocalDate asOf, double lastClose, double predictedClose,
                           double predictedReturn, long modelVersion, LocalDate trainedThrough,
                           Double modelValTheilU, Double modelValRmse, Double naiveValRmse,
                           boolean correction, long barTimestamp, long producedAt,
                           double modelReturn, double modelPredictedClose, double skillWeight,
                           Double volatility, List<Band> intervals, List<String> dataQuality, LocalDate targetDate,
                           Double valueAtRisk975, Double valueAtRisk99, Double expectedShortfall975, Double probabilityUp) {
        this(symbol, asOf, lastClose, predictedClose, predictedReturn, modelVersion, trainedThrough, modelValTheilU,
                modelValRmse, naiveValRmse, correction, barTimestamp, producedAt, modelReturn, modelPredictedClose,
                skillWeight, volatility, intervals, dataQuality, targetDate, valueAtRisk975, valueAtRisk99,
                expectedShortfall975, probabilityUp, null, null);
    }

    /** Without the target date and tail figures (the fields of records written before them). */
    public PredictionEvent(String symbol, LocalDate asOf, double lastClose, double predictedClose,
                           double predictedReturn, long modelVersion, LocalDate trainedThrough,
                           Double modelValTheilU, Double modelValRmse, Double naiveValRmse,
                           boolean correction, long barTimestamp, long producedAt,
                           double modelReturn, double modelPredictedClose, double skillWeight,
                           Double volatility, List<Band> intervals, List<String> dataQuality) {
        this(symbol, asOf, lastClose, predictedClose, predictedReturn, modelVersion, trainedThrough, modelValTheilU,
                modelValRmse, naiveValRmse, correction, barTimestamp, producedAt, modelReturn, modelPredictedClose,
                skillWeight, volatility, intervals, dataQuality, null, null, null, null, null);
    }

    public static PredictionEvent of(Prediction p, long barTimestamp, long now) {
        Forecast f = p.forecast();
        ModelMetadata m = p.model();
        return new PredictionEvent(f.symbol(), f.asOf(), f.lastClose(), p.servedClose(), p.servedReturn(),
                f.modelVersion(), f.trainedThrough(), Json.num(m.valTheilU()), Json.num(m.valRmseModel()),
                Json.num(m.valRmseNaive()), p.correction(), barTimestamp, now, f.predictedReturn(), f.predictedClose(),
                p.weight(), Json.num(p.volatility()),
                p.intervals().stream().map(i -> new Band(i.level(), i.lower(), i.upper())).toList(),
                DataQualityEvent.kinds(p.quality()), p.targetDate(),
                p.risk() == null ? null : Json.num(p.risk().var975()), p.risk() == null ? null : Json.num(p.risk().var99()),
                p.risk() == null ? null : Json.num(p.risk().es975()), p.risk() == null ? null : Json.num(p.risk().probabilityUp()),
                p.blend() == null ? null : members(p.blend()), p.blend() == null ? null : weights(p.blend()));
    }

    /** An immutable copy in the given order ({@link MemberMap}s are immutable already: the ones built on every bar). */
    private static Map<String, Double> frozen(Map<String, Double> m) {
        return m == null || m instanceof MemberMap ? m : Collections.unmodifiableMap(new LinkedHashMap<>(m));
    }

    private static Map<String, Double> members(VolatilityBlend.Blended b) {
        Double[] v = new Double[VolatilityMember.ALL.length];
        for (VolatilityMember k : VolatilityMember.ALL) {
            v[k.ordinal()] = Json.num(b.members().get(k));
        }
        return new MemberMap(v);
    }

    private static Map<String, Double> weights(VolatilityBlend.Blended b) {
        Double[] v = new Double[VolatilityMember.ALL.length];
        for (VolatilityMember k : VolatilityMember.ALL) {
            v[k.ordinal()] = b.weights()[k.ordinal()];
        }
        return new MemberMap(v);
    }
}
