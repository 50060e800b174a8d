package io.barcast.evaluation;

/**
 * How well a model's predicted next-day log returns {@code r} explain the realised ones {@code y}: the
 * regression through the origin {@code y = beta * r + e}, kept as (weighted) sums so that it can be
 * updated one outcome at a time, forget old outcomes, and be stored in a few bytes.
 *
 * @param n   weight of the pairs taken in (their count when nothing was forgotten)
 * @param syr sum of y·r
 * @param srr sum of r²
 * @param syy sum of y²
 */
public record ReturnFit(double n, double syr, double srr, double syy) {

    public static final ReturnFit EMPTY = new ReturnFit(0, 0, 0, 0);

    /** The fit of a batch of pairs, e.g. a model's validation samples. */
    public static ReturnFit of(double[] predicted, double[] realised) {
        if (predicted.length != realised.length) {
            throw new IllegalArgumentException(predicted.length + " predicted vs " + realised.length + " realised returns");
        }
        ReturnFit f = EMPTY;
        for (int i = 0; i < predicted.length; i++) {
            f = f.plus(predicted[i], realised[i]);
        }
        return f;
    }

    /** This fit with one more pair; a non-finite pair is ignored. */
    public ReturnFit plus(double r, double y) {
        if (!Double.isFinite(r) || !Double.isFinite(y)) {
            return this;
        }
        return new ReturnFit(n + 1, syr + y * r, srr + r * r, syy + y * y);
    }

    /** This fit without a pair that was taken in last (exact when nothing was forgotten since). */
    public ReturnFit minus(double r, double y) {
        if (!Double.isFinite(r) || !Double.isFinite(y)) {
            return this;
        }
        return new ReturnFit(Math.max(0, n - 1), syr - y * r, Math.max(0, srr - r * r), Math.max(0, syy - y * y));
    }

    /** Every pair's weight multiplied by {@code factor} (in (0, 1]): older outcomes count less. */
    public ReturnFit decayed(double factor) {
        return new ReturnFit(n * factor, syr * factor, srr * factor, syy * factor);
    }

    public ReturnFit plus(ReturnFit o) {
        return new ReturnFit(n + o.n, syr + o.syr, srr + o.srr, syy + o.syy);
    }

    /** Least-squares slope of y on r (0 when the model predicted only zeros). */
    public double beta() {
        return srr > 0 ? syr / srr : 0;
    }

    /** The slope's t statistic (0 with fewer than three pairs or no spread). */
    public double tStat() {
        if (n < 3 || srr <= 0) {
            return 0;
        }
        double beta = beta();
        double residual = Math.max(syy - beta * syr, 0) / (n - 1);
        if (residual <= 0) {
            return beta == 0 ? 0 : Math.copySign(1e6, beta);
        }
        return beta / Math.sqrt(residual / srr);
    }
}
