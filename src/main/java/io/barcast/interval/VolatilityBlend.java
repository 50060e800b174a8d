package io.barcast.interval;

import java.util.Arrays;

/**
 * How a symbol's {@link VolatilityMember}s are combined, learned from its own realised outcomes. Per member it keeps
 * exponentially weighted sums (decay {@value #DECAY}, a half-life of ~140 outcomes) of {@code ln σ²} and of
 * {@code r²/σ²} over the outcomes it predicted ({@code r} the realised log return, {@code σ} the member's volatility
 * as published), and the weight those sums carry. Their ratio gives each member's scale-free QLIKE,
 * {@code L = mean(ln σ²) + ln mean(r²/σ²)}: the QLIKE loss it would have had with its level corrected by the best
 * constant (the intervals' conformal calibration supplies the level; what a member must get right is the shape of
 * the volatility over time). The weights are {@code exp(−η·n·(L − L_min))} normalised, {@code η} {@value #ETA} and
 * {@code n} the fewest outcomes any member taking part has: a member 0.01 QLIKE units better over ~200 outcomes weighs
 * ~1.8 times as much. The volatility is the weighted geometric mean of the present members. Until a present member
 * has {@value #MIN_OUTCOMES} outcomes the weights are equal; after that only members with that many take part. Only
 * realised outcomes move it: nothing is looked ahead.
 *
 * @param logSums   per member, Σ δ^age · ln σ²
 * @param ratioSums per member, Σ δ^age · r²/σ²
 * @param counts    per member, Σ δ^age (the outcomes it took part in, discounted)
 */
public record VolatilityBlend(double[] logSums, double[] ratioSums, double[] counts) {

    public static final double DECAY = 0.995;
    public static final double ETA = 0.3;
    static final int MIN_OUTCOMES = 50;
    private static final int K = VolatilityMember.ALL.length;

    public VolatilityBlend {
        if (logSums.length != K || ratioSums.length != K || counts.length != K) {
            throw new IllegalArgumentException("a volatility blend has " + K + " members, got " + logSums.length + "/"
                    + ratioSums.length + "/" + counts.length);
        }
        logSums = logSums.clone();
        ratioSums = ratioSums.clone();
        counts = counts.clone();
    }

    /** No outcome yet: equal weights. */
    public static VolatilityBlend initial() {
        return new VolatilityBlend(new double[K], new double[K], new double[K]);
    }

    /** Whether member {@code k}'s volatility {@code v} takes part: finite and at least {@link Volatility#FLOOR}. */
    static boolean present(double v) {
        return Double.isFinite(v) && v >= Volatility.FLOOR;
    }

    /**
     * The weights of {@code members}, in {@link VolatilityMember#ALL}'s order: zero for absent ones, summing to 1. While
     * no present member has {@value #MIN_OUTCOMES} outcomes they are equal; after that a member with fewer (one added
     * to a learned blend: a new model head, a member a newer release brought) sits out until it has them.
     */
    public double[] weights(MemberVolatilities of) {
        return weights(of.values());
    }

    private double[] weights(double[] members) {
        double[] w = new double[K];
        double[] loss = new double[K];
        double fewest = Double.POSITIVE_INFINITY;
        double best = Double.POSITIVE_INFINITY;
        int present = 0;
        for (int k = 0; k < K; k++) {
            if (present(members[k])) {
                present++;
                loss[k] = counts[k] >= MIN_OUTCOMES && ratioSums[k] > 0
                        ? logSums[k] / counts[k] + Math.log(ratioSums[k] / counts[k]) : Double.NaN;
                if (Double.isFinite(loss[k])) {
                    fewest = Math.min(fewest, counts[k]);
                    best = Math.min(best, loss[k]);
                }
            }
        }
        if (present == 0) {
            return w;
        }
        boolean learned = Double.isFinite(best);
        double sum = 0;
        for (int k = 0; k < K; k++) {
            if (present(members[k])) {
                w[k] = !learned ? 1 : Double.isFinite(loss[k]) ? Math.exp(-ETA * fewest * (loss[k] - best)) : 0;
                sum += w[k];
            }
        }
        for (int k = 0; k < K; k++) {
            w[k] /= sum;
        }
        return w;
    }

    /** The blended volatility of {@code members}: their geometric mean under {@link #weights}; NaN when none is present. */
    public Blended blend(MemberVolatilities of) {
        double[] members = of.values();
        double[] w = weights(members);
        double log = 0;
        boolean any = false;
        for (int k = 0; k < K; k++) {
            if (w[k] > 0) {
                log += w[k] * Math.log(members[k]);
                any = true;
            }
        }
        return new Blended(any ? Math.max(Volatility.FLOOR, Math.exp(log)) : Double.NaN, of, w);
    }

    /** A blended volatility with the member volatilities and the weights ({@link VolatilityMember#ALL}'s order) it came from. */
    public record Blended(double volatility, MemberVolatilities members, double[] weights) {

        public Blended {
            weights = weights.clone();
        }

        public double weight(VolatilityMember m) {
            return weights[m.ordinal()];
        }
    }

    /** The prediction built on {@code members} met realised log return {@code r}: each present member takes it. */
    public VolatilityBlend outcome(MemberVolatilities of, double r) {
        if (of == null || !Double.isFinite(r)) {
            return this;
        }
        double[] members = of.values();
        double[] a = logSums.clone();
        double[] b = ratioSums.clone();
        double[] n = counts.clone();
        for (int k = 0; k < K; k++) {
            if (present(members[k])) {
                double v = members[k] * members[k];
                a[k] = DECAY * a[k] + Math.log(v);
                b[k] = DECAY * b[k] + r * r / v;
                n[k] = DECAY * n[k] + 1;
            }
        }
        return new VolatilityBlend(a, b, n);
    }

    /** The latest outcome's return was corrected from {@code oldR} to {@code newR} (its bar's close was). */
    public VolatilityBlend corrected(MemberVolatilities of, double oldR, double newR) {
        if (of == null || !Double.isFinite(oldR) || !Double.isFinite(newR)) {
            return this;
        }
        double[] members = of.values();
        double[] b = ratioSums.clone();
        for (int k = 0; k < K; k++) {
            if (present(members[k])) {
                b[k] += (newR * newR - oldR * oldR) / (members[k] * members[k]);
            }
        }
        return new VolatilityBlend(logSums, b, counts);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VolatilityBlend v && Arrays.equals(logSums, v.logSums) && Arrays.equals(ratioSums, v.ratioSums)
                && Arrays.equals(counts, v.counts);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(logSums) + Arrays.hashCode(ratioSums)) + Arrays.hashCode(counts);
    }

    @Override
    public String toString() {
        return "VolatilityBlend" + Arrays.toString(counts);
    }
}
