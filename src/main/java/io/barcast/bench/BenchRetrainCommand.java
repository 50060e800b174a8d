package io.barcast.bench;

import io.barcast.model.ModelKeys;
import io.barcast.bar.Bar;
import io.barcast.forecast.ForecastSettings;
import io.barcast.forecast.Trainer;
import io.barcast.forecast.TrainingJob;
import io.barcast.model.LstmModel;
import io.barcast.model.ModelConfig;
import io.barcast.service.ServiceConfig;
import io.barcast.stream.TrainingExecutor;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * {@code bench retrain}: retraining throughput through the service's {@link TrainingExecutor}, cold (every symbol's
 * first model, from fresh weights) and warm (the next retrain, {@code retrain.every.bars} bars later, from the
 * serving model's weights, at most {@code model.warm.epochs} epochs), with 1 and 2 executor threads; then the mix
 * {@code model.cold.every} gives and what it means for symbols per training thread.
 */
@Command(name = "retrain", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "Retraining throughput: K symbols retrained on a full window, cold (fresh weights) and warm "
                + "(from the serving model's weights, the window retrain.every.bars later), with 1 and 2 executor threads.")
final class BenchRetrainCommand implements Callable<Integer> {

    /** The rule of thumb's budget: a trading day's retrains finish within this many seconds of the close. */
    private static final double BUDGET_SECONDS = 3600;

    @Mixin
    ServiceBenchOptions options = new ServiceBenchOptions(8);

    private record Round(int jobs, double seconds, long epochs) {

        double jobsPerSecond() {
            return jobs / seconds;
        }
    }

    @Override
    public Integer call() throws Exception {
        ServiceConfig service = options.service();
        ForecastSettings forecast = service.forecast();
        Trainer trainer = Trainer.lstm(service.trainingLstm());
        int window = forecast.windowBars();
        int every = forecast.retrainEveryBars();
        int symbols = options.symbols();
        ModelConfig cfg = forecast.model();
        int warmEpochs = Math.min(forecast.warmStart().epochs(), cfg.epochs());
        int coldEvery = forecast.warmStart().coldEvery();
        Map<String, List<Bar>> series = SyntheticSeries.many(symbols, window + every);
        System.out.printf(Locale.ROOT, "bench retrain: %d symbols, window %d, %s, LSTM passes %s, warm: at most %d epochs,"
                        + " %d bars later; OMP_NUM_THREADS=%s%n", symbols, window, cfg.describe(),
                service.trainingLstm().forTraining(cfg).name().toLowerCase(Locale.ROOT), warmEpochs, every,
                System.getenv().getOrDefault("OMP_NUM_THREADS", "unset"));
        Properties warmUp = cfg.toProperties();
        warmUp.setProperty(ModelKeys.EPOCHS.name(), "2");
        trainer.train(new TrainingJob("WARMUP", 1, series.values().iterator().next().subList(0, window), window, null,
                ModelConfig.fromProperties(warmUp)));
        Map<String, LstmModel> first = new ConcurrentHashMap<>();
        Round[] cold = new Round[3];
        Round[] warm = new Round[3];
        for (int threads = 1; threads <= 2; threads++) {
            cold[threads] = run(trainer, threads, series, first, s -> new TrainingJob(s, 1, series.get(s).subList(0, window), window, null, cfg));
            print(threads, "cold", cold[threads], null);
            warm[threads] = run(trainer, threads, series, null, s -> new TrainingJob(s, 2, series.get(s).subList(every, window + every),
                    window + every, first.get(s), cfg, warmEpochs));
            print(threads, "warm", warm[threads], cold[threads]);
            double mixed = coldEvery / (1 / cold[threads].jobsPerSecond() + (coldEvery - 1) / warm[threads].jobsPerSecond());
            System.out.printf(Locale.ROOT, "  %d thread(s), model.cold.every = %d (1 cold, %d warm): %.2f jobs/s%n",
                    threads, coldEvery, coldEvery - 1, mixed);
            if (threads == 1) {
                System.out.printf(Locale.ROOT, "  one training thread, a retrain every %d daily bars, a day's retrains done within"
                                + " %.0f min of the close: %,.0f symbols warm (%,.0f cold)%n", every, BUDGET_SECONDS / 60,
                        mixed * BUDGET_SECONDS * every, cold[1].jobsPerSecond() * BUDGET_SECONDS * every);
            }
        }
        return 0;
    }

    private static void print(int threads, String kind, Round r, Round cold) {
        System.out.printf(Locale.ROOT, "  %d thread(s), %s: %d jobs in %.1f s = %.2f jobs/s (%d epochs in all, %.3f s/epoch)%s%n",
                threads, kind, r.jobs, r.seconds, r.jobsPerSecond(), r.epochs, r.seconds * threads / r.epochs,
                cold == null ? "" : String.format(Locale.ROOT, ", %.1fx cold", r.jobsPerSecond() / cold.jobsPerSecond()));
    }

    /** Runs one job per symbol on {@code threads} executor threads; keeps each trained model in {@code models} (when given). */
    private static Round run(Trainer trainer, int threads, Map<String, List<Bar>> series, Map<String, LstmModel> models,
                             Function<String, TrainingJob> job) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(series.size());
        AtomicLong epochs = new AtomicLong();
        long start = System.nanoTime();
        try (TrainingExecutor executor = new TrainingExecutor(threads, series.size(), trainer)) {
            for (String symbol : series.keySet()) {
                executor.submit(job.apply(symbol), c -> {
                    epochs.addAndGet(c.result().report().epochs());
                    if (models != null && c.result().trainedModel() != null) {
                        models.putIfAbsent(symbol, c.result().trainedModel());
                    }
                    done.countDown();
                });
            }
            done.await();
        }
        return new Round(series.size(), (System.nanoTime() - start) / 1e9, epochs.get());
    }
}
