package io.barcast.interval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A symbol's interval calibration, kept in its state so that restarts and failover keep it. Split conformal on
 * normalised scores: a prediction with centre {@code c} (the served log return) and volatility {@code σ} gets, per
 * level, {@code close × exp(c ± q·σ)}, {@code q} the {@code (1 − α)} conformal quantile of the recent scores
 * {@code |y − c| / σ} ({@code y} the realised log return). The scores start as the serving model's validation
 * residuals (at each promotion they replace the latest outcomes' scores, {@link #promoted}; they precede the bar
 * predicted from, so nothing is looked ahead), and each
 * outcome adds its own. {@code α} moves after each outcome by adaptive conformal inference ({@link AdaptiveLevel}),
 * so coverage holds while the volatility is off for a while. Below {@value #MIN_SCORES} scores the normal quantile
 * stands in.
 *
 * @param recent recent scores, with their sorted copy
 * @param levels per level, its adaptive miscoverage rate and its recent coverage, ascending by level
 */
public record Calibration(Scores recent, List<LevelState> levels) {

    /** Fewer scores than this: the normal quantile is used instead of the empirical one. */
    static final int MIN_SCORES = 20;
    /** Half-widths are capped at this many log units (a factor of e^10 either way): no bound ever overflows. */
    static final double MAX_HALF_WIDTH = 10;

    /** One level's adaptive rate and recent outcomes. */
    public record LevelState(AdaptiveLevel aci, CoverageWindow coverage) {

        public double level() {
            return aci.level();
        }
    }

    public Calibration {
        recent = recent == null ? Scores.NONE : recent;
        levels = List.copyOf(levels);
    }

    /** From the recent scores, oldest first (the codec's form). */
    public Calibration(float[] scores, List<LevelState> levels) {
        this(scores == null ? null : Scores.of(scores), levels);
    }

    public static Calibration initial(Levels levels) {
        return new Calibration(Scores.NONE, List.of()).forLevels(levels);
    }

    /** The recent scores, oldest first (a copy). */
    public float[] scores() {
        return recent.values();
    }

    /** This state for the configured {@code levels}: kept levels keep their state, new ones start fresh, others go. */
    public Calibration forLevels(Levels configured) {
        List<LevelState> out = new ArrayList<>();
        boolean same = configured.size() == levels.size();
        for (int i = 0; i < configured.size(); i++) {
            double level = configured.get(i);
            LevelState found = null;
            for (LevelState s : levels) {
                if (s.level() == level) {
                    found = s;
                }
            }
            same &= found != null;
            out.add(found != null ? found : new LevelState(AdaptiveLevel.of(level), CoverageWindow.empty(IntervalSettings.COVERAGE_WINDOW)));
        }
        return same ? this : new Calibration(recent, out);
    }

    /**
     * A newly promoted model: its validation scores (the last {@code n} bars of its window, the days of the latest
     * outcomes, scored with the volatility it gives) replace the scores of the latest {@code n} outcomes; the older
     * outcomes' scores stay, the whole kept to {@code capacity}, oldest first. So the quantiles keep up to
     * {@code capacity} days however often models are promoted, and the recent days are judged by the new model.
     */
    public Calibration promoted(double[] validationScores, int capacity) {
        float[] fresh = finite(validationScores);
        if (fresh.length > capacity) {
            fresh = Arrays.copyOfRange(fresh, fresh.length - capacity, fresh.length);
        }
        float[] old = recent.values();
        int keep = Math.max(0, Math.min(old.length - fresh.length, capacity - fresh.length));
        float[] out = new float[keep + fresh.length];
        if (keep > 0) {
            System.arraycopy(old, old.length - fresh.length - keep, out, 0, keep);
        }
        System.arraycopy(fresh, 0, out, keep, fresh.length);
        return new Calibration(Scores.of(out), levels);
    }

    /**
     * The intervals for a prediction from a bar that closed at {@code lastClose}, centred on log return
     * {@code centre} with predicted volatility {@code sigma} (both finite, {@code sigma > 0}).
     */
    public List<Interval> intervals(double lastClose, double centre, double sigma) {
        List<Interval> out = new ArrayList<>(levels.size());
        for (LevelState s : levels) {
            double q = multiplier(recent, s.aci());
            double half = Math.min(MAX_HALF_WIDTH, q * sigma);
            if (!(half >= 0)) {
                throw new IllegalArgumentException("no interval for volatility " + sigma + " and multiplier " + q);
            }
            double lower = lastClose * Math.exp(centre - half);
            double upper = lastClose * Math.exp(centre + half);
            out.add(new Interval(s.level(), Math.min(lower, upper), Math.max(lower, upper)));
        }
        return out;
    }

    /**
     * The published intervals met their close: each level's rate and coverage take the outcome, and its score
     * {@code |y − centre| / sigma} joins the recent scores.
     */
    public Calibration outcome(List<Interval> served, double lastClose, double actual, double score, IntervalSettings settings) {
        List<LevelState> out = new ArrayList<>(levels.size());
        for (LevelState s : levels) {
            Interval i = find(served, s.level());
            if (i == null) {
                out.add(s);
                continue;
            }
            boolean in = i.contains(actual);
            out.add(new LevelState(s.aci().next(in, settings.aciStep()), s.coverage().add(in, i.relativeWidth(lastClose))));
        }
        return new Calibration(append(score, settings.calibrationScores()), out);
    }

    /** The close of the latest outcome's bar was corrected from {@code oldActual} to {@code newActual}. */
    public Calibration corrected(List<Interval> served, double lastClose, double oldActual, double newActual, double newScore,
                                 IntervalSettings settings) {
        List<LevelState> out = new ArrayList<>(levels.size());
        for (LevelState s : levels) {
            Interval i = find(served, s.level());
            if (i == null) {
                out.add(s);
                continue;
            }
            boolean in = i.contains(newActual);
            AdaptiveLevel aci = s.aci().undo(i.contains(oldActual), settings.aciStep()).next(in, settings.aciStep());
            out.add(new LevelState(aci, s.coverage().replaceLast(in, i.relativeWidth(lastClose))));
        }
        boolean replace = recent.size() > 0 && newScore >= 0 && Float.isFinite((float) newScore);
        return new Calibration(replace ? recent.replaceLast((float) newScore) : recent, out);
    }

    /** The state of {@code level}, or null. */
    public LevelState level(double level) {
        for (LevelState s : levels) {
            if (s.level() == level) {
                return s;
            }
        }
        return null;
    }

    /** The conformal quantile of the scores at the level's current rate (finite-sample corrected), or the normal one. */
    static double multiplier(Scores scores, AdaptiveLevel aci) {
        int n = scores.size();
        if (n < MIN_SCORES) {
            double target = aci.target(0.9999);
            return target <= 0 ? 0 : Normal.quantile(0.5 + target / 2);
        }
        double target = aci.target(1);
        int k = (int) Math.ceil((n + 1) * target);
        if (k <= 0) {
            return 0;
        }
        return scores.smallest(Math.min(k, n) - 1);
    }

    private static Interval find(List<Interval> served, double level) {
        if (served == null) {
            return null;
        }
        for (Interval i : served) {
            if (i.level() == level) {
                return i;
            }
        }
        return null;
    }

    private Scores append(double score, int capacity) {
        return score >= 0 && Float.isFinite((float) score) ? recent.append((float) score, capacity) : recent;
    }

    private static float[] finite(double[] v) {
        int k = 0;
        float[] out = new float[v.length];
        for (double d : v) {
            if (d >= 0 && Float.isFinite((float) d)) {
                out[k++] = (float) d;
            }
        }
        return Arrays.copyOf(out, k);
    }
}
