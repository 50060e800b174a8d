package io.barcast.backtest;

import org.apache.commons.math3.analysis.MultivariateFunction;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.NelderMeadSimplex;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.SimplexOptimizer;
import org.apache.commons.math3.special.Gamma;

/**
 * A GARCH(1,1) with standardised Student-t innovations and zero mean, for daily log returns:
 * {@code r_t = σ_t z_t}, {@code σ²_t = ω + α r²_{t−1} + β σ²_{t−1}}, {@code z} Student-t with {@code ν} degrees of
 * freedom scaled to unit variance. {@link #fit} maximises the likelihood with Apache Commons Math's Nelder-Mead simplex
 * over an unconstrained reparametrisation that keeps {@code ω > 0}, {@code α, β ≥ 0}, {@code α + β < 1} and
 * {@code ν > 2}; the recursion starts at the sample variance of the returns it is fitted on.
 *
 * @param omega ω
 * @param alpha α
 * @param beta  β
 * @param nu    ν, the degrees of freedom
 */
public record GarchT(double omega, double alpha, double beta, double nu) {

    /** Fewer returns than this: {@link #fit} gives {@link #fallback} (a RiskMetrics-like filter with fat tails). */
    public static final int MIN_RETURNS = 100;
    private static final double MAX_PERSISTENCE = 0.9999;

    /** RiskMetrics' λ 0.94 as a GARCH without ω, with 8 degrees of freedom. */
    public static GarchT fallback(double variance) {
        return new GarchT(Math.max(1e-12, variance) * 1e-4, 0.06, 0.9399, 8);
    }

    /** The maximum-likelihood fit to {@code r} (oldest first). */
    public static GarchT fit(double[] r) {
        double v = sampleVariance(r);
        if (r.length < MIN_RETURNS || !(v > 0)) {
            return fallback(v);
        }
        MultivariateFunction ll = x -> logLikelihood(of(x, v), r, v);
        SimplexOptimizer optimizer = new SimplexOptimizer(1e-9, 1e-12);
        double[] start = {logit(0.97 / MAX_PERSISTENCE), logit(0.08 / 0.97), 0.0, Math.log(8 - 2.05)};
        try {
            PointValuePair best = optimizer.optimize(new MaxEval(4000), new ObjectiveFunction(ll), GoalType.MAXIMIZE,
                    new InitialGuess(start), new NelderMeadSimplex(new double[]{0.5, 0.5, 0.5, 0.5}));
            GarchT g = of(best.getPoint(), v);
            return Double.isFinite(best.getValue()) ? g : fallback(v);
        } catch (RuntimeException tooManyEvaluations) {
            return fallback(v);
        }
    }

    /** The parameters of the unconstrained point {@code x}, ω relative to the variance {@code v} it targets. */
    private static GarchT of(double[] x, double v) {
        double persistence = MAX_PERSISTENCE * sigmoid(x[0]);
        double alpha = persistence * sigmoid(x[1]);
        double omega = v * (1 - persistence) * Math.exp(Math.max(-20, Math.min(20, x[2])));
        double nu = 2.05 + Math.min(200, Math.exp(Math.max(-20, x[3])));
        return new GarchT(omega, alpha, persistence - alpha, nu);
    }

    /** The log-likelihood of {@code r}, the recursion started at {@code start}. */
    static double logLikelihood(GarchT g, double[] r, double start) {
        double nu = g.nu;
        double constant = Gamma.logGamma((nu + 1) / 2) - Gamma.logGamma(nu / 2) - 0.5 * Math.log(Math.PI * (nu - 2));
        double s2 = start;
        double sum = 0;
        for (double x : r) {
            sum += constant - 0.5 * Math.log(s2) - (nu + 1) / 2 * Math.log1p(x * x / ((nu - 2) * s2));
            s2 = g.omega + g.alpha * x * x + g.beta * s2;
        }
        return Double.isFinite(sum) ? sum : Double.NEGATIVE_INFINITY;
    }

    /** The variance of the return after the last of {@code r}, the recursion started at their sample variance. */
    public double nextVariance(double[] r) {
        double s2 = sampleVariance(r);
        for (double x : r) {
            s2 = omega + alpha * x * x + beta * s2;
        }
        return s2;
    }

    /** The {@code a}-quantile (a small: the left tail) of the unit-variance innovation. */
    public double quantile(double a) {
        return new TDistribution(null, nu).inverseCumulativeProbability(a) * Math.sqrt((nu - 2) / nu);
    }

    /** The expected shortfall at tail probability {@code a} of the unit-variance innovation, as a positive multiple. */
    public double shortfall(double a) {
        TDistribution t = new TDistribution(null, nu);
        double q = t.inverseCumulativeProbability(a);
        return t.density(q) / a * (nu + q * q) / (nu - 1) * Math.sqrt((nu - 2) / nu);
    }

    static double sampleVariance(double[] r) {
        if (r.length == 0) {
            return Double.NaN;
        }
        double s = 0;
        for (double x : r) {
            s += x * x;
        }
        return s / r.length;
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    private static double logit(double p) {
        return Math.log(p / (1 - p));
    }
}
