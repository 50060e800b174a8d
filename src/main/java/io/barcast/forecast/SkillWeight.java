package io.barcast.forecast;

import io.barcast.evaluation.ReturnFit;

/**
 * How far a symbol's published forecast leans on its LSTM: the served return is {@code weight × r}, {@code r} the
 * model's predicted next-day log return, from the naive forecast (weight 0: tomorrow's close = today's) to the raw
 * model (weight 1).
 *
 * <p>{@code weight = clamp(beta × max(0, 1 − K/t²), 0, 1)}: the least-squares slope of the realised returns on the
 * model's, shrunk by its t statistic, so that a slope within {@code √K = 3} standard errors of zero gives weight 0.
 * Three, not two, because a symbol is tested again at every retrain, and a two-sigma bar is passed by chance several
 * times a year. The evidence: the serving model's validation samples (replaced at each promotion; inside its training
 * window, so nothing comes from after the bar predicted from), each counting half an outcome because the model was
 * early-stopped on them, plus the realised outcomes, forgotten with a half-life of {@value #HALF_LIFE}. A model whose
 * validation RMSE did not beat the naive forecast's serves with weight 0.
 *
 * @param validation the serving model's validation fit, each sample counted {@value #VALIDATION_WEIGHT}
 * @param live       the symbol's realised outcomes, older ones forgotten
 * @param beatsNaive whether the serving model beat the naive forecast on its validation bars
 */
public record SkillWeight(ReturnFit validation, ReturnFit live, boolean beatsNaive) {

    /** Outcomes after which an outcome counts half. */
    public static final int HALF_LIFE = 250;
    static final double DECAY = Math.pow(0.5, 1.0 / HALF_LIFE);
    /** The shrinkage constant: weight 0 while t² ≤ K. */
    static final double K = 9;
    /** What one validation sample counts for against one realised outcome. */
    static final double VALIDATION_WEIGHT = 0.5;

    /** No model yet: the naive forecast. */
    public static final SkillWeight NONE = new SkillWeight(ReturnFit.EMPTY, ReturnFit.EMPTY, false);

    public SkillWeight {
        validation = validation == null ? ReturnFit.EMPTY : validation;
        live = live == null ? ReturnFit.EMPTY : live;
    }

    /** The weight in [0, 1] to serve the next prediction with. */
    public double weight() {
        if (!beatsNaive) {
            return 0;
        }
        ReturnFit all = validation.plus(live);
        double beta = all.beta();
        double t = all.tStat();
        if (!(beta > 0) || !Double.isFinite(t) || t * t <= K) {
            return 0;
        }
        return Math.min(1, beta * (1 - K / (t * t)));
    }

    /** A newly promoted model: its validation fit (at half weight) replaces the previous model's; the outcomes stay. */
    public SkillWeight promoted(ReturnFit modelValidation, boolean modelBeatsNaive) {
        return new SkillWeight(modelValidation.decayed(VALIDATION_WEIGHT), live, modelBeatsNaive);
    }

    /** One more realised outcome: the model had predicted log return {@code r}, the close moved by {@code y}. */
    public SkillWeight withOutcome(double r, double y) {
        return new SkillWeight(validation, live.decayed(DECAY).plus(r, y), beatsNaive);
    }

    /** The last outcome's bar was corrected: its realised return {@code yOld} becomes {@code yNew}. */
    public SkillWeight corrected(double r, double yOld, double yNew) {
        return new SkillWeight(validation, live.minus(r, yOld).plus(r, yNew), beatsNaive);
    }
}
