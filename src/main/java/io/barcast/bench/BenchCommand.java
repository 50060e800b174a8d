package io.barcast.bench;

import io.barcast.bar.Bar;
import io.barcast.bar.CsvBarReader;
import io.barcast.model.ModelConfig;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code barcast bench train|inference}: the forecaster's reference benchmarks (see BENCHMARKS.md).
 * Reference configuration: S&P 500 bars 2000-01-03..2016-03-29, lookback 30, 5 features, one LSTM
 * layer of 64, batch 32, Adam 1e-3.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks of the forecaster.",
        subcommands = {BenchCommand.Train.class, BenchCommand.Inference.class, BenchPipelineCommands.Pipeline.class,
                BenchLatencyCommand.class, BenchPipelineCommands.Retrain.class, BenchPipelineCommands.Memory.class})
public final class BenchCommand implements Runnable {

    /** PyTorch 1.13 CPU, single thread, same shape: seconds per epoch the forecaster issue quotes for this machine class. */
    static final double PYTORCH_SECONDS_PER_EPOCH = 0.62;

    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    static List<Bar> referenceBars() throws IOException {
        return CsvBarReader.read("sp500", "SPX").stream()
                .filter(b -> !b.date().isAfter(LocalDate.of(2016, 3, 29)))
                .toList();
    }

    static ModelConfig referenceConfig(int hidden, int lookback, int batch) {
        return ModelConfig.defaults().withHiddenSize(hidden).withLookback(lookback).withBatchSize(batch)
                .withLearningRate(1e-3).withRegularisation(0, 0, 0);
    }

    @Command(name = "train", mixinStandardHelpOptions = true, description = "Seconds per training epoch on the reference configuration.")
    static final class Train implements Callable<Integer> {
        @Option(names = "--epochs", defaultValue = "5", description = "Epochs to time (default ${DEFAULT-VALUE}; the first is warm-up)")
        int epochs;
        @Option(names = "--batch", defaultValue = "32")
        int batch;
        @Option(names = "--hidden", defaultValue = "64")
        int hidden;
        @Option(names = "--lookback", defaultValue = "30")
        int lookback;
        @Option(names = "--pytorch", defaultValue = "src/bench/pytorch_epoch.py",
                description = "PyTorch peer script, run after the DL4J epochs with /usr/bin/python3 (default ${DEFAULT-VALUE}; 'none' to skip)")
        String pytorch;

        @Override
        public Integer call() throws IOException, InterruptedException {
            List<Bar> bars = referenceBars();
            ModelConfig cfg = referenceConfig(hidden, lookback, batch);
            TrainingBenchmark.EpochTimes t = TrainingBenchmark.epochs(bars, cfg, epochs + 1);
            double[] timed = Arrays.copyOfRange(t.seconds(), 1, t.seconds().length);
            double median = new TrainingBenchmark.EpochTimes(t.samples(), timed, t.losses()).medianSeconds();
            System.out.printf(Locale.ROOT, "bench train: %d bars %s..%s, %d training windows, lookback %d, LSTM %d, batch %d, OMP_NUM_THREADS=%s%n",
                    bars.size(), bars.get(0).date(), bars.get(bars.size() - 1).date(), t.samples(), lookback, hidden, batch,
                    System.getenv().getOrDefault("OMP_NUM_THREADS", "unset"));
            System.out.printf(Locale.ROOT, "  warm-up epoch %.3f s; timed epochs: %s s%n", t.seconds()[0], fmt(timed));
            System.out.printf(Locale.ROOT, "  losses: %s%n", fmt(t.losses()));
            System.out.printf(Locale.ROOT, "  median %.3f s/epoch%n", median);
            double peer = "none".equals(pytorch) ? Double.NaN : PytorchPeer.run(pytorch, epochs, hidden, lookback, batch, System.out);
            if (Double.isFinite(peer)) {
                System.out.printf(Locale.ROOT, "  ratio to the PyTorch peer measured in this run (%.3f s): %.2fx%n", peer, median / peer);
            }
            System.out.printf(Locale.ROOT, "  ratio to the issue's PyTorch figure (%.2f s): %.2fx%n",
                    PYTORCH_SECONDS_PER_EPOCH, median / PYTORCH_SECONDS_PER_EPOCH);
            return 0;
        }
    }

    @Command(name = "inference", mixinStandardHelpOptions = true,
            description = "Milliseconds per prediction, alone and in a batch, through DL4J's output() and the Java forward pass the service uses,"
                    + " for the reference shape (LSTM 64, lookback 30) and the service default (LSTM 32, lookback 20).")
    static final class Inference implements Callable<Integer> {
        @Option(names = "--batch", defaultValue = "256")
        int batch;
        @Option(names = "--repeats", defaultValue = "200", description = "Single DL4J predictions per timing round (default ${DEFAULT-VALUE}; the Java path runs 10x as many)")
        int repeats;
        @Option(names = "--hidden", description = "Time only this LSTM size (with --lookback) instead of the two standard shapes")
        Integer hidden;
        @Option(names = "--lookback", description = "Lookback for --hidden (default 20)")
        Integer lookback;

        @Override
        public Integer call() throws IOException {
            List<Bar> bars = referenceBars();
            System.out.printf(Locale.ROOT, "bench inference: %d bars, 5 features, batch %d, OMP_NUM_THREADS=%s; medians of %d rounds,"
                            + " wall clock [calling thread's CPU time]%n",
                    bars.size(), batch, System.getenv().getOrDefault("OMP_NUM_THREADS", "unset"), TrainingBenchmark.ROUNDS);
            System.out.println("  Java forward pass: " + io.barcast.model.LstmModel.forwardKernel());
            if (hidden != null) {
                ModelConfig cfg = ModelConfig.defaults().withHiddenSize(hidden).withLookback(lookback == null ? 20 : lookback);
                print("custom", TrainingBenchmark.inference(bars, cfg, batch, repeats));
            } else {
                print("reference", TrainingBenchmark.inference(bars, referenceConfig(64, 30, 32), batch, repeats));
                print("service default", TrainingBenchmark.inference(bars, ModelConfig.defaults(), batch, repeats));
            }
            return 0;
        }

        private static void print(String label, TrainingBenchmark.InferenceTimes t) {
            System.out.printf(Locale.ROOT, "  %s: LSTM %d, lookback %d, %d features (max |java - dl4j| on the batch %.2g)%n",
                    label, t.hidden(), t.lookback(), t.width(), t.maxAbsDiff());
            System.out.printf(Locale.ROOT, "    %-13s %-26s %s%n", "", "one sequence alone", "batch of " + t.batch() + ", per sequence");
            row("DL4J output()", t.dl4j());
            row("Java forward", t.java());
            System.out.printf(Locale.ROOT, "    speed-up: %.1fx alone, %.1fx in a batch%n",
                    t.dl4j().singleMillis() / t.java().singleMillis(), t.dl4j().batchMillisPerSequence() / t.java().batchMillisPerSequence());
        }

        private static void row(String name, TrainingBenchmark.PathTimes p) {
            System.out.printf(Locale.ROOT, "    %-13s %-26s %s%n", name,
                    String.format(Locale.ROOT, "%.4f ms [%.4f]", p.singleMillis(), p.singleCpuMillis()),
                    String.format(Locale.ROOT, "%.4f ms [%.4f]", p.batchMillisPerSequence(), p.batchCpuMillisPerSequence()));
        }
    }

    private static String fmt(double[] v) {
        StringBuilder b = new StringBuilder();
        for (double d : v) {
            b.append(b.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.3f", d));
        }
        return b.toString();
    }
}
