package io.barcast.model;

import io.barcast.feature.WindowDataset;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Random;

/**
 * The epochs of one training run, as {@link ModelTrainer} runs them: a new network of the configuration's
 * shape (with fresh weights, or a copy of a serving model's for a warm start), fitted on a window's training
 * samples one shuffled pass ({@link #epoch()}) at a time, with DL4J's {@code output()} for the validation samples
 * ({@link #output}). {@link #model} hands the weights over as a servable {@link LstmModel}. Public so that the
 * training benchmark times exactly this loop. Not thread-safe.
 */
public final class TrainingLoop {

    private final ModelConfig cfg;
    private final WindowDataset data;
    private final MultiLayerNetwork net;
    private final Random random;
    private final int[] order;
    private INDArray kept;
    /** The validation outputs of the current weights when {@link #validationLoss} computed them since, else null. */
    private float[][] lastValidation;
    /** The validation outputs of the kept weights, when known. */
    private float[][] keptValidation;
    private boolean handedOver;

    /** A network of {@code cfg}'s shape with fresh weights (seeded by {@code model.seed}), for {@code data}. */
    public TrainingLoop(ModelConfig cfg, WindowDataset data) {
        this(cfg, data, null);
    }

    /**
     * A network of {@code cfg}'s shape starting from a copy of {@code start}'s weights (a warm start; null: fresh
     * weights). {@code start} is not changed: its weights are copied under its network's lock, as snapshots read them.
     * The optimiser starts afresh (Adam's moments zero, its step count 0, so its bias correction applies again): a
     * model restored from a snapshot has no optimiser state, and a warm start must not depend on whether the serving
     * model was trained in this process. Shuffling is seeded by {@code model.seed} as for a cold start.
     *
     * @throws IllegalArgumentException when {@code start}'s network has another shape than {@code cfg}'s for {@code data}
     */
    public TrainingLoop(ModelConfig cfg, WindowDataset data, LstmModel start) {
        this(cfg, data, start, LstmRoute.BUILTIN);
    }

    /** With the LSTMs of {@code route}. */
    public TrainingLoop(ModelConfig cfg, WindowDataset data, LstmModel start, LstmRoute route) {
        this.cfg = cfg;
        this.data = data;
        this.net = LstmNetworks.build(cfg, data.width(), LstmNetworks.OUTPUTS, route);
        if (start != null) {
            MultiLayerNetwork from = start.network();
            INDArray weights;
            synchronized (from) {
                weights = from.params().dup();
            }
            if (weights.length() != net.numParams()) {
                throw new IllegalArgumentException("cannot warm-start from model " + start.metadata().symbol() + " v"
                        + start.metadata().version() + ": it has " + weights.length() + " weights, this configuration needs "
                        + net.numParams());
            }
            net.setParams(weights.reshape(net.params().shape()));
        }
        this.random = new Random(cfg.seed());
        this.order = new int[data.trainCount()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
    }

    /**
     * One pass over the training samples in a new random order, in minibatches of {@code model.batch.size};
     * returns the mean minibatch loss weighted by batch size.
     */
    public double epoch() {
        if (handedOver) {
            throw new IllegalStateException("the weights were handed over to a model");
        }
        lastValidation = null;
        shuffle(order, random);
        int w = data.width();
        int lookback = cfg.lookback();
        int per = w * lookback;
        float[] x = data.xTrain();
        float[] y = data.yTrain();
        int n = order.length;
        double sum = 0;
        for (int from = 0; from < n; from += cfg.batchSize()) {
            int bs = Math.min(cfg.batchSize(), n - from);
            float[] xb = new float[bs * per];
            // Labels are shaped like the output: the target in column 0 (MeanVarianceLoss ignores column 1)
            float[] yb = new float[bs * LstmNetworks.OUTPUTS];
            for (int k = 0; k < bs; k++) {
                int s = order[from + k];
                System.arraycopy(x, s * per, xb, k * per, per);
                yb[k * LstmNetworks.OUTPUTS] = y[s];
            }
            net.fit(new DataSet(Nd4j.create(xb, new long[]{bs, w, lookback}, 'c'),
                    Nd4j.create(yb, new long[]{bs, LstmNetworks.OUTPUTS}, 'c')));
            sum += net.score() * bs;
        }
        return sum / n;
    }

    /**
     * DL4J's output of the current weights for {@code n} sequences laid out NCW, as
     * {@code WindowDataset.encodeInput} writes them (the validation samples are {@code data.xVal()}).
     */
    public float[] output(float[] x, int n) {
        float[][] all = outputs(x, n);
        float[] mean = new float[n];
        for (int i = 0; i < n; i++) {
            mean[i] = all[i][0];
        }
        return mean;
    }

    /** Both outputs, {@code [sequence][mean, log-variance]}, of DL4J's {@code output()} for {@code n} sequences. */
    float[][] outputs(float[] x, int n) {
        INDArray input = Nd4j.create(x, new long[]{n, data.width(), cfg.lookback()}, 'c');
        float[] flat;
        synchronized (net) {
            flat = FloatArrays.rowMajor(net.output(input, false));
        }
        float[][] out = new float[n][];
        for (int i = 0; i < n; i++) {
            out[i] = java.util.Arrays.copyOfRange(flat, i * LstmNetworks.OUTPUTS, (i + 1) * LstmNetworks.OUTPUTS);
        }
        return out;
    }

    /** Mean {@link MeanVarianceLoss} loss of the current weights on the validation samples. */
    double validationLoss() {
        float[][] p = outputs(data.xVal(), data.valCount());
        lastValidation = p;
        float[] y = data.yVal();
        double s = 0;
        for (int i = 0; i < p.length; i++) {
            s += MeanVarianceLoss.loss(y[i], p[i][0], p[i][1]);
        }
        return s / p.length;
    }

    /** A copy of the current weights, flattened. */
    float[] weights() {
        return net.params().toFloatVector();
    }

    /** Remembers the current weights (the best epoch's so far), and their validation outputs when known. */
    void keep() {
        kept = net.params().dup();
        keptValidation = lastValidation;
    }

    /**
     * {@link #outputs} on the validation samples after {@link #restoreKept()}: those {@link #validationLoss} computed for
     * the kept weights (the same weights give the same outputs), else computed now.
     */
    float[][] keptValidationOutputs() {
        return keptValidation != null ? keptValidation : outputs(data.xVal(), data.valCount());
    }

    /** Goes back to the weights of the last {@link #keep()}. */
    void restoreKept() {
        if (kept == null) {
            throw new IllegalStateException("no weights kept");
        }
        net.setParams(kept);
        lastValidation = keptValidation;
    }

    /** Whether every weight is finite. */
    boolean weightsFinite() {
        return Double.isFinite(net.params().sumNumber().doubleValue());
    }

    /**
     * The current weights as a servable model; no epoch may run afterwards (the model's forward pass is a copy
     * of these weights, its snapshots read the network).
     */
    public LstmModel model(ModelMetadata metadata) {
        handedOver = true;
        return new LstmModel(net, data.normaliser(), metadata);
    }

    private static void shuffle(int[] a, Random random) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
