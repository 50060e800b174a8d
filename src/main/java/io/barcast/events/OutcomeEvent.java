package io.barcast.events;

import io.barcast.forecast.ScoredPrediction;

import java.time.LocalDate;
import java.util.List;

/**
 * A record of the {@code prediction-outcomes} topic: a prediction joined with the close that
 * later arrived, next to the naive forecast's error, and the symbol's running figures.
 *
 * <p>{@code predictedClose}, {@code error} and the running figures are those of the published (served)
 * forecast; {@code modelPredictedClose} and {@code modelError} are the model's own (null when the prediction
 * was made by a version before skill weights), {@code skillWeight} the weight the prediction was served with and
 * {@code runningSkillWeight} the symbol's weight after this outcome.
 *
 * <p>{@code intervals} holds, per level the prediction was published with, its bounds, whether the actual close fell
 * inside them, and the symbol's coverage and mean width (relative to the last close) at that level over its last
 * {@code runningCount} (at most 250) outcomes, this one included.
 *
 * <p>{@code adjustment} is the split factor the prediction's prices were multiplied by before it was scored (a told
 * or suspected split between the two bars; null when none), {@code countedInRunning} false when the outcome is kept
 * out of the running figures (the bar came after a hole), and {@code dataQuality} names the data-quality events of the
 * actual bar ({@code data-quality} topic). Fields are only ever added.
 */
public record OutcomeEvent(String symbol, LocalDate asOf, LocalDate targetDate, double lastClose, double predictedClose,
                           double actualClose, double error, double naiveError, long modelVersion,
                           LocalDate trainedThrough, boolean correction, long count, Double runningRmse,
                           Double runningNaiveRmse, Double runningTheilU, Double runningHitRate,
                           Double modelPredictedClose, Double modelError, Double skillWeight, Double runningSkillWeight,
                           List<BandOutcome> intervals, Double adjustment, boolean countedInRunning,
                           List<String> dataQuality) {

    /** One level of the published prediction, met with its close. */
    public record BandOutcome(double level, double lower, double upper, boolean inside, Double runningCoverage,
                              Double runningWidthRatio, int runningCount) {
    }

    public OutcomeEvent {
        intervals = intervals == null ? List.of() : List.copyOf(intervals);
        dataQuality = dataQuality == null ? List.of() : List.copyOf(dataQuality);
    }

    public static OutcomeEvent of(ScoredPrediction s) {
        ScoredPrediction.RunningSkill r = s.running();
        return new OutcomeEvent(s.symbol(), s.asOf(), s.targetDate(), s.lastClose(), s.predictedClose(), s.actualClose(),
                s.error(), s.naiveError(), s.modelVersion(), s.trainedThrough(), s.correction(), r.count(),
                Json.num(r.rmse()), Json.num(r.naiveRmse()), Json.num(r.theilU()), Json.num(r.hitRate()),
                Json.num(s.modelPredictedClose()), Json.num(s.modelError()), Json.num(s.weight()), Json.num(r.weight()),
                s.intervals().stream().map(i -> new BandOutcome(i.level(), i.lower(), i.upper(), i.inside(),
                        Json.num(i.coverage()), Json.num(i.meanRelativeWidth()), i.count())).toList(),
                s.adjustment() == 1.0 ? null : Json.num(s.adjustment()), s.counted(), DataQualityEvent.kinds(s.quality()));
    }
}
