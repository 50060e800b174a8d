package io.barcast.bench;

import io.barcast.model.ModelKeys;
import io.barcast.bar.Bar;
import io.barcast.bar.CsvBarReader;
import io.barcast.model.ModelConfig;
import io.barcast.options.ModelOptions;
import io.barcast.options.OptionChecks;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.Callable;

/**
 * {@code barcast bench train|inference}: the forecaster's reference benchmarks (see BENCHMARKS.md).
 * Reference configuration: S&amp;P 500 bars 2000-01-03..2016-03-29, lookback 30, 5 features, one LSTM
 * layer of 64, batch 32, Adam 1e-3.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks of the forecaster.",
        subcommands = {BenchCommand.Train.class, BenchCommand.Inference.class, BenchPipelineCommands.Pipeline.class,
                BenchLatencyCommand.class, BenchRetrainCommand.class, BenchPipelineCommands.Memory.class})
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

    /**
     * The reference configuration with {@code settings} on top: LSTM 64, lookback 30, batch 32, Adam 1e-3,
     * no dropout, L2 or clipping; every other key at its default.
     */
    static ModelConfig referenceConfig(Properties settings) {
        Properties p = new Properties();
        p.setProperty(ModelKeys.HIDDEN_SIZE.name(), "64");
        p.setProperty(ModelKeys.LOOKBACK.name(), "30");
        p.setProperty(ModelKeys.BATCH_SIZE.name(), "32");
        p.setProperty(ModelKeys.LEARNING_RATE.name(), "0.001");
        p.setProperty(ModelKeys.DROPOUT.name(), "0");
        p.setProperty(ModelKeys.L2.name(), "0");
        p.setProperty(ModelKeys.GRADIENT_CLIP.name(), "0");
        p.putAll(settings);
        return ModelConfig.fromProperties(p);
    }

    @Command(name = "train", mixinStandardHelpOptions = true, showDefaultValues = true,
            description = "Seconds per training epoch on the reference configuration (LSTM 64, lookback 30, batch 32, Adam 1e-3,"
                    + " no regularisation); --config, --set and the flags change its model keys.")
    static final class Train implements Callable<Integer> {
        @Mixin
        ModelOptions model;
        @Option(names = "--epochs", defaultValue = "5", description = "Epochs to time, after one warm-up epoch")
        int epochs;
        @Option(names = "--batch", description = "Minibatch size; sets model.batch.size")
        Integer batch;
        @Option(names = "--pytorch", paramLabel = "PATH|none",
                description = "PyTorch peer script, run after the DL4J epochs with /usr/bin/python3 (default: the copy in the jar; 'none' skips it)")
        String pytorch;
        @Option(names = "--route", defaultValue = "java",
                description = "The LSTM layer, or a comma-separated list (their epochs interleaved): java (DL4J's LSTM with its passes in Java: production's default)"
                        + " or builtin (DL4J's LSTM layer: training.lstm=BUILTIN)")
        String route;
        @Option(names = "--progress", description = "Print each epoch's seconds, loss and resident set size as it ends")
        boolean progress;
        @Option(names = "--profiling", defaultValue = "default",
                description = "ND4J's op profiling mode: default (left as it is, SCOPE_PANIC) or off (DISABLED)")
        String profiling;

        @Override
        public Integer call() throws IOException, InterruptedException {
            Properties settings = model.properties();
            ModelOptions.set(settings, ModelKeys.BATCH_SIZE.name(), batch);
            java.util.Map<String, String> given = new java.util.HashMap<>(model.given());
            if (batch != null) {
                given.put(ModelKeys.BATCH_SIZE.name(), "--batch");
            }
            validate(settings, given);
            ModelConfig cfg = referenceConfig(settings);
            List<Bar> bars = referenceBars();
            io.barcast.model.LstmRoute[] routes;
            try {
                routes = Arrays.stream(route.split(",")).map(r -> io.barcast.model.LstmRoute.valueOf(r.trim().toUpperCase(Locale.ROOT)))
                        .toArray(io.barcast.model.LstmRoute[]::new);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                        "--route: a comma-separated list of java, builtin; not " + route);
            }
            if (profiling.equals("off")) {
                org.nd4j.linalg.factory.Nd4j.getExecutioner().setProfilingMode(
                        org.nd4j.linalg.api.ops.executioner.OpExecutioner.ProfilingMode.DISABLED);
            }
            System.out.printf(Locale.ROOT, "bench train: route %s, profiling mode %s%n", route,
                    org.nd4j.linalg.factory.Nd4j.getExecutioner().getProfilingMode());
            TrainingBenchmark.EpochTimes[] all = TrainingBenchmark.epochs(bars, cfg, epochs + 1, routes, progress ? System.out : null);
            System.out.printf(Locale.ROOT, "bench train: %d bars %s..%s, %d training windows, lookback %d, LSTM %d, batch %d, OMP_NUM_THREADS=%s%n",
                    bars.size(), bars.get(0).date(), bars.get(bars.size() - 1).date(), all[0].samples(), cfg.lookback(), cfg.hiddenSize(),
                    cfg.batchSize(), System.getenv().getOrDefault("OMP_NUM_THREADS", "unset"));
            double[] medians = new double[routes.length];
            double[] cpuMedians = new double[routes.length];
            for (int r = 0; r < routes.length; r++) {
                TrainingBenchmark.EpochTimes t = all[r];
                double[] timed = Arrays.copyOfRange(t.seconds(), 1, t.seconds().length);
                medians[r] = TrainingBenchmark.median(timed);
                cpuMedians[r] = TrainingBenchmark.median(Arrays.copyOfRange(t.cpuSeconds(), 1, t.cpuSeconds().length));
                String prefix = "  " + routes[r].name().toLowerCase(Locale.ROOT) + ": ";
                System.out.printf(Locale.ROOT, "%swarm-up epoch %.3f s; timed epochs: %s s%n", prefix, t.seconds()[0], fmt(timed));
                System.out.printf(Locale.ROOT, "%slosses: %s%n", prefix, fmt(t.losses()));
                System.out.printf(Locale.ROOT, "%smedian %.3f s/epoch; process CPU: median %.3f s per epoch%n", prefix, medians[r],
                        cpuMedians[r]);
            }
            System.out.printf(Locale.ROOT, "  RSS %d MB%n", TrainingBenchmark.rssKb() / 1024);
            double median = medians[medians.length - 1];
            double[] peerCpu = {Double.NaN};
            double peer = "none".equals(pytorch) ? Double.NaN
                    : PytorchPeer.run(pytorch, epochs, cfg.hiddenSize(), cfg.lookback(), cfg.batchSize(), System.out, peerCpu);
            if (Double.isFinite(peer)) {
                for (int r = 0; r < routes.length; r++) {
                    System.out.printf(Locale.ROOT, "  ratio%s to the PyTorch peer measured in this run (%.3f s): %.2fx",
                            " of " + routes[r].name().toLowerCase(Locale.ROOT), peer, medians[r] / peer);
                    System.out.printf(Locale.ROOT, Double.isFinite(peerCpu[0]) ? "; in process CPU time (%.3f s): %.2fx%n" : "%n",
                            peerCpu[0], cpuMedians[r] / peerCpu[0]);
                }
            }
            System.out.printf(Locale.ROOT, "  ratio to the issue's PyTorch figure (%.2f s): %.2fx%n",
                    PYTORCH_SECONDS_PER_EPOCH, median / PYTORCH_SECONDS_PER_EPOCH);
            return 0;
        }
    }

    @Command(name = "inference", mixinStandardHelpOptions = true, showDefaultValues = true,
            description = "Milliseconds per prediction, alone and in a batch, through DL4J's output() and the Java forward pass the service uses,"
                    + " for the reference shape (LSTM 64, lookback 30) and the service's default model; for the configured model only"
                    + " when --hidden, --lookback, --seed, --config or --set give model.* keys.")
    static final class Inference implements Callable<Integer> {
        @Mixin
        ModelOptions model;
        @Option(names = "--batch", defaultValue = "256", description = "Sequences in one timed batch")
        int batch;
        @Option(names = "--repeats", defaultValue = "200", description = "Single DL4J predictions per timing round (the Java path runs 10x as many)")
        int repeats;

        @Override
        public Integer call() throws IOException {
            Properties settings = model.properties();
            validate(settings, model.given());
            OptionChecks.atLeast("--batch", batch, 1);
            OptionChecks.atLeast("--repeats", repeats, 1);
            List<Bar> bars = referenceBars();
            System.out.printf(Locale.ROOT, "bench inference: %d bars, 5 features, batch %d, OMP_NUM_THREADS=%s; medians of %d rounds,"
                            + " wall clock [calling thread's CPU time]%n",
                    bars.size(), batch, System.getenv().getOrDefault("OMP_NUM_THREADS", "unset"), TrainingBenchmark.ROUNDS);
            System.out.println("  Java forward pass: " + io.barcast.model.LstmModel.forwardKernel());
            ModelConfig service = ModelConfig.fromProperties(settings);
            if (settings.stringPropertyNames().stream().anyMatch(k -> k.startsWith("model."))) {
                print("custom", TrainingBenchmark.inference(bars, service, batch, repeats));
            } else {
                print("reference", TrainingBenchmark.inference(bars, referenceConfig(new Properties()), batch, repeats));
                print("service default", TrainingBenchmark.inference(bars, service, batch, repeats));
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

    /** The service's checks of every key (not its window rule: the benchmarks set their own windows), naming the flags given. */
    static void validate(Properties settings, java.util.Map<String, String> given) {
        try {
            OptionChecks.reading(given, () -> {
                io.barcast.config.ConfigReader.of(io.barcast.service.ServiceKeys.CATALOG, settings).validate();
                return null;
            });
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
