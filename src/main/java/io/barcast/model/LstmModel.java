package io.barcast.model;

import io.barcast.bar.Bar;
import io.barcast.feature.FeatureRowCache;
import io.barcast.feature.Normaliser;
import io.barcast.feature.WindowDataset;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import java.util.List;

/**
 * A trained, servable forecaster: the network, the normaliser fitted on its training rows, and its metadata.
 * Predictions run on {@link LstmForward}, a plain-Java copy of the network's forward pass made when the model is
 * created, much faster than DL4J's {@code output()}; it is immutable, so predictions need no lock and may run
 * concurrently. The DL4J network is kept for snapshots (and must not be changed after construction).
 */
public final class LstmModel {

    private final MultiLayerNetwork network;
    private final LstmForward forward;
    private final Normaliser normaliser;
    private final ModelMetadata metadata;
    /** A served model predicts from the same window one bar on each time: only the newest feature row is new. */
    private final FeatureRowCache rows;

    /** {@code network} must not be changed afterwards: predictions use a copy of its weights made here. */
    LstmModel(MultiLayerNetwork network, Normaliser normaliser, ModelMetadata metadata) {
        this.network = network;
        synchronized (network) {
            this.forward = LstmForward.of(network);
        }
        this.normaliser = normaliser;
        this.metadata = metadata;
        this.rows = new FeatureRowCache(metadata.config().features());
    }

    public ModelMetadata metadata() {
        return metadata;
    }

    public Normaliser normaliser() {
        return normaliser;
    }

    MultiLayerNetwork network() {
        return network;
    }

    /** Bars of history one prediction needs: the lookback plus the bar before it. */
    public int requiredBars() {
        return metadata.config().lookback() + 1;
    }

    /** Predicts the next close after the last of {@code bars} (oldest first, at least {@link #requiredBars()}). */
    public Forecast forecast(List<Bar> bars) {
        return forecastBatch(List.of(bars)).get(0);
    }

    /**
     * Predicts the next close for each history. Element {@code i} of the result belongs to element
     * {@code i} of the input; identical to calling {@link #forecast} on each.
     *
     * @throws IllegalArgumentException when a history is too short
     * @throws IllegalStateException    when the network produces a non-finite value
     */
    public List<Forecast> forecastBatch(List<List<Bar>> histories) {
        int n = histories.size();
        if (n == 0) {
            return List.of();
        }
        int lookback = metadata.config().lookback();
        int width = normaliser.width();
        int per = width * lookback;
        float[] x = new float[n * per];
        for (int i = 0; i < n; i++) {
            List<Bar> h = histories.get(i);
            if (h.size() < requiredBars()) {
                throw new IllegalArgumentException("need " + requiredBars() + " bars to predict, have " + h.size());
            }
            List<Bar> tail = h.subList(h.size() - requiredBars(), h.size());
            double[][] r = rows.rows(tail);
            WindowDataset.encodeInput(r, r.length - 1, lookback, normaliser, x, i * per);
        }
        double[] out = forward.predictOutputs(x, n, lookback);
        int k = forward.outputs();
        Forecast[] result = new Forecast[n];
        for (int i = 0; i < n; i++) {
            List<Bar> h = histories.get(i);
            Bar last = h.get(h.size() - 1);
            double r = normaliser.invertReturn((float) out[i * k]);
            if (!Double.isFinite(r)) {
                throw new IllegalStateException("model " + metadata.symbol() + " v" + metadata.version()
                        + " produced a non-finite return for " + last.date());
            }
            double volatility = k == 2 ? volatility(out[i * k + 1]) : Double.NaN;
            result[i] = new Forecast(last.symbol(), last.date(), last.close(), r, last.close() * Math.exp(r),
                    metadata.version(), metadata.trainedThrough(), metadata.valTheilU(), volatility);
        }
        return List.of(result);
    }

    /** Whether the network has a variance output (models saved before prediction intervals have none). */
    public boolean predictsVolatility() {
        return forward.outputs() == 2;
    }

    /**
     * The standard deviation of the next log return for a log-variance output (normalised units): the return
     * column's training standard deviation times {@code exp(s/2)}; NaN when not finite.
     */
    double volatility(double logVariance) {
        double v = normaliser.std()[io.barcast.feature.FeatureExtractor.RETURN] * Math.sqrt(MeanVarianceLoss.variance(logVariance));
        return Double.isFinite(v) ? v : Double.NaN;
    }

    /** Which forward-pass kernel predictions run on in this JVM, for logs and benchmarks. */
    public static String forwardKernel() {
        return LstmForward.VECTOR_API ? "Vector API (jdk.incubator.vector)"
                : "scalar loops (start the JVM with --add-modules jdk.incubator.vector for the faster Vector API kernel: BENCHMARKS.md)";
    }

    /**
     * Raw network output for {@code n} encoded NCW sequences (as {@code WindowDataset.encodeInput} writes them),
     * from the plain-Java forward pass {@link #forecastBatch} runs on. Thread-safe, lock-free.
     */
    public float[] predictNormalised(float[] x, int n) {
        return forward.predict(x, n, metadata.config().lookback());
    }
}
