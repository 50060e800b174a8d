package io.barcast.events;

import io.barcast.forecast.Prediction;
import io.barcast.model.Forecast;
import io.barcast.model.ModelMetadata;

import java.time.LocalDate;

/**
 * A record of the {@code predictions} topic: the next close after {@code asOf}, with the model's
 * lineage and validation skill. {@code correction} is true when the bar of {@code asOf} was
 * corrected and this replaces an earlier prediction from the same date.
 */
public record PredictionEvent(String symbol, LocalDate asOf, double lastClose, double predictedClose,
                              double predictedReturn, long modelVersion, LocalDate trainedThrough,
                              Double modelValTheilU, Double modelValRmse, Double naiveValRmse,
                              boolean correction, long barTimestamp, long producedAt) {

    public static PredictionEvent of(Prediction p, long barTimestamp, long now) {
        Forecast f = p.forecast();
        ModelMetadata m = p.model();
        return new PredictionEvent(f.symbol(), f.asOf(), f.lastClose(), f.predictedClose(), f.predictedReturn(),
                f.modelVersion(), f.trainedThrough(), Json.num(m.valTheilU()), Json.num(m.valRmseModel()),
                Json.num(m.valRmseNaive()), p.correction(), barTimestamp, now);
    }
}
