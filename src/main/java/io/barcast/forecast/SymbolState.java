package io.barcast.forecast;

import io.barcast.interval.Calibration;
import io.barcast.interval.EwmaVariance;
import io.barcast.interval.Interval;
import io.barcast.interval.MemberVolatilities;
import io.barcast.interval.TailCalibration;
import io.barcast.interval.TailRisk;
import io.barcast.interval.VolatilityBook;

import java.time.LocalDate;
import java.util.List;

/**
 * Per-symbol bookkeeping kept in the {@code symbol-state} store (encoded by the stream layer): model version counter,
 * retraining schedule, the prediction awaiting its outcome, and running evaluation sums.
 *
 * @param nextVersion       version the next training job gets
 * @param trainedAtAppended window's appended-bar count when the last finished job was submitted
 * @param trainedBefore     whether any job finished for this symbol
 * @param pending           the latest prediction, not yet scored (null when none)
 * @param lastOutcome       the latest scored prediction (to redo it when its actual bar is corrected)
 * @param metrics           {@link io.barcast.evaluation.ForecastMetrics#state()} of the published (served) forecast
 * @param skill             the evidence behind the serving weight ({@link SkillWeight#NONE} when absent)
 * @param calibration       the interval calibration (no levels when absent; the forecaster adds the configured ones)
 * @param warmRetrains      retrains that started from the serving model's weights since the last one from scratch
 *                          (finished ones; {@link WarmStartPolicy})
 * @param coldDue           whether the last finished retrain gave no serving model (it failed, or the promotion gate
 *                          refused it): the next one starts from scratch
 * @param ewma              the window's EWMA variance, kept from bar to bar for the intervals (null when absent: it is
 *                          computed from the window)
 * @param unitFactor        the split factor the stored prices are in: the last one a bar told (null while none did)
 * @param tails             the VaR calibration and recent exceptions ({@link TailCalibration#initial()} when absent)
 * @param volatility        the kept range variances and the volatility blend ({@link VolatilityBook#initial()} when absent)
 */
public record SymbolState(long nextVersion, long trainedAtAppended, boolean trainedBefore, Pending pending,
                          Pending lastOutcome, double[] metrics, SkillWeight skill, Calibration calibration,
                          int warmRetrains, boolean coldDue, EwmaVariance ewma, Double unitFactor, TailCalibration tails,
                          VolatilityBook volatility) {

    public SymbolState {
        skill = skill == null ? SkillWeight.NONE : skill;
        calibration = calibration == null ? new Calibration(new float[0], List.of()) : calibration;
        tails = tails == null ? TailCalibration.initial() : tails;
        volatility = volatility == null ? VolatilityBook.initial() : volatility;
        if (warmRetrains < 0) {
            throw new IllegalArgumentException("warm retrains must be >= 0, got " + warmRetrains);
        }
    }

    /** Without the volatility blend (state written before it: it starts with equal weights). */
    public SymbolState(long nextVersion, long trainedAtAppended, boolean trainedBefore, Pending pending,
                       Pending lastOutcome, double[] metrics, SkillWeight skill, Calibration calibration,
                       int warmRetrains, boolean coldDue, EwmaVariance ewma, Double unitFactor, TailCalibration tails) {
        this(nextVersion, trainedAtAppended, trainedBefore, pending, lastOutcome, metrics, skill, calibration,
                warmRetrains, coldDue, ewma, unitFactor, tails, null);
    }

    /** Without a tail calibration (state written before VaR: it starts afresh). */
    public SymbolState(long nextVersion, long trainedAtAppended, boolean trainedBefore, Pending pending,
                       Pending lastOutcome, double[] metrics, SkillWeight skill, Calibration calibration,
                       int warmRetrains, boolean coldDue, EwmaVariance ewma, Double unitFactor) {
        this(nextVersion, trainedAtAppended, trainedBefore, pending, lastOutcome, metrics, skill, calibration,
                warmRetrains, coldDue, ewma, unitFactor, null);
    }

    /** Without a told split factor (state written before data-quality rules). */
    public SymbolState(long nextVersion, long trainedAtAppended, boolean trainedBefore, Pending pending,
                       Pending lastOutcome, double[] metrics, SkillWeight skill, Calibration calibration,
                       int warmRetrains, boolean coldDue, EwmaVariance ewma) {
        this(nextVersion, trainedAtAppended, trainedBefore, pending, lastOutcome, metrics, skill, calibration,
                warmRetrains, coldDue, ewma, null);
    }

    /** Without a kept EWMA variance (state written before it was kept: computed from the window at the next bar). */
    public SymbolState(long nextVersion, long trainedAtAppended, boolean trainedBefore, Pending pending,
                       Pending lastOutcome, double[] metrics, SkillWeight skill, Calibration calibration,
                       int warmRetrains, boolean coldDue) {
        this(nextVersion, trainedAtAppended, trainedBefore, pending, lastOutcome, metrics, skill, calibration,
                warmRetrains, coldDue, null);
    }

    /** Without warm-start bookkeeping (state written before warm starts existed: the next retrain may be warm). */
    public SymbolState(long nextVersion, long trainedAtAppended, boolean trainedBefore, Pending pending,
                       Pending lastOutcome, double[] metrics, SkillWeight skill, Calibration calibration) {
        this(nextVersion, trainedAtAppended, trainedBefore, pending, lastOutcome, metrics, skill, calibration, 0, false);
    }

    /** Without interval calibration (state written before intervals existed). */
    public SymbolState(long nextVersion, long trainedAtAppended, boolean trainedBefore, Pending pending,
                       Pending lastOutcome, double[] metrics, SkillWeight skill) {
        this(nextVersion, trainedAtAppended, trainedBefore, pending, lastOutcome, metrics, skill, null);
    }

    public static SymbolState initial() {
        return new SymbolState(1, 0, false, null, null, null, SkillWeight.NONE, null, 0, false);
    }

    /**
     * A prediction made after bar {@code asOf}; {@code targetDate} and {@code actualClose} are set once it is scored.
     * {@code predictedClose} is the published close, {@code modelReturn} the model's own log return and {@code weight}
     * the skill weight it was served with; {@code intervals} are the published intervals and {@code volatility} what
     * they were built on, {@code risk} the published VaR and ES (null for a prediction without), {@code members} the
     * volatility members it was blended from (null when none is known). State written by earlier versions lacks some:
     * NaN, no intervals, no risk, or no members.
     */
    public record Pending(LocalDate asOf, double lastClose, double predictedClose, long modelVersion,
                          LocalDate trainedThrough, LocalDate targetDate, Double actualClose, double modelReturn,
                          double weight, double volatility, List<Interval> intervals, double adjustment, boolean counted,
                          TailRisk risk, MemberVolatilities members) {

        public Pending {
            intervals = intervals == null ? List.of() : List.copyOf(intervals);
            members = members == null || !members.known() ? null : members;
        }

        /** Without the volatility members (made before the blend existed). */
        public Pending(LocalDate asOf, double lastClose, double predictedClose, long modelVersion,
                       LocalDate trainedThrough, LocalDate targetDate, Double actualClose, double modelReturn,
                       double weight, double volatility, List<Interval> intervals, double adjustment, boolean counted,
                       TailRisk risk) {
            this(asOf, lastClose, predictedClose, modelVersion, trainedThrough, targetDate, actualClose, modelReturn, weight,
                    volatility, intervals, adjustment, counted, risk, null);
        }

        /** Without VaR and ES (made before they existed). */
        public Pending(LocalDate asOf, double lastClose, double predictedClose, long modelVersion,
                       LocalDate trainedThrough, LocalDate targetDate, Double actualClose, double modelReturn,
                       double weight, double volatility, List<Interval> intervals, double adjustment, boolean counted) {
            this(asOf, lastClose, predictedClose, modelVersion, trainedThrough, targetDate, actualClose, modelReturn, weight,
                    volatility, intervals, adjustment, counted, null);
        }

        /** Never adjusted for a split, and (once scored) counted in the running figures. */
        public Pending(LocalDate asOf, double lastClose, double predictedClose, long modelVersion,
                       LocalDate trainedThrough, LocalDate targetDate, Double actualClose, double modelReturn,
                       double weight, double volatility, List<Interval> intervals) {
            this(asOf, lastClose, predictedClose, modelVersion, trainedThrough, targetDate, actualClose, modelReturn, weight,
                    volatility, intervals, 1.0, true);
        }

        /** Without intervals. */
        public Pending(LocalDate asOf, double lastClose, double predictedClose, long modelVersion,
                       LocalDate trainedThrough, LocalDate targetDate, Double actualClose, double modelReturn, double weight) {
            this(asOf, lastClose, predictedClose, modelVersion, trainedThrough, targetDate, actualClose, modelReturn, weight,
                    Double.NaN, List.of());
        }

        /** The published centre: log(predicted close / last close). */
        public double servedReturn() {
            return Math.log(predictedClose / lastClose);
        }

        /** The conformity score of close {@code actual}: |realised − centre| / volatility (NaN without a volatility). */
        public double score(double actual) {
            return Math.abs(Math.log(actual / lastClose) - servedReturn()) / volatility;
        }

        /** The model's own close: last close × exp(model return). */
        public double modelPredictedClose() {
            return lastClose * Math.exp(modelReturn);
        }

        /** The same prediction with its tail figures. */
        public Pending withRisk(TailRisk r) {
            return new Pending(asOf, lastClose, predictedClose, modelVersion, trainedThrough, targetDate, actualClose, modelReturn,
                    weight, volatility, intervals, adjustment, counted, r, members);
        }

        /** The same prediction with the volatility members it was blended from. */
        public Pending withMembers(MemberVolatilities m) {
            return new Pending(asOf, lastClose, predictedClose, modelVersion, trainedThrough, targetDate, actualClose, modelReturn,
                    weight, volatility, intervals, adjustment, counted, risk, m);
        }

        /** Scored against {@code actual}, the close of {@code target}, and counted in the running figures. */
        public Pending scored(LocalDate target, double actual) {
            return scored(target, actual, true);
        }

        /** Scored against {@code actual}, the close of {@code target}; {@code counted} in the running figures or not. */
        public Pending scored(LocalDate target, double actual, boolean counted) {
            return new Pending(asOf, lastClose, predictedClose, modelVersion, trainedThrough, target, actual, modelReturn, weight,
                    volatility, intervals, adjustment, counted, risk, members);
        }

        /** Its prices multiplied by {@code factor} (a split's): returns, volatility and scores stay. */
        public Pending rescaled(double factor) {
            List<Interval> scaled = intervals.stream().map(i -> new Interval(i.level(), i.lower() * factor, i.upper() * factor)).toList();
            return new Pending(asOf, lastClose * factor, predictedClose * factor, modelVersion, trainedThrough, targetDate,
                    actualClose == null ? null : actualClose * factor, modelReturn, weight, volatility, scaled,
                    adjustment * factor, counted, risk == null ? null : risk.rescaled(factor), members);
        }
    }

    public SymbolState withNextVersion(long v) {
        return new SymbolState(v, trainedAtAppended, trainedBefore, pending, lastOutcome, metrics, skill, calibration,
                warmRetrains, coldDue, ewma, unitFactor, tails, volatility);
    }

    public SymbolState withTrained(long appended) {
        return new SymbolState(nextVersion, appended, true, pending, lastOutcome, metrics, skill, calibration,
                warmRetrains, coldDue, ewma, unitFactor, tails, volatility);
    }

    public SymbolState withPending(Pending p) {
        return new SymbolState(nextVersion, trainedAtAppended, trainedBefore, p, lastOutcome, metrics, skill, calibration,
                warmRetrains, coldDue, ewma, unitFactor, tails, volatility);
    }

    public SymbolState withOutcome(Pending scored, double[] newMetrics) {
        return new SymbolState(nextVersion, trainedAtAppended, trainedBefore, pending, scored, newMetrics, skill, calibration,
                warmRetrains, coldDue, ewma, unitFactor, tails, volatility);
    }

    public SymbolState withSkill(SkillWeight s) {
        return new SymbolState(nextVersion, trainedAtAppended, trainedBefore, pending, lastOutcome, metrics, s, calibration,
                warmRetrains, coldDue, ewma, unitFactor, tails, volatility);
    }

    /**
     * After a retrain finished: a warm one adds to the warm retrains since the last cold one, a cold one starts the
     * count again; one that gave no serving model makes the next retrain cold.
     */
    public SymbolState withRetrainOutcome(boolean warm, boolean promoted) {
        return new SymbolState(nextVersion, trainedAtAppended, trainedBefore, pending, lastOutcome, metrics, skill, calibration,
                warm ? warmRetrains + 1 : 0, !promoted, ewma, unitFactor, tails, volatility);
    }

    public SymbolState withEwma(EwmaVariance e) {
        return new SymbolState(nextVersion, trainedAtAppended, trainedBefore, pending, lastOutcome, metrics, skill, calibration,
                warmRetrains, coldDue, e, unitFactor, tails, volatility);
    }

    public SymbolState withCalibration(Calibration c) {
        return new SymbolState(nextVersion, trainedAtAppended, trainedBefore, pending, lastOutcome, metrics, skill, c,
                warmRetrains, coldDue, ewma, unitFactor, tails, volatility);
    }

    public SymbolState withTails(TailCalibration t) {
        return new SymbolState(nextVersion, trainedAtAppended, trainedBefore, pending, lastOutcome, metrics, skill, calibration,
                warmRetrains, coldDue, ewma, unitFactor, t, volatility);
    }

    public SymbolState withVolatility(VolatilityBook v) {
        return new SymbolState(nextVersion, trainedAtAppended, trainedBefore, pending, lastOutcome, metrics, skill, calibration,
                warmRetrains, coldDue, ewma, unitFactor, tails, v);
    }

    public SymbolState withUnitFactor(Double f) {
        return new SymbolState(nextVersion, trainedAtAppended, trainedBefore, pending, lastOutcome, metrics, skill, calibration,
                warmRetrains, coldDue, ewma, f, tails, volatility);
    }

    /**
     * Every price in the state multiplied by {@code factor} (a split's): the pending prediction, the last outcome and the
     * running error sums, so that they are in the units of the bars to come.
     */
    public SymbolState rescaled(double factor) {
        double[] m = metrics == null ? null : io.barcast.evaluation.ForecastMetrics.fromState(metrics).rescaled(factor).state();
        return new SymbolState(nextVersion, trainedAtAppended, trainedBefore, pending == null ? null : pending.rescaled(factor),
                lastOutcome == null ? null : lastOutcome.rescaled(factor), m, skill, calibration, warmRetrains, coldDue, ewma,
                unitFactor, tails, volatility);
    }
}
