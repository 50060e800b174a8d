package io.barcast.model;

/**
 * {@link LstmForward}'s time step in plain scalar Java, for JVMs started without the Vector API
 * module (and as the reference the {@link LstmVectorKernel} is tested against). Same contract as
 * {@link LstmVectorKernel#step}.
 */
final class LstmScalarKernel {

    private LstmScalarKernel() {
    }

    /**
     * One time step of one layer: {@code z = b + in W + h RW} (the recurrent part skipped when
     * {@code first}, where {@code h} is still zero), then {@code c = f*c + i*a} and {@code h = o*tanh(c)}.
     * The input row is {@code in[inFrom + k * inStride]} for {@code k < w.length}, from {@code inF}
     * (floats of the model input) or {@code inD} (doubles of the layer below, {@code inStride} 1).
     */
    static void step(float[] inF, double[] inD, int inFrom, int inStride, double[][] w, double[][] rw, double[] b,
                     double[] z, double[] h, double[] c, boolean first) {
        int n = h.length;
        int n4 = 4 * n;
        System.arraycopy(b, 0, z, 0, n4);
        if (inF != null) {
            for (int k = 0; k < w.length; k++) {
                axpy(inF[inFrom + k * inStride], w[k], z, n4);
            }
        } else {
            gemv(inD, inFrom, w, z, n4);
        }
        if (!first) {
            gemv(h, 0, rw, z, n4);
        }
        for (int j = 0; j < n; j++) {
            double a = tanh(z[j]);
            double f = sigmoid(z[n + j]);
            double o = sigmoid(z[2 * n + j]);
            double g = sigmoid(z[3 * n + j]);
            double cj = f * c[j] + g * a;
            c[j] = cj;
            h[j] = o * tanh(cj);
        }
    }

    /**
     * {@code z[0..len) += sum over k of v[vFrom + k] * m[k][0..len)}, four rows per pass so that {@code z}
     * is loaded and stored a quarter as often; the inner loops vectorise.
     */
    private static void gemv(double[] v, int vFrom, double[][] m, double[] z, int len) {
        int rows = m.length;
        int k = 0;
        for (; k + 3 < rows; k += 4) {
            double a0 = v[vFrom + k];
            double a1 = v[vFrom + k + 1];
            double a2 = v[vFrom + k + 2];
            double a3 = v[vFrom + k + 3];
            double[] m0 = m[k];
            double[] m1 = m[k + 1];
            double[] m2 = m[k + 2];
            double[] m3 = m[k + 3];
            for (int j = 0; j < len; j++) {
                z[j] += a0 * m0[j] + a1 * m1[j] + a2 * m2[j] + a3 * m3[j];
            }
        }
        for (; k < rows; k++) {
            axpy(v[vFrom + k], m[k], z, len);
        }
    }

    /** {@code z[0..len) += a * m[0..len)}. */
    private static void axpy(double a, double[] m, double[] z, int len) {
        for (int j = 0; j < len; j++) {
            z[j] += a * m[j];
        }
    }

    private static double sigmoid(double v) {
        return 1.0 / (1.0 + Math.exp(-v));
    }

    /**
     * tanh through the (intrinsic) exponential: absolute error about 1e-16, far below float resolution,
     * and much faster than {@link Math#tanh} on JDK 17. Saturates to exactly -1 and 1; NaN stays NaN.
     */
    private static double tanh(double v) {
        return 1.0 - 2.0 / (Math.exp(2.0 * v) + 1.0);
    }
}
