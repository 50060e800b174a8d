package io.barcast.model;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Inference-only forward pass, in plain Java, of exactly the networks {@link LstmNetworks#build} makes: {@code layers}
 * stacked DL4J {@code LSTM} layers (no peepholes, sigmoid gates, tanh cell input and cell output), the last time step,
 * and a dense identity output of two units (mean and log-variance; one, the mean, for models saved before the variance
 * output existed). Dropout is not applied, as in DL4J's {@code output(x, false)}.
 *
 * <p>Per time step and layer, as in DL4J's {@code LSTMHelpers.activateHelper}: {@code z = x W + h RW + b} over
 * {@code 4n} columns, {@code [0,n)} cell input (tanh), {@code [n,2n)} forget gate, {@code [2n,3n)} output gate,
 * {@code [3n,4n)} input gate (all sigmoid); then {@code c = f*c + i*a} and {@code h = o*tanh(c)}, both starting at zero.
 *
 * <p>The float32 weights are copied once out of the network and widened to double; all arithmetic is in double and
 * only the final output is rounded to float. It matches DL4J on a float64 copy of the network to ~1e-15, and DL4J's own
 * float32 pass to float rounding (within 1e-6), not bit for bit. Immutable and thread-safe (each thread keeps its own
 * scratch arrays); training the network afterwards does not change an instance.
 */
final class LstmForward {

    /**
     * Whether the JVM has the Vector API ({@code --add-modules jdk.incubator.vector}, as the README's commands and the
     * container start it) and {@code barcast.forward.scalar} is not set; otherwise the slower scalar loops run.
     */
    static final boolean VECTOR_API = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
            && !Boolean.getBoolean("barcast.forward.scalar");

    private final int width;
    private final int hidden;
    private final int layers;
    /** Per layer: input weights {@code [nIn][4n]}, one array per row (rows at offset 0 vectorise best). */
    private final double[][][] w;
    /** Per layer: recurrent weights {@code [n][4n]}. */
    private final double[][][] rw;
    /** Per layer: biases {@code [4n]}. */
    private final double[][] b;
    /** Output weights {@code [output][n]}. */
    private final double[][] outW;
    private final double[] outB;

    private LstmForward(int width, int hidden, double[][][] w, double[][][] rw, double[][] b, double[][] outW, double[] outB) {
        this.width = width;
        this.hidden = hidden;
        this.layers = w.length;
        this.w = w;
        this.rw = rw;
        this.b = b;
        this.outW = outW;
        this.outB = outB;
    }

    /** Whether {@link #predict} runs on {@link LstmVectorKernel} (Vector API present and the layer size fits). */
    boolean vectorised() {
        return VECTOR_API && LstmVectorKernel.supports(hidden);
    }

    /** Layer {@code i} is a tanh/sigmoid LSTM (the last one wrapped in LastTimeStep). */
    private static void checkLstm(MultiLayerNetwork net, int i, boolean last) {
        org.deeplearning4j.nn.conf.layers.Layer conf = net.getLayerWiseConfigurations().getConf(i).getLayer();
        if (last) {
            if (!(conf instanceof LastTimeStep wrapper)) {
                throw new IllegalArgumentException("layer " + i + " is not LastTimeStep(LSTM): " + conf.getClass().getSimpleName());
            }
            conf = wrapper.getUnderlying();
        }
        if (!(conf instanceof LSTM lstm)) {
            throw new IllegalArgumentException("layer " + i + " is not an LSTM: " + conf.getClass().getSimpleName());
        }
        if (!(lstm.getActivationFn() instanceof ActivationTanH) || !(lstm.getGateActivationFn() instanceof ActivationSigmoid)) {
            throw new IllegalArgumentException("layer " + i + " must have tanh activation and sigmoid gates, has "
                    + lstm.getActivationFn() + " / " + lstm.getGateActivationFn());
        }
    }

    /** W, RW and b of layer {@code i} have the four gate blocks of {@code n} units each (no peepholes). */
    private static void checkGateBlocks(int i, INDArray wi, INDArray ri, INDArray bi, int n) {
        if (wi.size(1) != 4L * n || ri.size(1) != 4L * n || bi.length() != 4L * n) {
            throw new IllegalArgumentException("layer " + i + " weights are not [*, 4n] (peepholes?): W "
                    + java.util.Arrays.toString(wi.shape()) + ", RW " + java.util.Arrays.toString(ri.shape())
                    + ", b " + java.util.Arrays.toString(bi.shape()));
        }
    }

    /**
     * Copies the weights of {@code net}, which must have the structure {@link LstmNetworks#build} gives.
     * The caller must keep other threads from changing the network's parameters meanwhile.
     *
     * @throws IllegalArgumentException for any other structure
     */
    static LstmForward of(MultiLayerNetwork net) {
        int nLayers = net.getnLayers();
        if (nLayers < 2) {
            throw new IllegalArgumentException("expected LSTM layers and an output layer, got " + nLayers + " layers");
        }
        int lstmLayers = nLayers - 1;
        double[][][] w = new double[lstmLayers][][];
        double[][][] rw = new double[lstmLayers][][];
        double[][] b = new double[lstmLayers][];
        int width = -1;
        int hidden = -1;
        int nIn = -1;
        for (int i = 0; i < lstmLayers; i++) {
            checkLstm(net, i, i == lstmLayers - 1);
            Layer layer = net.getLayer(i);
            INDArray wi = layer.getParam("W");
            INDArray ri = layer.getParam("RW");
            INDArray bi = layer.getParam("b");
            int in = (int) wi.size(0);
            int n = (int) ri.size(0);
            if (i == 0) {
                width = in;
                hidden = n;
            } else if (in != nIn || n != hidden) {
                throw new IllegalArgumentException("layer " + i + " has nIn " + in + " and nOut " + n
                        + ", expected " + nIn + " and " + hidden);
            }
            checkGateBlocks(i, wi, ri, bi, n);
            w[i] = rows(wi);
            rw[i] = rows(ri);
            b[i] = flat(bi);
            nIn = n;
        }
        Layer out = net.getLayer(lstmLayers);
        org.deeplearning4j.nn.conf.layers.Layer outConf = net.getLayerWiseConfigurations().getConf(lstmLayers).getLayer();
        if (!(outConf instanceof OutputLayer) || !(((BaseLayer) outConf).getActivationFn() instanceof ActivationIdentity)) {
            throw new IllegalArgumentException("last layer must be an identity OutputLayer, is " + outConf);
        }
        INDArray ow = out.getParam("W");
        INDArray ob = out.getParam("b");
        int outputs = (int) ow.size(1);
        if (ow.size(0) != hidden || (outputs != 1 && outputs != 2) || ob.length() != outputs) {
            throw new IllegalArgumentException("output layer must map " + hidden + " units to 1 or 2, has W "
                    + java.util.Arrays.toString(ow.shape()));
        }
        double[][] byRow = rows(ow);
        double[][] outW = new double[outputs][hidden];
        for (int j = 0; j < hidden; j++) {
            for (int k = 0; k < outputs; k++) {
                outW[k][j] = byRow[j][k];
            }
        }
        return new LstmForward(width, hidden, w, rw, b, outW, flat(ob));
    }

    /** Units of the output layer: 2 (mean, log-variance) or 1 (mean, a legacy model). */
    int outputs() {
        return outB.length;
    }

    /**
     * Outputs for {@code n} sequences laid out NCW ({@code [sequence][feature][time]}), each
     * {@code width * lookback} floats, as {@code WindowDataset.encodeInput} writes them.
     */
    float[] predict(float[] x, int n, int lookback) {
        double[] exact = predictDouble(x, n, lookback);
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) exact[i];
        }
        return out;
    }

    /** {@link #predict} before the final rounding to float, for comparison with a float64 copy of the network. */
    double[] predictDouble(float[] x, int n, int lookback) {
        return predictDouble(x, n, lookback, vectorised());
    }

    /** {@link #predictDouble(float[], int, int)} on the vector kernel or the scalar loops, for tests and benchmarks. */
    double[] predictDouble(float[] x, int n, int lookback, boolean vector) {
        double[] all = predictOutputs(x, n, lookback, vector);
        int k = outputs();
        if (k == 1) {
            return all;
        }
        double[] mean = new double[n];
        for (int i = 0; i < n; i++) {
            mean[i] = all[i * k];
        }
        return mean;
    }

    /** Every output of each sequence, {@code [sequence][output]} flattened ({@link #outputs()} per sequence). */
    double[] predictOutputs(float[] x, int n, int lookback) {
        return predictOutputs(x, n, lookback, vectorised());
    }

    private double[] predictOutputs(float[] x, int n, int lookback, boolean vector) {
        if (vector && !vectorised()) {
            throw new IllegalStateException("the Vector API kernel is not available for " + hidden + " units");
        }
        int per = width * lookback;
        if (lookback < 1 || x.length < (long) n * per) {
            throw new IllegalArgumentException("input of " + x.length + " floats is not " + n + " x " + width + " x " + lookback);
        }
        int k = outputs();
        double[] out = new double[n * k];
        Scratch s = scratch(hidden, layers > 1 ? lookback : 0);
        for (int i = 0; i < n; i++) {
            predictOne(x, i * per, lookback, s, vector, out, i * k);
        }
        return out;
    }

    /** Each thread's working memory, kept while its sizes fit: a forecast runs on every bar, and would allocate it. */
    private static final ThreadLocal<Scratch> SCRATCH = new ThreadLocal<>();

    private static Scratch scratch(int n, int lookback) {
        Scratch s = SCRATCH.get();
        if (s == null || s.h.length != n || s.seqIn.length != lookback * n) {
            s = new Scratch(n, lookback);
            SCRATCH.set(s);
        }
        return s;
    }

    /**
     * Working memory of one thread's calls, one at a time (a call fills what it reads before reading it), so calls on
     * several threads may run concurrently.
     */
    private static final class Scratch {
        final double[] z;
        final double[] h;
        final double[] c;
        /** Outputs of the previous layer at every time step, {@code [time][n]}; unused with one layer. */
        final double[] seqIn;
        final double[] seqOut;

        Scratch(int n, int lookback) {
            z = new double[4 * n];
            h = new double[n];
            c = new double[n];
            seqIn = new double[lookback * n];
            seqOut = new double[lookback * n];
        }
    }

    private void predictOne(float[] x, int offset, int lookback, Scratch s, boolean vector, double[] out, int outAt) {
        int n = hidden;
        double[] z = s.z;
        double[] h = s.h;
        double[] c = s.c;
        double[] seqIn = s.seqIn;
        double[] seqOut = s.seqOut;
        for (int layer = 0; layer < layers; layer++) {
            double[][] wl = w[layer];
            double[][] rl = rw[layer];
            double[] bl = b[layer];
            boolean keepSequence = layer < layers - 1;
            java.util.Arrays.fill(h, 0.0);
            java.util.Arrays.fill(c, 0.0);
            for (int t = 0; t < lookback; t++) {
                // Layer 0 reads the float input in NCW order (feature k of step t at offset + k * lookback + t),
                // upper layers the double outputs of the layer below ([time][n]).
                float[] inF = layer == 0 ? x : null;
                double[] inD = layer == 0 ? null : seqIn;
                int inFrom = layer == 0 ? offset + t : t * n;
                int inStride = layer == 0 ? lookback : 1;
                if (vector) {
                    LstmVectorKernel.step(inF, inD, inFrom, inStride, wl, rl, bl, z, h, c, t == 0);
                } else {
                    LstmScalarKernel.step(inF, inD, inFrom, inStride, wl, rl, bl, z, h, c, t == 0);
                }
                if (keepSequence) {
                    System.arraycopy(h, 0, seqOut, t * n, n);
                }
            }
            if (keepSequence) {
                double[] swap = seqIn;
                seqIn = seqOut;
                seqOut = swap;
            }
        }
        for (int k = 0; k < outB.length; k++) {
            double y = outB[k];
            double[] wk = outW[k];
            for (int j = 0; j < n; j++) {
                y += h[j] * wk[j];
            }
            out[outAt + k] = y;
        }
    }

    private static double[][] rows(INDArray m) {
        float[][] f = m.toFloatMatrix();
        double[][] r = new double[f.length][];
        for (int i = 0; i < f.length; i++) {
            r[i] = new double[f[i].length];
            for (int j = 0; j < f[i].length; j++) {
                r[i][j] = f[i][j];
            }
        }
        return r;
    }

    private static double[] flat(INDArray v) {
        float[] f = v.toFloatVector();
        double[] r = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            r[i] = f[i];
        }
        return r;
    }
}
