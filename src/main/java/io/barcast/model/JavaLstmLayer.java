package io.barcast.model;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.params.LSTMParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The layer of {@link JavaLstm}: DL4J's {@code LSTM} layer whose full-sequence forward and backward passes (BPTT) run
 * in Java over float arrays, a whole minibatch per time step, the inner loops on the Vector API. DL4J's parameter
 * layout: {@code W [nIn, 4n]}, {@code RW [n, 4n]}, {@code b [1, 4n]}, gate column blocks [block input, forget,
 * output, input gate]; sigmoid gates, tanh block input and cell output. The training forward pass keeps its gate
 * activations and cell states for the backward pass that follows on the same input; buffers are reused across
 * minibatches (no native allocation but the layer's output, input gradient and parameter gradients). Float only.
 */
final class JavaLstmLayer extends org.deeplearning4j.nn.layers.recurrent.LSTM {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private int nIn;
    private int n;
    private int g;
    // row-major copies of the parameters, taken at each forward pass
    private float[] wx = new float[0];
    private float[] wr = new float[0];
    private float[] bias = new float[0];
    // the forward pass of the last training activation: x [B][nIn][T]; per time step t (0..T-1):
    // act[t] [B][4n] gate activations, c[t+1] / h[t+1] [B][n] cell state / output (c[0] = h[0] = 0), tc[t] = tanh(c[t+1])
    private INDArray cachedInput;
    private float[] x = new float[0];
    private float[][] act = new float[0][];
    private float[][] c = new float[0][];
    private float[][] h = new float[0][];
    private float[][] tc = new float[0][];
    private int batch;
    private int steps;

    JavaLstmLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public INDArray activate(INDArray input, boolean training, LayerWorkspaceMgr workspaceMgr) {
        // DL4J's LSTM runs its own forward pass here (LastTimeStep and output() call this one): route it to ours
        setInput(input, workspaceMgr);
        return activate(training, workspaceMgr);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        if (maskArray != null) {
            throw new UnsupportedOperationException("JavaLstm does not support masks");
        }
        forward();
        cachedInput = training ? input : null;
        float[] out = new float[batch * n * steps];
        for (int t = 0; t < steps; t++) {
            float[] ht = h[t + 1];
            for (int b = 0; b < batch; b++) {
                int o = b * n * steps + t;
                for (int j = 0; j < n; j++) {
                    out[o + j * steps] = ht[b * n + j];
                }
            }
        }
        INDArray result = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, DataType.FLOAT, new long[]{batch, n, steps}, 'c');
        result.assign(Nd4j.create(out, new long[]{batch, n, steps}, 'c'));
        return result;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        if (cachedInput != input) {
            forward();
        }
        cachedInput = null;
        int g4 = g;
        float[] eps = FloatArrays.rowMajor(epsilon);
        float[] dWx = new float[nIn * g4];
        float[] dWr = new float[n * g4];
        float[] db = new float[g4];
        float[] dx = new float[batch * nIn * steps];
        float[] dh = new float[batch * n];     // dL/dh_t from later time steps
        float[] dc = new float[batch * n];     // dL/dc_t from later time steps
        float[] dz = new float[batch * g4];     // dL/d(pre-activations) of step t
        float[] dhPrev = new float[batch * n];
        float[] xtT = new float[nIn * batch];
        float[] hT = new float[n * batch];
        float[] wrT = new float[g4 * n];
        for (int k = 0; k < n; k++) {
            for (int j = 0; j < g4; j++) {
                wrT[j * n + k] = wr[k * g4 + j];
            }
        }
        for (int t = steps - 1; t >= 0; t--) {
            float[] a = act[t];
            float[] cPrev = c[t];
            float[] tct = tc[t];
            for (int bb = 0; bb < batch; bb++) {
                int e = bb * n * steps + t;
                int r = bb * n;
                int z = bb * g4;
                for (int j = 0; j < n; j++) {
                    float dhj = dh[r + j] + eps[e + j * steps];
                    float blk = a[z + j];
                    float f = a[z + n + j];
                    float o = a[z + 2 * n + j];
                    float i = a[z + 3 * n + j];
                    float th = tct[r + j];
                    float dcj = dc[r + j] + dhj * o * (1 - th * th);
                    dz[z + j] = dcj * i * (1 - blk * blk);
                    dz[z + n + j] = dcj * cPrev[r + j] * f * (1 - f);
                    dz[z + 2 * n + j] = dhj * th * o * (1 - o);
                    dz[z + 3 * n + j] = dcj * blk * i * (1 - i);
                    dc[r + j] = dcj * f;
                }
            }
            float[] hPrev = h[t];
            for (int bb = 0; bb < batch; bb++) {
                int z = bb * g4;
                axpy(1f, dz, z, db, 0, g4);
                int xo = bb * nIn * steps + t;
                for (int k = 0; k < nIn; k++) {
                    xtT[k * batch + bb] = x[xo + k * steps];
                    dx[xo + k * steps] = dot(dz, z, wx, k * g4, g4);
                }
                for (int k = 0; k < n; k++) {
                    hT[k * batch + bb] = hPrev[bb * n + k];
                }
            }
            gemm(xtT, 0, batch, dz, 0, g4, dWx, 0, g4, nIn, batch, g4);
            gemm(hT, 0, batch, dz, 0, g4, dWr, 0, g4, n, batch, g4);
            java.util.Arrays.fill(dhPrev, 0f);
            gemm(dz, 0, g4, wrT, 0, n, dhPrev, 0, n, batch, g4, n);
            float[] swap = dh;
            dh = dhPrev;
            dhPrev = swap;
        }
        INDArray gW = gradientViews.get(LSTMParamInitializer.INPUT_WEIGHT_KEY);
        INDArray gRW = gradientViews.get(LSTMParamInitializer.RECURRENT_WEIGHT_KEY);
        INDArray gB = gradientViews.get(LSTMParamInitializer.BIAS_KEY);
        gW.assign(Nd4j.create(dWx, new long[]{nIn, g4}, 'c'));
        gRW.assign(Nd4j.create(dWr, new long[]{n, g4}, 'c'));
        gB.assign(Nd4j.create(db, new long[]{1, g4}, 'c'));
        Gradient grad = new DefaultGradient();
        grad.gradientForVariable().put(LSTMParamInitializer.INPUT_WEIGHT_KEY, gW);
        grad.gradientForVariable().put(LSTMParamInitializer.RECURRENT_WEIGHT_KEY, gRW);
        grad.gradientForVariable().put(LSTMParamInitializer.BIAS_KEY, gB);
        weightNoiseParams.clear();
        INDArray epsOut = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, DataType.FLOAT, new long[]{batch, nIn, steps}, 'c');
        epsOut.assign(Nd4j.create(dx, new long[]{batch, nIn, steps}, 'c'));
        return new Pair<>(grad, epsOut);
    }

    /** The forward pass over {@code input}, keeping every step's gate activations and states. */
    private void forward() {
        if (input.dataType() != DataType.FLOAT) {
            throw new UnsupportedOperationException("JavaLstm trains float networks, not " + input.dataType());
        }
        nIn = (int) layerConf().getNIn();
        n = (int) layerConf().getNOut();
        g = 4 * n;
        batch = (int) input.size(0);
        steps = (int) input.size(2);
        wx = FloatArrays.rowMajor(getParam(LSTMParamInitializer.INPUT_WEIGHT_KEY));
        wr = FloatArrays.rowMajor(getParam(LSTMParamInitializer.RECURRENT_WEIGHT_KEY));
        bias = FloatArrays.rowMajor(getParam(LSTMParamInitializer.BIAS_KEY));
        x = FloatArrays.rowMajor(input);
        ensureBuffers();
        float[] xt = new float[batch * nIn];
        java.util.Arrays.fill(c[0], 0, batch * n, 0f);
        java.util.Arrays.fill(h[0], 0, batch * n, 0f);
        for (int t = 0; t < steps; t++) {
            float[] a = act[t];
            float[] hPrev = h[t];
            float[] cPrev = c[t];
            float[] cNext = c[t + 1];
            float[] hNext = h[t + 1];
            float[] tct = tc[t];
            for (int bb = 0; bb < batch; bb++) {
                System.arraycopy(bias, 0, a, bb * g, g);
                int xo = bb * nIn * steps + t;
                for (int k = 0; k < nIn; k++) {
                    xt[bb * nIn + k] = x[xo + k * steps];
                }
            }
            gemm(xt, 0, nIn, wx, 0, g, a, 0, g, batch, nIn, g);
            gemm(hPrev, 0, n, wr, 0, g, a, 0, g, batch, n, g);
            for (int bb = 0; bb < batch; bb++) {
                int z = bb * g;
                int r = bb * n;
                for (int j = 0; j < n; j++) {
                    float blk = (float) Math.tanh(a[z + j]);
                    float f = sigmoid(a[z + n + j]);
                    float o = sigmoid(a[z + 2 * n + j]);
                    float i = sigmoid(a[z + 3 * n + j]);
                    a[z + j] = blk;
                    a[z + n + j] = f;
                    a[z + 2 * n + j] = o;
                    a[z + 3 * n + j] = i;
                    float cj = f * cPrev[r + j] + i * blk;
                    float th = (float) Math.tanh(cj);
                    cNext[r + j] = cj;
                    tct[r + j] = th;
                    hNext[r + j] = o * th;
                }
            }
        }
    }

    private void ensureBuffers() {
        if (act.length < steps || (steps > 0 && act[0].length < batch * g)) {
            int cap = Math.max(batch, act.length > 0 ? act[0].length / Math.max(1, g) : 0);
            act = new float[steps][cap * g];
            tc = new float[steps][cap * n];
            c = new float[steps + 1][cap * n];
            h = new float[steps + 1][cap * n];
        }
    }

    private static float sigmoid(float v) {
        return (float) (1.0 / (1.0 + Math.exp(-v)));
    }

    /**
     * C[m×nn] += A[m×k] · B[k×nn], all row-major with leading dimensions lda, ldb, ldc: blocks of 4 rows × 2 vectors
     * of C in registers over the k loop (one load of B's row chunk feeds four rows); the rest by axpy.
     */
    static void gemm(float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float[] c, int cOff, int ldc,
                     int m, int k, int nn) {
        int lanes = S.length();
        int nv = nn - nn % (2 * lanes);
        int i = 0;
        for (; i + 4 <= m; i += 4) {
            int a0 = aOff + i * lda;
            int a1 = a0 + lda;
            int a2 = a1 + lda;
            int a3 = a2 + lda;
            for (int j = 0; j < nv; j += 2 * lanes) {
                int c0 = cOff + i * ldc + j;
                int c1 = c0 + ldc;
                int c2 = c1 + ldc;
                int c3 = c2 + ldc;
                FloatVector c00 = FloatVector.fromArray(S, c, c0);
                FloatVector c01 = FloatVector.fromArray(S, c, c0 + lanes);
                FloatVector c10 = FloatVector.fromArray(S, c, c1);
                FloatVector c11 = FloatVector.fromArray(S, c, c1 + lanes);
                FloatVector c20 = FloatVector.fromArray(S, c, c2);
                FloatVector c21 = FloatVector.fromArray(S, c, c2 + lanes);
                FloatVector c30 = FloatVector.fromArray(S, c, c3);
                FloatVector c31 = FloatVector.fromArray(S, c, c3 + lanes);
                for (int p = 0; p < k; p++) {
                    int bo = bOff + p * ldb + j;
                    FloatVector b0 = FloatVector.fromArray(S, b, bo);
                    FloatVector b1 = FloatVector.fromArray(S, b, bo + lanes);
                    FloatVector v0 = FloatVector.broadcast(S, a[a0 + p]);
                    c00 = b0.fma(v0, c00);
                    c01 = b1.fma(v0, c01);
                    FloatVector v1 = FloatVector.broadcast(S, a[a1 + p]);
                    c10 = b0.fma(v1, c10);
                    c11 = b1.fma(v1, c11);
                    FloatVector v2 = FloatVector.broadcast(S, a[a2 + p]);
                    c20 = b0.fma(v2, c20);
                    c21 = b1.fma(v2, c21);
                    FloatVector v3 = FloatVector.broadcast(S, a[a3 + p]);
                    c30 = b0.fma(v3, c30);
                    c31 = b1.fma(v3, c31);
                }
                c00.intoArray(c, c0);
                c01.intoArray(c, c0 + lanes);
                c10.intoArray(c, c1);
                c11.intoArray(c, c1 + lanes);
                c20.intoArray(c, c2);
                c21.intoArray(c, c2 + lanes);
                c30.intoArray(c, c3);
                c31.intoArray(c, c3 + lanes);
            }
            if (nv < nn) {
                for (int r = i; r < i + 4; r++) {
                    for (int p = 0; p < k; p++) {
                        float av = a[aOff + r * lda + p];
                        int bo = bOff + p * ldb;
                        int co = cOff + r * ldc;
                        for (int j = nv; j < nn; j++) {
                            c[co + j] += av * b[bo + j];
                        }
                    }
                }
            }
        }
        for (; i < m; i++) {
            for (int p = 0; p < k; p++) {
                axpy(a[aOff + i * lda + p], b, bOff + p * ldb, c, cOff + i * ldc, nn);
            }
        }
    }

    /** y[yo..yo+len) += s · x[xo..xo+len). */
    private static void axpy(float s, float[] x, int xo, float[] y, int yo, int len) {
        int i = 0;
        int upper = S.loopBound(len);
        FloatVector sv = FloatVector.broadcast(S, s);
        for (; i < upper; i += S.length()) {
            FloatVector.fromArray(S, x, xo + i).fma(sv, FloatVector.fromArray(S, y, yo + i)).intoArray(y, yo + i);
        }
        for (; i < len; i++) {
            y[yo + i] += s * x[xo + i];
        }
    }

    /** The dot product of x[xo..xo+len) and y[yo..yo+len). */
    private static float dot(float[] x, int xo, float[] y, int yo, int len) {
        int i = 0;
        int upper = S.loopBound(len);
        FloatVector acc = FloatVector.zero(S);
        for (; i < upper; i += S.length()) {
            acc = FloatVector.fromArray(S, x, xo + i).fma(FloatVector.fromArray(S, y, yo + i), acc);
        }
        float sum = acc.reduceLanes(VectorOperators.ADD);
        for (; i < len; i++) {
            sum += x[xo + i] * y[yo + i];
        }
        return sum;
    }
}
