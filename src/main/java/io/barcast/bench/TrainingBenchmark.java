package io.barcast.bench;

import io.barcast.bar.Bar;
import io.barcast.feature.WindowDataset;
import io.barcast.model.LstmModel;
import io.barcast.model.ModelConfig;
import io.barcast.model.ModelMetadata;
import io.barcast.model.TrainingLoop;


import java.util.List;

/**
 * Measures the production training loop ({@link TrainingLoop}, the epochs {@code ModelTrainer} runs) and
 * inference on a fixed window, without early stopping, for benchmarks. Inference is timed on both paths:
 * DL4J's {@code output()} and the plain-Java forward pass {@link LstmModel} serves with.
 */
public final class TrainingBenchmark {

    /** Seconds of each epoch, and the sample count. */
    public record EpochTimes(int samples, double[] seconds, double[] losses, double[] cpuSeconds) {
        public EpochTimes(int samples, double[] seconds, double[] losses) {
            this(samples, seconds, losses, new double[seconds.length]);
        }

        public double medianSeconds() {
            return median(seconds);
        }
    }

    /** CPU seconds used by the whole process so far (all threads: GC, JIT, deallocators), or NaN where unknown. */
    public static double processCpuSeconds() {
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            long ns = sun.getProcessCpuTime();
            return ns < 0 ? Double.NaN : ns / 1e9;
        }
        return Double.NaN;
    }

    /**
     * Per-prediction latency of one inference path: one sequence alone, and amortised in a batch. Wall
     * clock and the calling thread's CPU time (less sensitive to a loaded machine), each the median over
     * several timing rounds.
     */
    public record PathTimes(double singleMillis, double singleCpuMillis,
                            double batchMillisPerSequence, double batchCpuMillisPerSequence) {
    }

    /**
     * Both inference paths of one network shape: DL4J's {@code output()} and the plain-Java forward
     * that {@link LstmModel} serves with. {@code maxAbsDiff} is the largest difference
     * of their normalised outputs over the timed batch.
     */
    public record InferenceTimes(int hidden, int lookback, int width, int batch, PathTimes dl4j, PathTimes java,
                                 double maxAbsDiff) {
    }

    /** Timing rounds per figure; the median is reported. */
    public static final int ROUNDS = 5;

    private TrainingBenchmark() {
    }

    /** Trains on all but the last few samples of {@code bars} (the smallest validation split) for {@code epochs} epochs, timing each. */
    public static EpochTimes epochs(List<Bar> bars, ModelConfig cfg, int epochs) {
        return epochs(bars, cfg, epochs, new io.barcast.model.LstmRoute[]{io.barcast.model.LstmRoute.BUILTIN}, null)[0];
    }

    /**
     * As {@link #epochs(List, ModelConfig, int)}, for each of {@code routes} with its own network, the routes' epochs interleaved (epoch 1 of each
     * route, then epoch 2 of each, ...) so that a loaded machine slows them alike. With {@code progress}, each epoch's
     * seconds, loss and the process's resident set size are printed there as it ends.
     */
    public static EpochTimes[] epochs(List<Bar> bars, ModelConfig cfg, int epochs, io.barcast.model.LstmRoute[] routes, java.io.PrintStream progress) {
        // The smallest validation split: the normaliser is fitted on all but the last few samples.
        WindowDataset data = WindowDataset.build(bars, cfg.features(), cfg.lookback(), 0.001);
        TrainingLoop[] loops = new TrainingLoop[routes.length];
        double[][] seconds = new double[routes.length][epochs];
        double[][] losses = new double[routes.length][epochs];
        double[][] cpu = new double[routes.length][epochs];
        for (int r = 0; r < routes.length; r++) {
            loops[r] = new TrainingLoop(cfg, data, null, routes[r]);
        }
        for (int e = 0; e < epochs; e++) {
            for (int r = 0; r < routes.length; r++) {
                double c0 = processCpuSeconds();
                long t0 = System.nanoTime();
                losses[r][e] = loops[r].epoch();
                seconds[r][e] = (System.nanoTime() - t0) / 1e9;
                cpu[r][e] = processCpuSeconds() - c0;
                if (progress != null) {
                    progress.printf(java.util.Locale.ROOT, "  %s epoch %d: %.3f s (process CPU %.3f s), loss %.4f, RSS %d MB%n",
                            routes[r].name().toLowerCase(java.util.Locale.ROOT), e + 1, seconds[r][e], cpu[r][e], losses[r][e],
                            rssKb() / 1024);
                }
            }
        }
        EpochTimes[] times = new EpochTimes[routes.length];
        for (int r = 0; r < routes.length; r++) {
            times[r] = new EpochTimes(data.trainCount(), seconds[r], losses[r], cpu[r]);
        }
        return times;
    }

    /** The process's resident set size in kB ({@code VmRSS} of /proc/self/status), or -1 where there is none. */
    public static long rssKb() {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /**
     * Times single-sequence predictions and batches of {@code batch} on the two paths of one network of
     * {@code cfg}'s shape, untrained (weights do not change the cost): DL4J's {@code output()}
     * ({@link TrainingLoop#output}, what training validates with) and the Java forward
     * ({@link LstmModel#predictNormalised}, what the service predicts with). Each of {@link #ROUNDS} rounds runs
     * {@code repeats} single predictions and {@code max(1, repeats / 20)} batches on DL4J, ten times as many
     * on the Java forward (it is that much faster; the rounds would be too short to time otherwise).
     */
    public static InferenceTimes inference(List<Bar> bars, ModelConfig cfg, int batch, int repeats) {
        WindowDataset data = WindowDataset.build(bars, cfg.features(), cfg.lookback(), 0.2);
        if (data.trainCount() < batch) {
            throw new IllegalArgumentException("need " + batch + " training windows for the batch, have " + data.trainCount());
        }
        TrainingLoop loop = new TrainingLoop(cfg, data);
        ModelMetadata meta = new ModelMetadata("BENCH", 0, bars.get(bars.size() - 1).date(), java.time.Instant.EPOCH, cfg,
                Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0, data.trainCount(), data.valCount());
        LstmModel model = loop.model(meta);
        int per = data.width() * cfg.lookback();
        float[] one = java.util.Arrays.copyOf(data.xTrain(), per);
        float[] many = java.util.Arrays.copyOf(data.xTrain(), per * batch);
        float[] viaJava = model.predictNormalised(many, batch);
        float[] viaDl4j = loop.output(many, batch);
        double maxDiff = 0;
        for (int i = 0; i < batch; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(viaJava[i] - viaDl4j[i]));
        }
        int batches = Math.max(1, repeats / 20);
        PathTimes dl4j = time(() -> loop.output(one, 1), () -> loop.output(many, batch), repeats, batches, batch);
        PathTimes java = time(() -> model.predictNormalised(one, 1), () -> model.predictNormalised(many, batch),
                10 * repeats, 10 * batches, batch);
        return new InferenceTimes(cfg.hiddenSize(), cfg.lookback(), data.width(), batch, dl4j, java, maxDiff);
    }

    private static PathTimes time(Runnable single, Runnable batched, int singles, int batches, int batch) {
        for (int i = 0; i < Math.max(20, singles); i++) { // warm-up, also for the JIT
            single.run();
        }
        for (int i = 0; i < Math.max(2, batches); i++) {
            batched.run();
        }
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        boolean cpu = threads.isCurrentThreadCpuTimeSupported();
        double[] wallSingle = new double[ROUNDS];
        double[] cpuSingle = new double[ROUNDS];
        double[] wallBatch = new double[ROUNDS];
        double[] cpuBatch = new double[ROUNDS];
        for (int r = 0; r < ROUNDS; r++) {
            long c0 = cpu ? threads.getCurrentThreadCpuTime() : 0;
            long t0 = System.nanoTime();
            for (int i = 0; i < singles; i++) {
                single.run();
            }
            wallSingle[r] = (System.nanoTime() - t0) / 1e6 / singles;
            cpuSingle[r] = cpu ? (threads.getCurrentThreadCpuTime() - c0) / 1e6 / singles : Double.NaN;
            c0 = cpu ? threads.getCurrentThreadCpuTime() : 0;
            t0 = System.nanoTime();
            for (int i = 0; i < batches; i++) {
                batched.run();
            }
            wallBatch[r] = (System.nanoTime() - t0) / 1e6 / batches / batch;
            cpuBatch[r] = cpu ? (threads.getCurrentThreadCpuTime() - c0) / 1e6 / batches / batch : Double.NaN;
        }
        return new PathTimes(median(wallSingle), median(cpuSingle), median(wallBatch), median(cpuBatch));
    }

    static double median(double[] v) {
        double[] s = v.clone();
        java.util.Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
