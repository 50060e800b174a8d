package io.barcast.model;

import io.barcast.bar.Bar;
import io.barcast.feature.FeatureSet;
import io.barcast.feature.WindowDataset;
import io.barcast.testing.ModelConfigs;
import io.barcast.testing.SyntheticBars;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The plain-Java forward pass against DL4J's {@code output()}. DL4J computes in float32 (and its
 * own batched and single-sequence outputs already differ by a few float ulps), the Java pass in
 * double rounded once to float, so the two agree to float rounding noise, not bit for bit.
 */
class LstmForwardTest {

    /** Absolute tolerance on the normalised output against float32 DL4J (targets are z-scores, outputs are O(1)). */
    static final double NORMALISED_TOLERANCE = 1e-6;

    /** Tolerance against a float64 copy of the network: the same function, both in double. */
    static final double FLOAT64_TOLERANCE = 1e-12;

    private static final ModelConfig BASE = ModelConfigs.config("model.epochs=4", "model.patience=0");

    @ParameterizedTest(name = "{0} layer(s) of {1}, lookback {2}, {3}, dropout {4}")
    @CsvSource({
            "1, 8, 5, OHLCV, 0",
            "1, 32, 20, OHLC, 0",
            "1, 64, 30, OHLCV, 0",
            "2, 8, 5, OHLC, 0.2",
            "2, 32, 20, OHLCV, 0",
            "2, 64, 30, OHLC, 0",
            "1, 32, 20, OHLCV, 0.2",
    })
    void shouldMatchDl4jOnEveryWindowOfATrainedModel(int layers, int hidden, int lookback, FeatureSet features, double dropout) {
        List<Bar> bars = SyntheticBars.autoregressive("S", 360, 0.6, 0.01, 17 + hidden + lookback);
        ModelConfig base = config(layers, hidden, lookback, features);
        ModelConfig cfg = ModelConfigs.with(base, "model.dropout=" + dropout);
        LstmModel model = new ModelTrainer().train("S", bars, cfg, 1).trainedModel();
        List<List<Bar>> histories = histories(bars, model.requiredBars());
        float[] x = encode(model, histories);
        int n = histories.size();
        assertThat(n).isGreaterThanOrEqualTo(300);

        // Every output: mean and log-variance of each window, [window][output] flattened
        int k = LstmNetworks.OUTPUTS;
        float[] java = toFloat(LstmForward.of(model.network()).predictOutputs(x, n, lookback));
        float[] dl4jBatch = dl4j(model, x, n);
        assertThat(dl4jBatch).hasSize(n * k);
        assertThat(model.predictNormalised(x, n)).containsExactly(column(java, k, 0));
        double maxVsFloat64 = maxDiffToFloat64(model.network(), x, n, lookback);
        int per = model.normaliser().width() * lookback;
        double maxVsBatch = 0;
        double maxVsSingle = 0;
        double maxDl4jSelf = 0;
        double maxOut = 0;
        for (int i = 0; i < n; i++) {
            float[] single = dl4j(model, Arrays.copyOfRange(x, i * per, (i + 1) * per), 1);
            for (int o = 0; o < k; o++) {
                int at = i * k + o;
                maxOut = Math.max(maxOut, Math.abs(dl4jBatch[at]));
                maxVsBatch = Math.max(maxVsBatch, Math.abs(java[at] - dl4jBatch[at]));
                maxVsSingle = Math.max(maxVsSingle, Math.abs(java[at] - single[o]));
                maxDl4jSelf = Math.max(maxDl4jSelf, Math.abs(single[o] - dl4jBatch[at]));
            }
        }

        List<Forecast> fromJava = model.forecastBatch(histories);
        double returnStd = model.normaliser().std()[io.barcast.feature.FeatureExtractor.RETURN];
        double maxCloseRel = 0;
        double maxVolatilityRel = 0;
        for (int i = 0; i < n; i++) {
            Forecast j = fromJava.get(i);
            Bar last = histories.get(i).get(histories.get(i).size() - 1);
            // What forecastBatch would give on DL4J's output: lastClose * exp(inverted return), std * exp(s / 2).
            double dl4jClose = last.close() * Math.exp(model.normaliser().invertReturn(dl4jBatch[i * k]));
            double dl4jVolatility = returnStd * Math.exp(dl4jBatch[i * k + 1] / 2.0);
            assertThat(j.asOf()).isEqualTo(last.date());
            assertThat(j.lastClose()).isEqualTo(last.close());
            assertThat(j.volatility()).isPositive();
            maxCloseRel = Math.max(maxCloseRel, Math.abs(j.predictedClose() - dl4jClose) / dl4jClose);
            maxVolatilityRel = Math.max(maxVolatilityRel, Math.abs(j.volatility() - dl4jVolatility) / dl4jVolatility);
        }
        System.out.printf(Locale.ROOT, "LstmForward %d x %d, lookback %d, %s, dropout %.1f, %d windows, max |output| %.2f: max |java - dl4j batch| %.3g, "
                        + "|java - dl4j single| %.3g (dl4j single vs batch %.3g), |java - dl4j float64| %.3g; "
                        + "max relative close diff %.3g (return std %.4f)%n",
                layers, hidden, lookback, features, dropout, n, maxOut, maxVsBatch, maxVsSingle, maxDl4jSelf, maxVsFloat64,
                maxCloseRel, returnStd);

        assertThat(maxVsFloat64).isLessThanOrEqualTo(FLOAT64_TOLERANCE);
        assertThat(maxVsBatch).isLessThanOrEqualTo(NORMALISED_TOLERANCE);
        assertThat(maxVsSingle).isLessThanOrEqualTo(NORMALISED_TOLERANCE);
        // predictedClose = lastClose * exp(mean + std * output): an output difference d moves the close by a
        // relative std * d, so the normalised tolerance carries over scaled by the return std (~0.0125 here).
        assertThat(maxCloseRel).isLessThanOrEqualTo(NORMALISED_TOLERANCE * returnStd * 1.01);
        // volatility = std * exp(s / 2): an output difference d moves it by a relative ~d / 2
        assertThat(maxVolatilityRel).isLessThanOrEqualTo(NORMALISED_TOLERANCE);
    }

    /**
     * Untrained random weights, large enough to saturate gates and cell activations, checked against a
     * float64 copy of the network: any mix-up of the gate blocks, weight layout or time order shows up
     * far above 1e-12. Against float32 DL4J the recurrence amplifies its rounding with weights this large,
     * so that comparison gets a looser, magnitude-scaled bound.
     */
    @Test
    void shouldMatchDl4jWithLargeRandomWeightsThatSaturateTheGates() {
        Random random = new Random(3);
        for (int layers = 1; layers <= 3; layers++) {
            MultiLayerNetwork net = randomNetwork(config(layers, 16, 12, FeatureSet.OHLCV), 0.8, random);
            int n = 200;
            float[] x = randomInput(n * 5 * 12, random);
            float[] java = LstmForward.of(net).predict(x, n, 12);
            float[] dl4j = column(net.output(Nd4j.create(x, new long[]{n, 5, 12}, 'c'), false)
                    .reshape((long) n * LstmNetworks.OUTPUTS).toFloatVector(), LstmNetworks.OUTPUTS, 0);
            double maxScaled = 0;
            double maxOut = 0;
            for (int i = 0; i < n; i++) {
                maxScaled = Math.max(maxScaled, Math.abs(java[i] - dl4j[i]) / Math.max(1.0, Math.abs(dl4j[i])));
                maxOut = Math.max(maxOut, Math.abs(dl4j[i]));
            }
            double maxVsFloat64 = maxDiffToFloat64(net, x, n, 12);
            System.out.printf(Locale.ROOT, "LstmForward random weights, %d layer(s), max |output| %.2f: max |java - dl4j float64| %.3g, "
                    + "max |java - dl4j float32| / max(1, |output|) %.3g%n", layers, maxOut, maxVsFloat64, maxScaled);
            assertThat(maxVsFloat64).isLessThanOrEqualTo(FLOAT64_TOLERANCE);
            assertThat(maxScaled).isLessThanOrEqualTo(1e-5);
        }
    }

    /**
     * The tests run with {@code --add-modules jdk.incubator.vector} (pom), so the tests above check the
     * Vector API kernel against DL4J; this one holds the scalar loops (used without the module) to it.
     */
    @Test
    void shouldComputeTheSameOnTheVectorKernelAndOnTheScalarLoops() {
        assertThat(LstmForward.VECTOR_API).as("the test JVM must have jdk.incubator.vector").isTrue();
        Random random = new Random(11);
        for (int layers = 1; layers <= 2; layers++) {
            // 4, 8, 12 and 24 units also take the kernel's tails: four accumulators, one vector of exp alone
            for (int hidden : java.util.stream.IntStream.of(4, 8, 12, 16, 24, 32, 64).filter(LstmVectorKernel::supports).toArray()) {
                MultiLayerNetwork net = randomNetwork(config(layers, hidden, 20, FeatureSet.OHLCV), 0.5, random);
                int n = 100;
                float[] x = randomInput(n * 5 * 20, random);
                LstmForward forward = LstmForward.of(net);
                assertThat(forward.vectorised()).isTrue();
                double[] vector = forward.predictDouble(x, n, 20, true);
                double[] scalar = forward.predictDouble(x, n, 20, false);
                double max = 0;
                for (int i = 0; i < n; i++) {
                    max = Math.max(max, Math.abs(vector[i] - scalar[i]));
                }
                assertThat(max).as("%d layer(s) of %d", layers, hidden).isLessThanOrEqualTo(FLOAT64_TOLERANCE);
                assertThat(vector).isNotEqualTo(new double[n]);
            }
        }
    }

    /**
     * Once compiled, the vector kernel allocates nothing per prediction: every Vector API operation inlined by the JIT.
     * One that is not runs its Java fallback, which allocates arrays per operation (the kernel's first own exp, with its
     * constants broadcast in each call: 76,834 bytes a prediction). Deeper call chains can still run out of inlining
     * depth where this shallow one does not: BENCHMARKS.md ("Inference") has the backtest's allocation profile.
     */
    @Test
    void shouldNotAllocatePerPredictionOnTheCompiledVectorKernel() {
        Random random = new Random(3);
        LstmForward forward = LstmForward.of(randomNetwork(config(1, 32, 20, FeatureSet.OHLCV), 0.5, random));
        int n = 256;
        float[] x = randomInput(n * 5 * 20, random);
        for (int i = 0; i < 400; i++) {
            forward.predict(x, n, 20);
        }
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        forward.predict(x, n, 20);
        long perPrediction = (threads.getCurrentThreadAllocatedBytes() - before) / n;
        assertThat(perPrediction).as("bytes allocated per prediction").isLessThan(64);
    }

    @Test
    void shouldGiveIdenticalJavaOutputsAfterASnapshotRoundTrip() {
        List<Bar> bars = SyntheticBars.autoregressive("S", 260, 0.5, 0.01, 5);
        LstmModel model = new ModelTrainer().train("S", bars, config(2, 16, 10, FeatureSet.OHLCV), 2).trainedModel();
        LstmModel back = ModelSnapshot.fromBytes(ModelSnapshot.toBytes(model));
        List<List<Bar>> histories = histories(bars, model.requiredBars());
        float[] x = encode(model, histories);

        assertThat(back.predictNormalised(x, histories.size())).containsExactly(model.predictNormalised(x, histories.size()));
        assertThat(back.forecastBatch(histories)).isEqualTo(model.forecastBatch(histories));
    }

    @Test
    void shouldGiveTheSameForecastAloneInABatchAndFromConcurrentThreads() throws Exception {
        List<Bar> bars = SyntheticBars.autoregressive("S", 260, 0.5, 0.01, 9);
        LstmModel model = new ModelTrainer().train("S", bars, config(1, 32, 20, FeatureSet.OHLCV), 1).trainedModel();
        List<List<Bar>> histories = histories(bars, model.requiredBars());
        List<Forecast> batch = model.forecastBatch(histories);
        for (int i = 0; i < histories.size(); i += 17) {
            assertThat(model.forecast(histories.get(i))).isEqualTo(batch.get(i));
        }

        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<Forecast>>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                results.add(pool.submit(() -> {
                    List<Forecast> one = new ArrayList<>();
                    for (List<Bar> h : histories) {
                        one.add(model.forecast(h));
                    }
                    return one;
                }));
            }
            for (Future<List<Forecast>> r : results) {
                assertThat(r.get()).isEqualTo(batch);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void shouldRejectANetworkOfAnotherStructure() {
        MultiLayerNetwork dense = new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
                .dataType(DataType.FLOAT)
                .list()
                .layer(new DenseLayer.Builder().nIn(5).nOut(4).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(4).nOut(1).activation(Activation.IDENTITY).build())
                .build());
        dense.init();

        assertThatThrownBy(() -> LstmForward.of(dense)).isInstanceOf(IllegalArgumentException.class);
    }

    private static float[] toFloat(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }

    /** Output {@code c} of each row of a flattened {@code [row][k]} array. */
    private static float[] column(float[] flat, int k, int c) {
        float[] v = new float[flat.length / k];
        for (int i = 0; i < v.length; i++) {
            v[i] = flat[i * k + c];
        }
        return v;
    }

    /** DL4J's {@code output()} of {@code model}'s network for {@code n} encoded sequences. */
    private static float[] dl4j(LstmModel model, float[] x, int n) {
        int lookback = model.metadata().config().lookback();
        MultiLayerNetwork net = model.network();
        synchronized (net) {
            return net.output(Nd4j.create(x, new long[]{n, model.normaliser().width(), lookback}, 'c'), false)
                    .reshape((long) n * LstmNetworks.OUTPUTS).toFloatVector();
        }
    }

    /** Max |Java forward in double - DL4J on a float64 copy of {@code net}| over {@code n} sequences. */
    private static double maxDiffToFloat64(MultiLayerNetwork net, float[] x, int n, int lookback) {
        int width = (int) (x.length / ((long) n * lookback));
        double[] xd = new double[n * width * lookback];
        for (int i = 0; i < xd.length; i++) {
            xd[i] = x[i];
        }
        MultiLayerNetwork net64 = net.convertDataType(DataType.DOUBLE);
        double[] reference = net64.output(Nd4j.create(xd, new long[]{n, width, lookback}, 'c'), false)
                .reshape((long) n * LstmNetworks.OUTPUTS).toDoubleVector();
        double[] java = LstmForward.of(net).predictOutputs(x, n, lookback);
        assertThat(java).hasSize(reference.length);
        double max = 0;
        for (int i = 0; i < java.length; i++) {
            max = Math.max(max, Math.abs(java[i] - reference[i]));
        }
        return max;
    }

    /** A network of {@code cfg}'s shape over 5 features with Gaussian weights of standard deviation {@code scale}. */
    private static MultiLayerNetwork randomNetwork(ModelConfig cfg, double scale, Random random) {
        MultiLayerNetwork net = LstmNetworks.build(cfg, 5);
        float[] params = new float[(int) net.numParams()];
        for (int i = 0; i < params.length; i++) {
            params[i] = (float) (random.nextGaussian() * scale);
        }
        net.setParams(Nd4j.create(params, new long[]{1, params.length}, 'c'));
        return net;
    }

    /** Gaussian inputs of standard deviation 2 (well beyond the z-scores the service feeds). */
    private static float[] randomInput(int length, Random random) {
        float[] x = new float[length];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (random.nextGaussian() * 2);
        }
        return x;
    }

    private static ModelConfig config(int layers, int hidden, int lookback, FeatureSet features) {
        return new ModelConfig(hidden, layers, lookback, BASE.epochs(), BASE.batchSize(), BASE.learningRate(), BASE.seed(),
                BASE.dropout(), BASE.l2(), BASE.patience(), BASE.validationFraction(), BASE.gradientClip(), features);
    }

    /** Every history of at least {@code required} bars: one window per bar from there on. */
    private static List<List<Bar>> histories(List<Bar> bars, int required) {
        List<List<Bar>> h = new ArrayList<>();
        for (int end = required; end <= bars.size(); end++) {
            h.add(bars.subList(0, end));
        }
        return h;
    }

    /** The inputs {@link LstmModel#forecastBatch} builds for {@code histories}. */
    private static float[] encode(LstmModel model, List<List<Bar>> histories) {
        int lookback = model.metadata().config().lookback();
        int per = model.normaliser().width() * lookback;
        float[] x = new float[histories.size() * per];
        for (int i = 0; i < histories.size(); i++) {
            List<Bar> h = histories.get(i);
            List<Bar> tail = h.subList(h.size() - model.requiredBars(), h.size());
            double[][] rows = io.barcast.feature.FeatureExtractor.rows(tail, model.metadata().config().features());
            WindowDataset.encodeInput(rows, rows.length - 1, lookback, model.normaliser(), x, i * per);
        }
        return x;
    }
}
