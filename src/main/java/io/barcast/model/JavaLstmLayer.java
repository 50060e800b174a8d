package io.barcast.model;

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
 * minibatches (no native allocation but the layer's output, input gradient and parameter gradients). Float
 * networks without masks; other passes (a network converted to double, a masked input) are DL4J's own.
 */
final class JavaLstmLayer extends org.deeplearning4j.nn.layers.recurrent.LSTM {

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
    /** Working arrays of the passes, kept between minibatches ({@link #zeroed}). */
    private final float[][] scratch = new float[Scratch.values().length][];

    /** The passes' working arrays: the layer's output, a time step's input, the backward pass's. */
    private enum Scratch { OUT, XT, D_WX, D_WR, D_B, DX, DH, DC, DZ, DH_PREV, XT_T, H_T, DX_T, DZ_T, WR_T }

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
        if (!computesInJava()) {
            cachedInput = null;
            return super.activate(training, workspaceMgr);
        }
        forward();
        cachedInput = training ? input : null;
        float[] out = zeroed(Scratch.OUT, batch * n * steps);
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
        if (!computesInJava()) {
            return super.backpropGradient(epsilon, workspaceMgr);
        }
        if (cachedInput != input) {
            forward();
        }
        cachedInput = null;
        Backward back = new Backward(FloatArrays.rowMajor(epsilon));
        for (int t = steps - 1; t >= 0; t--) {
            back.step(t);
        }
        return back.gradients(workspaceMgr);
    }

    /** One backward pass through time over the cached forward pass: the gradients summed over the time steps. */
    private final class Backward {
        private final int g4 = g;
        private final float[] eps;
        private final float[] dWx = zeroed(Scratch.D_WX, nIn * g4);
        private final float[] dWr = zeroed(Scratch.D_WR, n * g4);
        private final float[] db = zeroed(Scratch.D_B, g4);
        private final float[] dx = zeroed(Scratch.DX, batch * nIn * steps);
        private float[] dh = zeroed(Scratch.DH, batch * n);     // dL/dh_t from later time steps
        private final float[] dc = zeroed(Scratch.DC, batch * n);     // dL/dc_t from later time steps
        private final float[] dz = zeroed(Scratch.DZ, batch * g4);    // dL/d(pre-activations) of step t
        private float[] dhPrev = zeroed(Scratch.DH_PREV, batch * n);
        private final float[] xtT = zeroed(Scratch.XT_T, nIn * batch);
        private final float[] hT = zeroed(Scratch.H_T, n * batch);
        private final float[] dxT = zeroed(Scratch.DX_T, nIn * batch); // dL/dx_t, transposed
        private final float[] dzT = zeroed(Scratch.DZ_T, g4 * batch);
        private final float[] wrT = transpose(wr, n, g4, zeroed(Scratch.WR_T, n * g4));

        Backward(float[] eps) {
            this.eps = eps;
        }

        /** Time step {@code t}: its gates' gradients, then what they give the input, the weights and step t-1. */
        void step(int t) {
            gates(t);
            transposeInputs(t);
            inputGradient(t);
            LstmTrainingKernel.gemm(xtT, 0, batch, dz, 0, g4, dWx, 0, g4, nIn, batch, g4);
            LstmTrainingKernel.gemm(hT, 0, batch, dz, 0, g4, dWr, 0, g4, n, batch, g4);
            java.util.Arrays.fill(dhPrev, 0f);
            LstmTrainingKernel.gemm(dz, 0, g4, wrT, 0, n, dhPrev, 0, n, batch, g4, n);
            float[] swap = dh;
            dh = dhPrev;
            dhPrev = swap;
        }

        /** dz of step t from the output's gradient (epsilon) and the later steps' (dh, dc). */
        private void gates(int t) {
            float[] a = act[t];
            float[] cPrev = c[t];
            float[] tct = tc[t];
            for (int bb = 0; bb < batch; bb++) {
                int e = bb * n * steps + t;
                int r = bb * n;
                for (int j = 0; j < n; j++) {
                    dh[r + j] += eps[e + j * steps];
                }
                LstmTrainingKernel.gateGradients(a, bb * g4, n, cPrev, tct, dh, dc, r, dz);
            }
        }

        /** The bias gradient, and x_t and h_{t-1} transposed (the batch innermost) for the weight gradients. */
        private void transposeInputs(int t) {
            float[] hPrev = h[t];
            for (int bb = 0; bb < batch; bb++) {
                int z = bb * g4;
                LstmTrainingKernel.axpy(1f, dz, z, db, 0, g4);
                int xo = bb * nIn * steps + t;
                for (int k = 0; k < nIn; k++) {
                    xtT[k * batch + bb] = x[xo + k * steps];
                }
                for (int k = 0; k < n; k++) {
                    hT[k * batch + bb] = hPrev[bb * n + k];
                }
            }
        }

        /** dx_t^T = W · dz^T: the batch is the vectorised dimension (nIn is as small as the 5 features). */
        private void inputGradient(int t) {
            for (int bb = 0; bb < batch; bb++) {
                for (int j = 0; j < g4; j++) {
                    dzT[j * batch + bb] = dz[bb * g4 + j];
                }
            }
            java.util.Arrays.fill(dxT, 0f);
            LstmTrainingKernel.gemm(wx, 0, g4, dzT, 0, batch, dxT, 0, batch, nIn, g4, batch);
            for (int bb = 0; bb < batch; bb++) {
                int xo = bb * nIn * steps + t;
                for (int k = 0; k < nIn; k++) {
                    dx[xo + k * steps] = dxT[k * batch + bb];
                }
            }
        }

        /** The parameter gradients into DL4J's gradient views, and the gradient of the layer's input. */
        Pair<Gradient, INDArray> gradients(LayerWorkspaceMgr workspaceMgr) {
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
    }

    /**
     * The working array {@code slot} of exactly {@code length} floats, all zero (as a new one would be): the one of the
     * last minibatch when the length is the same, so that a training run allocates per shape, not per minibatch.
     */
    private float[] zeroed(Scratch slot, int length) {
        float[] a = scratch[slot.ordinal()];
        if (a == null || a.length != length) {
            a = new float[length];
            scratch[slot.ordinal()] = a;
        } else {
            java.util.Arrays.fill(a, 0f);
        }
        return a;
    }

    /** The transpose {@code [cols][rows]} of a row-major {@code [rows][cols]} matrix, into {@code t}. */
    private static float[] transpose(float[] m, int rows, int cols, float[] t) {
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                t[j * rows + i] = m[i * cols + j];
            }
        }
        return t;
    }

    /**
     * Whether this pass runs here: float inputs and parameters without a mask (what Barcast trains). Anything else
     * (a network converted to double, a masked sequence) takes DL4J's own LSTM passes, which this layer extends.
     */
    private boolean computesInJava() {
        return maskArray == null && input.dataType() == DataType.FLOAT
                && getParam(LSTMParamInitializer.INPUT_WEIGHT_KEY).dataType() == DataType.FLOAT;
    }

    /** The forward pass over {@code input}, keeping every step's gate activations and states. */
    private void forward() {
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
        float[] xt = zeroed(Scratch.XT, batch * nIn);
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
            LstmTrainingKernel.gemm(xt, 0, nIn, wx, 0, g, a, 0, g, batch, nIn, g);
            LstmTrainingKernel.gemm(hPrev, 0, n, wr, 0, g, a, 0, g, batch, n, g);
            for (int bb = 0; bb < batch; bb++) {
                LstmTrainingKernel.activate(a, bb * g, n, cPrev, cNext, tct, hNext, bb * n);
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

}
