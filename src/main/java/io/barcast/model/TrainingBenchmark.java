package io.barcast.model;

import io.barcast.bar.Bar;
import io.barcast.feature.WindowDataset;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.Random;

/**
 * Measures the production training loop ({@link ModelTrainer}'s epoch) and inference on a fixed
 * window, without early stopping, for benchmarks.
 */
public final class TrainingBenchmark {

    /** Seconds of each epoch, and the sample count. */
    public record EpochTimes(int samples, double[] seconds, double[] losses) {
        public double medianSeconds() {
            double[] s = seconds.clone();
            java.util.Arrays.sort(s);
            return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
        }
    }

    /** Per-prediction latency of one sequence alone and amortised in a batch. */
    public record InferenceTimes(double singleMillis, int batch, double batchMillisPerSequence) {
    }

    private TrainingBenchmark() {
    }

    /** Trains on every sample of {@code bars} (no validation split) for {@code epochs} epochs, timing each. */
    public static EpochTimes epochs(List<Bar> bars, ModelConfig cfg, int epochs) {
        // The smallest validation split: the normaliser is fitted on all but the last few samples.
        WindowDataset data = WindowDataset.build(bars, cfg.features(), cfg.lookback(), 0.001);
        MultiLayerNetwork net = LstmNetworks.build(cfg, data.width());
        int[] order = new int[data.trainCount()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Random random = new Random(cfg.seed());
        double[] seconds = new double[epochs];
        double[] losses = new double[epochs];
        for (int e = 0; e < epochs; e++) {
            ModelTrainer.shuffle(order, random);
            long t0 = System.nanoTime();
            losses[e] = ModelTrainer.fitEpoch(net, data.xTrain(), data.yTrain(), order, data.width(), cfg.lookback(), cfg.batchSize());
            seconds[e] = (System.nanoTime() - t0) / 1e9;
        }
        return new EpochTimes(data.trainCount(), seconds, losses);
    }

    /** Times {@code repeats} single-sequence predictions and {@code repeats} batches of {@code batch}. */
    public static InferenceTimes inference(List<Bar> bars, ModelConfig cfg, int batch, int repeats) {
        WindowDataset data = WindowDataset.build(bars, cfg.features(), cfg.lookback(), 0.2);
        MultiLayerNetwork net = LstmNetworks.build(cfg, data.width());
        int per = data.width() * cfg.lookback();
        INDArray one = Nd4j.create(java.util.Arrays.copyOf(data.xTrain(), per), new long[]{1, data.width(), cfg.lookback()}, 'c');
        INDArray many = Nd4j.create(java.util.Arrays.copyOf(data.xTrain(), per * batch), new long[]{batch, data.width(), cfg.lookback()}, 'c');
        for (int i = 0; i < 20; i++) {
            net.output(one, false);
            net.output(many, false);
        }
        long t0 = System.nanoTime();
        for (int i = 0; i < repeats; i++) {
            net.output(one, false);
        }
        double single = (System.nanoTime() - t0) / 1e6 / repeats;
        t0 = System.nanoTime();
        for (int i = 0; i < repeats; i++) {
            net.output(many, false);
        }
        double batched = (System.nanoTime() - t0) / 1e6 / repeats / batch;
        return new InferenceTimes(single, batch, batched);
    }
}
