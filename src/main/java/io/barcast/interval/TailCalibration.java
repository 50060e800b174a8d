package io.barcast.interval;

import java.util.ArrayList;
import java.util.List;

/**
 * A symbol's calibration of the left tail, kept in its state beside the intervals' {@link Calibration}. The VaR at
 * level L is {@code lastClose × exp(c − q·σ)} ({@code c} the served log return, {@code σ} the intervals' volatility),
 * {@code q} the conformal quantile of the recent scores {@code |y − c|/σ} at two-sided coverage {@code 1 − 2a}: a
 * left-tail probability {@code a} on scores assumed symmetric. The asymmetry is left to the tail itself: {@code a}
 * starts at {@code 1 − L} and moves after each realised outcome by adaptive conformal inference on the one-sided
 * exceptions ({@code a ← a + γ·((1 − L) − exception)}, step {@value #STEP}, stored in [0,
 * {@value #MAX_TAIL}] and used at no less than {@value #MIN_TAIL}), so a left tail heavier than the right one gets a lower VaR until the exceptions come down to
 * their rate. The 97.5% ES is the mean of the scores beyond the 97.5% quantile (the same {@code a}), as a price.
 * Below {@value Calibration#MIN_SCORES} scores the normal distribution stands in. Only realised outcomes move it:
 * nothing is looked ahead.
 *
 * @param levels the 97.5% and 99% levels' rate and recent exceptions
 */
public record TailCalibration(List<TailLevel> levels) {

    public static final double LEVEL_975 = 0.975;
    public static final double LEVEL_99 = 0.99;
    /** The ACI step of the tail levels: a fifth of an exception's weight comes back over 1/(5·(1 − L)) quiet days. */
    public static final double STEP = 0.002;
    static final double MIN_TAIL = 0.0005;
    static final double MAX_TAIL = 0.5;

    /** One VaR level's adaptive tail probability and recent exceptions. */
    public record TailLevel(AdaptiveLevel aci, ExceptionWindow window) {

        public double level() {
            return aci.level();
        }

        /** The left-tail probability to build the VaR for. */
        public double tail() {
            return Math.max(MIN_TAIL, Math.min(MAX_TAIL, aci.alpha()));
        }
    }

    public TailCalibration {
        levels = List.copyOf(levels);
        if (levels.size() != 2 || levels.get(0).level() != LEVEL_975 || levels.get(1).level() != LEVEL_99) {
            throw new IllegalArgumentException("tail levels must be 0.975 and 0.99, got " + levels);
        }
    }

    /** No outcome yet. */
    public static TailCalibration initial() {
        return new TailCalibration(List.of(fresh(LEVEL_975), fresh(LEVEL_99)));
    }

    private static TailLevel fresh(double level) {
        return new TailLevel(AdaptiveLevel.of(level), ExceptionWindow.empty(IntervalSettings.COVERAGE_WINDOW));
    }

    public TailLevel level975() {
        return levels.get(0);
    }

    public TailLevel level99() {
        return levels.get(1);
    }

    /** The tail of a prediction from close {@code lastClose}, centred on {@code centre}, volatility {@code sigma}. */
    public TailRisk risk(Scores scores, double lastClose, double centre, double sigma) {
        if (!(Double.isFinite(sigma) && sigma > 0 && Double.isFinite(centre) && lastClose > 0)) {
            throw new IllegalArgumentException("no tail for volatility " + sigma + " and centre " + centre);
        }
        double a975 = level975().tail();
        double var975 = bound(lastClose, centre, sigma * quantile(scores, a975));
        double var99 = Math.min(var975, bound(lastClose, centre, sigma * quantile(scores, level99().tail())));
        double es = Math.min(var975, bound(lastClose, centre, sigma * tailMean(scores, a975)));
        return new TailRisk(var975, var99, es, probabilityUp(scores, centre, sigma));
    }

    /** {@code lastClose × exp(centre − distance)}, the distance capped like a half-width, and never above the last close. */
    private static double bound(double lastClose, double centre, double distance) {
        double d = Math.min(Calibration.MAX_HALF_WIDTH, Math.max(0, distance));
        return Math.min(lastClose, lastClose * Math.exp(Math.max(-Calibration.MAX_HALF_WIDTH, centre - d)));
    }

    /** The score the left tail of probability {@code a} starts at. */
    static double quantile(Scores s, double a) {
        int n = s.size();
        if (n < Calibration.MIN_SCORES) {
            return Normal.quantile(1 - a);
        }
        return s.smallest(index(n, a));
    }

    /** The mean score beyond {@link #quantile}. */
    static double tailMean(Scores s, double a) {
        int n = s.size();
        if (n < Calibration.MIN_SCORES) {
            return Normal.density(Normal.quantile(1 - a)) / a;
        }
        double sum = 0;
        int from = index(n, a);
        for (int i = from; i < n; i++) {
            sum += s.smallest(i);
        }
        return sum / (n - from);
    }

    /** The finite-sample corrected index of the {@code 1 − 2a} quantile of {@code n} sorted scores. */
    private static int index(int n, double a) {
        int k = (int) Math.ceil((n + 1) * (1 - 2 * a));
        return Math.max(1, Math.min(k, n)) - 1;
    }

    /** P(y > 0) for y = centre + σ·S, S symmetric with the scores as |S|. */
    static double probabilityUp(Scores s, double centre, double sigma) {
        int n = s.size();
        if (centre == 0) {
            return 0.5;
        }
        if (n < Calibration.MIN_SCORES) {
            return Normal.cdf(centre / sigma);
        }
        double inside = (double) s.countAtMost((float) (Math.abs(centre) / sigma)) / n;
        return Math.max(0, Math.min(1, 0.5 + 0.5 * Math.signum(centre) * inside));
    }

    /** The published tail met its close: each level's rate and exceptions take the outcome. */
    public TailCalibration outcome(TailRisk served, double actual) {
        if (served == null) {
            return this;
        }
        List<TailLevel> out = new ArrayList<>(2);
        for (TailLevel l : levels) {
            boolean e = served.exception(l.level(), actual);
            out.add(new TailLevel(kept(l.aci().next(!e, STEP)), l.window().add(e)));
        }
        return new TailCalibration(out);
    }

    /** The close of the latest outcome's bar was corrected from {@code oldActual} to {@code newActual}. */
    public TailCalibration corrected(TailRisk served, double oldActual, double newActual) {
        if (served == null) {
            return this;
        }
        List<TailLevel> out = new ArrayList<>(2);
        for (TailLevel l : levels) {
            boolean e = served.exception(l.level(), newActual);
            AdaptiveLevel aci = l.aci().undo(!served.exception(l.level(), oldActual), STEP).next(!e, STEP);
            out.add(new TailLevel(kept(aci), l.window().replaceLast(e)));
        }
        return new TailCalibration(out);
    }

    /** The stored rate kept in [0, {@value #MAX_TAIL}]: a run of exceptions cannot wind it up beyond recovery. */
    private static AdaptiveLevel kept(AdaptiveLevel a) {
        return new AdaptiveLevel(a.level(), Math.max(0, Math.min(MAX_TAIL, a.alpha())));
    }

    /** Per level, the backtests over the recent outcomes. */
    public List<VarBacktest> backtests() {
        return List.of(VarBacktest.of(LEVEL_975, level975().window().transitions()),
                VarBacktest.of(LEVEL_99, level99().window().transitions()));
    }

    /** The Basel zone of the 99% VaR over the recent outcomes. */
    public BaselZone zone() {
        return BaselZone.of(level99().window().exceptions());
    }

    /** What the scored outcome publishes, after {@link #outcome} took it. */
    public TailOutcome outcomeOf(TailRisk served, double actual) {
        return new TailOutcome(served, served.exception(LEVEL_975, actual), served.exception(LEVEL_99, actual), backtests(), zone());
    }
}
