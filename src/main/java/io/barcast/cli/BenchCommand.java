package io.barcast.cli;

import io.barcast.bar.Bar;
import io.barcast.bar.CsvBarReader;
import io.barcast.model.ModelConfig;
import io.barcast.model.TrainingBenchmark;
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
                BenchPipelineCommands.Latency.class, BenchPipelineCommands.Retrain.class, BenchPipelineCommands.Memory.class})
final class BenchCommand implements Runnable {

    /** PyTorch 1.13 CPU, single thread, same shape: seconds per epoch measured on this machine class. */
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

        @Override
        public Integer call() throws IOException {
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
            System.out.printf(Locale.ROOT, "  median %.3f s/epoch; ratio to PyTorch (%.2f s): %.2fx%n", median,
                    PYTORCH_SECONDS_PER_EPOCH, median / PYTORCH_SECONDS_PER_EPOCH);
            return 0;
        }
    }

    @Command(name = "inference", mixinStandardHelpOptions = true, description = "Milliseconds per prediction, alone and in a batch.")
    static final class Inference implements Callable<Integer> {
        @Option(names = "--batch", defaultValue = "256")
        int batch;
        @Option(names = "--repeats", defaultValue = "200")
        int repeats;

        @Override
        public Integer call() throws IOException {
            ModelConfig cfg = referenceConfig(64, 30, 32);
            TrainingBenchmark.InferenceTimes t = TrainingBenchmark.inference(referenceBars(), cfg, batch, repeats);
            System.out.printf(Locale.ROOT, "bench inference: LSTM 64, lookback 30, 5 features, OMP_NUM_THREADS=%s%n",
                    System.getenv().getOrDefault("OMP_NUM_THREADS", "unset"));
            System.out.printf(Locale.ROOT, "  one sequence alone: %.3f ms%n", t.singleMillis());
            System.out.printf(Locale.ROOT, "  batch of %d: %.4f ms per sequence (%.2f ms per batch)%n", t.batch(),
                    t.batchMillisPerSequence(), t.batchMillisPerSequence() * t.batch());
            return 0;
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
