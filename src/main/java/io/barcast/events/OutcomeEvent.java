package io.barcast.events;

import io.barcast.forecast.ScoredPrediction;
import io.barcast.interval.TailOutcome;
import io.barcast.interval.VarBacktest;

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
 * actual bar ({@code data-quality} topic).
 *
 * <p>{@code valueAtRisk975}, {@code valueAtRisk99} and {@code expectedShortfall975} repeat the published tail figures;
 * {@code var975Exception} and {@code var99Exception} say whether the actual close fell below the VaR; {@code varBacktest}
 * holds per VaR level the symbol's exceptions over its last {@code outcomes} (at most 250) counted outcomes, this one
 * included, with the p-values of Kupiec's POF and Christoffersen's independence and conditional-coverage tests; and
 * {@code baselZone} the Basel traffic light of the 99% VaR over them (GREEN up to 4 exceptions, YELLOW 5 to 9, RED
 * 10 or more). All null or empty for a prediction made without VaR. Fields are only ever added.
 */
public record OutcomeEvent(String symbol, LocalDate asOf, LocalDate targetDate, double lastClose, double predictedClose,
                           double actualClose, double error, double naiveError, long modelVersion,
                           LocalDate trainedThrough, boolean correction, long count, Double runningRmse,
                           Double runningNaiveRmse, Double runningTheilU, Double runningHitRate,
                           Double modelPredictedClose, Double modelError, Double skillWeight, Double runningSkillWeight,
                           List<BandOutcome> intervals, Double adjustment, boolean countedInRunning,
                           List<String> dataQuality, Double valueAtRisk975, Double valueAtRisk99,
                           Double expectedShortfall975, Boolean var975Exception, Boolean var99Exception,
                           List<VarFigures> varBacktest, String baselZone) {

    /** One level of the published prediction, met with its close. */
    public record BandOutcome(double level, double lower, double upper, boolean inside, Double runningCoverage,
                              Double runningWidthRatio, int runningCount) {
    }

    /** One VaR level's backtest over the symbol's recent outcomes. */
    public record VarFigures(double level, int exceptions, int outcomes, Double kupiecP, Double independenceP,
                             Double conditionalCoverageP) {
        static VarFigures of(VarBacktest b) {
            return new VarFigures(b.level(), b.exceptions(), b.count(), Json.num(b.kupiecP()), Json.num(b.independenceP()),
                    Json.num(b.conditionalCoverageP()));
        }
    }

    public OutcomeEvent {
        intervals = intervals == null ? List.of() : List.copyOf(intervals);
        dataQuality = dataQuality == null ? List.of() : List.copyOf(dataQuality);
        varBacktest = varBacktest == null ? List.of() : List.copyOf(varBacktest);
    }

    /** Without the tail figures (the fields of records written before them). */
    public OutcomeEvent(String symbol, LocalDate asOf, LocalDate targetDate, double lastClose, double predictedClose,
                        double actualClose, double error, double naiveError, long modelVersion,
                        LocalDate trainedThrough, boolean correction, long count, Double runningRmse,
                        Double runningNaiveRmse, Double runningTheilU, Double runningHitRate,
                        Double modelPredictedClose, Double modelError, Double skillWeight, Double runningSkillWeight,
                        List<BandOutcome> intervals, Double adjustment, boolean countedInRunning,
                        List<String> dataQuality) {
        this(symbol, asOf, targetDate, lastClose, predictedClose, actualClose, error, naiveError, modelVersion,
                trainedThrough, correction, count, runningRmse, runningNaiveRmse, runningTheilU, runningHitRate,
                modelPredictedClose, modelError, skillWeight, runningSkillWeight, intervals, adjustment, countedInRunning,
                dataQuality, null, null, null, null, null, List.of(), null);
    }

    public static OutcomeEvent of(ScoredPrediction s) {
        ScoredPrediction.RunningSkill r = s.running();
        TailOutcome t = s.risk();
        return new OutcomeEvent(s.symbol(), s.asOf(), s.targetDate(), s.lastClose(), s.predictedClose(), s.actualClose(),
                s.error(), s.naiveError(), s.modelVersion(), s.trainedThrough(), s.correction(), r.count(),
                Json.num(r.rmse()), Json.num(r.naiveRmse()), Json.num(r.theilU()), Json.num(r.hitRate()),
                Json.num(s.modelPredictedClose()), Json.num(s.modelError()), Json.num(s.weight()), Json.num(r.weight()),
                s.intervals().stream().map(i -> new BandOutcome(i.level(), i.lower(), i.upper(), i.inside(),
                        Json.num(i.coverage()), Json.num(i.meanRelativeWidth()), i.count())).toList(),
                s.adjustment() == 1.0 ? null : Json.num(s.adjustment()), s.counted(), DataQualityEvent.kinds(s.quality()),
                t == null ? null : t.served().var975(), t == null ? null : t.served().var99(),
                t == null ? null : t.served().es975(), t == null ? null : t.exception975(), t == null ? null : t.exception99(),
                t == null ? List.of() : t.backtests().stream().map(VarFigures::of).toList(), t == null ? null : t.zone().name());
    }
}
