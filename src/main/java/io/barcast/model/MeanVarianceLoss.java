package io.barcast.model;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.ILossFunction;

/**
 * The loss of a network with two outputs per sample, the mean {@code μ} of the (normalised) target and its
 * log-variance {@code s}: per sample {@code ½·(y − μ)² + ½·(s + (y − μ)²·e^{−s})}, the squared error for the mean plus
 * the Gaussian negative log-likelihood (without its constant) for the variance, the mean's error taken as given there.
 * So {@code ∂/∂μ = −(y − μ)}: the mean is fitted as a one-output MSE network fits it, not weighted by how calm each day
 * was; and {@code ∂/∂s = ½·(1 − (y − μ)²·e^{−s})}: {@code e^s} fits the expected squared error, the model's forecast
 * of the size of tomorrow's move. (The full Gaussian likelihood, which also weights the mean's errors by
 * {@code e^{−s}}, scored worse on the AAPL walk-forward backtest, in interval score and in Theil's U.)
 *
 * <p>Labels are {@code [batch, 2]} with the target in column 0 (column 1 is ignored; DL4J wants labels shaped
 * like the output). {@code s} is clamped to [{@value #MIN_LOG_VARIANCE}, {@value #MAX_LOG_VARIANCE}] inside the
 * loss, as at prediction time ({@link #variance}), so that one wild batch cannot overflow {@code e^{−s}}.
 * Stateless; masks are honoured per sample.
 */
public final class MeanVarianceLoss implements ILossFunction {

    /** Log-variance bounds, in normalised units (the target has unit variance on the training rows). */
    static final double MIN_LOG_VARIANCE = -12;
    static final double MAX_LOG_VARIANCE = 12;

    /** The variance, in normalised units, of a log-variance output. */
    static double variance(double logVariance) {
        return Math.exp(clamp(logVariance));
    }

    static double clamp(double s) {
        return Math.max(MIN_LOG_VARIANCE, Math.min(MAX_LOG_VARIANCE, s));
    }

    /** Per-sample loss of one output pair against its target: squared error plus the variance's negative log-likelihood. */
    static double loss(double y, double mu, double logVariance) {
        double s = clamp(logVariance);
        double d = y - mu;
        return 0.5 * d * d + 0.5 * (s + d * d * Math.exp(-s));
    }

    @Override
    public double computeScore(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask, boolean average) {
        float[] scores = scores(labels, preOutput, activationFn, mask);
        double sum = 0;
        for (float v : scores) {
            sum += v;
        }
        return average ? sum / scores.length : sum;
    }

    @Override
    public INDArray computeScoreArray(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        float[] scores = scores(labels, preOutput, activationFn, mask);
        return Nd4j.create(scores, new long[]{scores.length, 1}, 'c').castTo(preOutput.dataType());
    }

    @Override
    public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        INDArray output = activationFn.getActivation(preOutput.dup(), true);
        float[] out = FloatArrays.rowMajor(output);
        float[] lab = FloatArrays.rowMajor(labels);
        int n = out.length / 2;
        int labelWidth = lab.length / n; // the target is each label row's first column
        float[] m = maskOf(mask, n);
        float[] grad = new float[n * 2];
        for (int i = 0; i < n; i++) {
            double s = clamp(out[2 * i + 1]);
            double d = lab[i * labelWidth] - out[2 * i];
            double inv = Math.exp(-s);
            grad[2 * i] = (float) (-d * m[i]);
            grad[2 * i + 1] = (float) (0.5 * (1 - d * d * inv) * m[i]);
        }
        INDArray dLdOut = Nd4j.create(grad, new long[]{n, 2}, 'c').castTo(preOutput.dataType());
        return activationFn.backprop(preOutput.dup(), dLdOut).getFirst();
    }

    @Override
    public Pair<Double, INDArray> computeGradientAndScore(INDArray labels, INDArray preOutput, IActivation activationFn,
                                                          INDArray mask, boolean average) {
        return new Pair<>(computeScore(labels, preOutput, activationFn, mask, average),
                computeGradient(labels, preOutput, activationFn, mask));
    }

    @Override
    public String name() {
        return "MeanVarianceLoss";
    }

    @Override
    public String toString() {
        return "MeanVarianceLoss()";
    }

    private static float[] scores(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        if (preOutput.rank() != 2 || preOutput.size(1) != 2) {
            throw new IllegalArgumentException("MeanVarianceLoss needs [batch, 2] outputs (mean, log-variance), got "
                    + java.util.Arrays.toString(preOutput.shape()));
        }
        float[] out = FloatArrays.rowMajor(activationFn.getActivation(preOutput.dup(), false));
        float[] lab = FloatArrays.rowMajor(labels);
        int n = out.length / 2;
        int labelWidth = lab.length / n; // the target is each label row's first column
        float[] m = maskOf(mask, n);
        float[] scores = new float[n];
        for (int i = 0; i < n; i++) {
            scores[i] = (float) (loss(lab[i * labelWidth], out[2 * i], out[2 * i + 1]) * m[i]);
        }
        return scores;
    }

    private static float[] maskOf(INDArray mask, int n) {
        float[] m = new float[n];
        if (mask == null) {
            java.util.Arrays.fill(m, 1f);
            return m;
        }
        float[] v = mask.reshape(mask.length()).toFloatVector();
        if (v.length != n && v.length != 2 * n) {
            throw new IllegalArgumentException("mask of " + v.length + " values for " + n + " samples");
        }
        for (int i = 0; i < n; i++) {
            m[i] = v[v.length == n ? i : 2 * i];
        }
        return m;
    }
}
