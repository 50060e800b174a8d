package io.barcast.model;

import io.barcast.bar.Bar;
import io.barcast.evaluation.ReturnFit;
import io.barcast.feature.WindowDataset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Trains one LSTM on one window of bars: chronological train/validation split, minibatch Adam,
 * early stopping on validation loss (the best epoch's weights are kept), and detection of failed
 * runs. A diverged or stalled run is reported, never returned as a model. A run starts from fresh weights or
 * (warm start) from a copy of the serving model's. Immutable and thread-safe: every call builds its own network.
 */
public final class ModelTrainer {

    /** Called after every epoch. */
    @FunctionalInterface
    public interface EpochListener {
        void onEpoch(int epoch, double trainLoss, double valLoss);

        EpochListener NONE = (e, t, v) -> { };
    }

    /** Predictions whose spread is below this share of the targets' spread count as a collapsed (constant) output. */
    static final double COLLAPSE_RATIO = 1e-3;

    private static final Logger log = LoggerFactory.getLogger(ModelTrainer.class);

    private final LstmRoute route;

    /** Computing the LSTM's passes in Java ({@link LstmRoute#JAVA}, the default of {@code training.lstm}). */
    public ModelTrainer() {
        this(LstmRoute.JAVA);
    }

    /**
     * Computing the LSTM's passes by {@code route}; JAVA trains with DL4J's layer where it cannot (dropout, no Vector
     * API: {@link LstmRoute#forTraining}).
     */
    public ModelTrainer(LstmRoute route) {
        this.route = java.util.Objects.requireNonNull(route, "route");
    }

    public TrainingResult train(String symbol, List<Bar> window, ModelConfig cfg, long version) {
        return train(symbol, window, cfg, version, null, EpochListener.NONE);
    }

    /**
     * A retrain from scratch.
     *
     * @param incumbent the model serving now, evaluated on the same validation bars for the promotion gate; may be null
     */
    public TrainingResult train(String symbol, List<Bar> window, ModelConfig cfg, long version,
                                LstmModel incumbent, EpochListener listener) {
        return train(symbol, window, cfg, version, incumbent, 0, listener);
    }

    /**
     * A retrain, warm-started when {@code warmEpochs > 0}: from a copy of {@code incumbent}'s weights (the incumbent is
     * not changed), at most {@code warmEpochs} epochs, early stopping as usual. A warm run normalises with the
     * incumbent's normaliser, so that the inputs mean what its weights learned (fitted on its own, earlier training
     * rows: no look-ahead), and keeps it; a cold one fits a new one on this window's training rows. A warm run starts
     * fitted, so the "training loss never fell" stall check is for cold runs only (the collapsed-output check applies to
     * both). The starting weights compete with the epochs: when no epoch's validation loss is below theirs, the
     * candidate keeps them ({@link TrainingReport#bestEpoch()} -1, status OK), so that a series without signal does not
     * drift into overfitting one warm epoch at a time.
     *
     * @param incumbent  the model serving now, evaluated on the same validation bars for the promotion gate; may be
     *                   null for a cold start; for a warm one it must have {@code cfg}'s shape and the variance output
     * @param warmEpochs 0 for a cold start, else the most epochs of the warm start
     * @throws IllegalArgumentException for a warm start without an incumbent or from one of another shape
     */
    public TrainingResult train(String symbol, List<Bar> window, ModelConfig cfg, long version,
                                LstmModel incumbent, int warmEpochs, EpochListener listener) {
        boolean warm = warmEpochs > 0;
        checkWarmStart(warm, incumbent, cfg);
        long start = System.nanoTime();
        Run run = new Run();
        java.time.LocalDate windowEnd = window.isEmpty() ? null : window.get(window.size() - 1).date();
        WindowDataset data;
        try {
            data = WindowDataset.build(window, cfg.features(), cfg.lookback(), cfg.validationFraction(),
                    warm ? incumbent.normaliser() : null);
        } catch (IllegalArgumentException e) {
            return new TrainingResult(new TrainingReport(symbol, version, windowEnd, TrainingStatus.INSUFFICIENT_DATA,
                    e.getMessage(), run.trainLoss, run.valLoss, -1, Double.NaN, Double.NaN, Double.NaN, 0, 0,
                    millisSince(start), ReturnFit.EMPTY, warm), null);
        }
        TrainingLoop loop = new TrainingLoop(cfg, data, warm ? incumbent : null, route.forTraining(cfg));
        runEpochs(loop, cfg, warm ? warmEpochs : cfg.epochs(), warm, listener, run);
        if (run.failStatus == null && !warm) {
            checkLossFell(run);
        }
        Validation v = run.failStatus == null ? validate(loop, data, run) : Validation.NONE;
        double rmseNaive = rmse(data.valLastClose(), data.valNextClose());
        double incumbentRmse = run.failStatus == null ? incumbentRmse(incumbent, window, data, cfg) : Double.NaN;
        boolean ok = run.failStatus == null;
        TrainingReport report = new TrainingReport(symbol, version, windowEnd, ok ? TrainingStatus.OK : run.failStatus,
                run.failure, run.trainLoss, run.valLoss, ok ? run.bestEpoch : -1, v.rmseModel(), rmseNaive, incumbentRmse,
                data.trainCount(), data.valCount(), millisSince(start), ok ? v.fit() : ReturnFit.EMPTY, warm);
        if (!ok) {
            log.info("{} training of {} v{} through {} ended {}: {}", warm ? "Warm-started" : "Cold", symbol, version,
                    windowEnd, run.failStatus, run.failure);
            return new TrainingResult(report, null);
        }
        boolean keptStart = run.bestEpoch < 0; // a warm start none of whose epochs beat the weights it started from
        double keptTrainLoss = keptStart ? incumbent.metadata().trainLoss() : run.trainLoss.get(run.bestEpoch);
        double keptValLoss = keptStart ? run.startVal : run.valLoss.get(run.bestEpoch);
        ModelMetadata meta = new ModelMetadata(symbol, version, windowEnd, Instant.now().truncatedTo(ChronoUnit.MILLIS), cfg,
                keptTrainLoss, keptValLoss, v.rmseModel(), rmseNaive, run.trainLoss.size(), data.trainCount(), data.valCount());
        return new TrainingResult(report, loop.model(meta), v.samples());
    }

    /** The losses of a run so far, its best epoch, and its failure once it has one. */
    private static final class Run {
        final List<Double> trainLoss = new ArrayList<>();
        final List<Double> valLoss = new ArrayList<>();
        double startVal = Double.NaN;
        double bestVal = Double.POSITIVE_INFINITY;
        int bestEpoch = -1;
        TrainingStatus failStatus;
        String failure;

        void fail(TrainingStatus status, String why) {
            failStatus = status;
            failure = why;
        }
    }

    /** The kept weights' figures on the validation samples. */
    private record Validation(double rmseModel, ReturnFit fit, ValidationSamples samples) {
        static final Validation NONE = new Validation(Double.NaN, ReturnFit.EMPTY, ValidationSamples.NONE);
    }

    private static void checkWarmStart(boolean warm, LstmModel incumbent, ModelConfig cfg) {
        if (warm && incumbent == null) {
            throw new IllegalArgumentException("a warm start needs the serving model");
        }
        if (warm && (!incumbent.predictsVolatility() || incumbent.normaliser().width() != cfg.features().width())) {
            throw new IllegalArgumentException("cannot warm-start from model " + incumbent.metadata().symbol() + " v"
                    + incumbent.metadata().version() + ": " + (incumbent.predictsVolatility() ? "it has "
                    + incumbent.normaliser().width() + " input features, the configuration " + cfg.features().width()
                    : "it has no variance output"));
        }
    }

    /**
     * Up to {@code maxEpochs} epochs, keeping the weights of the best validation loss (a warm start's own weights
     * compete too) and stopping after {@code model.patience} epochs without a better one, or at a non-finite loss.
     */
    private static void runEpochs(TrainingLoop loop, ModelConfig cfg, int maxEpochs, boolean warm, EpochListener listener,
                                  Run run) {
        run.startVal = warm ? loop.validationLoss() : Double.NaN;
        if (Double.isFinite(run.startVal)) {
            run.bestVal = run.startVal;
            loop.keep();
        }
        for (int epoch = 0; epoch < maxEpochs; epoch++) {
            double tl = loop.epoch();
            double vl = loop.validationLoss();
            run.trainLoss.add(tl);
            run.valLoss.add(vl);
            listener.onEpoch(epoch, tl, vl);
            if (!Double.isFinite(tl) || !Double.isFinite(vl)) {
                run.fail(TrainingStatus.DIVERGED, "loss became " + (Double.isFinite(tl) ? vl : tl) + " at epoch " + (epoch + 1));
                return;
            }
            if (vl < run.bestVal) {
                run.bestVal = vl;
                run.bestEpoch = epoch;
                loop.keep();
            } else if (cfg.patience() > 0 && epoch - run.bestEpoch >= cfg.patience()) {
                return;
            }
        }
    }

    /** A cold run whose training loss never went below its first epoch's has weights that do not update. */
    private static void checkLossFell(Run run) {
        if (run.trainLoss.size() <= 1) {
            return;
        }
        double first = run.trainLoss.get(0);
        double min = run.trainLoss.subList(1, run.trainLoss.size()).stream().mapToDouble(Double::doubleValue).min().orElse(first);
        if (!(min < first)) {
            run.fail(TrainingStatus.STALLED, "training loss never went below its first value " + fmt(first) + " in "
                    + run.trainLoss.size() + " epochs (weights not updating)");
        }
    }

    /** Restores the kept weights and scores them on the validation samples; a broken or collapsed model fails the run. */
    private static Validation validate(TrainingLoop loop, WindowDataset data, Run run) {
        loop.restoreKept();
        if (!loop.weightsFinite()) {
            run.fail(TrainingStatus.DIVERGED, "weights contain NaN or Infinity");
            return Validation.NONE;
        }
        float[][] out = loop.keptValidationOutputs();
        float[] pred = column(out, 0);
        float[] logVariance = column(out, 1);
        // A model whose mean has no skill may rightly predict a near-constant mean; a constant variance as well means
        // the weights did not move
        if (data.valCount() >= 2 && spread(pred) < COLLAPSE_RATIO * Math.max(spread(data.yVal()), 1e-12)
                && spread(logVariance) < COLLAPSE_RATIO) {
            run.fail(TrainingStatus.STALLED, "output collapsed to a constant (spread " + fmt(spread(pred))
                    + " vs target spread " + fmt(spread(data.yVal())) + ", log-variance spread "
                    + fmt(spread(logVariance)) + "): weights not updating");
            return Validation.NONE;
        }
        double[] predicted = new double[pred.length];
        double[] modelReturns = new double[pred.length];
        double[] realisedReturns = new double[pred.length];
        double[] volatility = new double[pred.length];
        double returnStd = data.normaliser().std()[io.barcast.feature.FeatureExtractor.RETURN];
        for (int i = 0; i < pred.length; i++) {
            modelReturns[i] = data.normaliser().invertReturn(pred[i]);
            realisedReturns[i] = Math.log(data.valNextClose()[i] / data.valLastClose()[i]);
            predicted[i] = data.valLastClose()[i] * Math.exp(modelReturns[i]);
            volatility[i] = returnStd * Math.sqrt(MeanVarianceLoss.variance(logVariance[i]));
        }
        double rmseModel = rmse(predicted, data.valNextClose());
        if (!Double.isFinite(rmseModel)) {
            run.fail(TrainingStatus.DIVERGED, "validation predictions are not finite");
        }
        return new Validation(rmseModel, ReturnFit.of(modelReturns, realisedReturns),
                new ValidationSamples(modelReturns, realisedReturns, volatility));
    }

    private static float[] column(float[][] m, int c) {
        float[] v = new float[m.length];
        for (int i = 0; i < m.length; i++) {
            v[i] = m[i][c];
        }
        return v;
    }

    /** RMSE of the incumbent on the validation samples of this window, or NaN. */
    private static double incumbentRmse(LstmModel incumbent, List<Bar> window, WindowDataset data, ModelConfig cfg) {
        if (incumbent == null) {
            return Double.NaN;
        }
        int firstVal = cfg.lookback() - 1 + data.trainCount(); // sample index j of the first validation sample
        List<List<Bar>> histories = new ArrayList<>();
        for (int v = 0; v < data.valCount(); v++) {
            int lastBar = firstVal + v + 1;
            List<Bar> h = window.subList(0, lastBar + 1);
            if (h.size() < incumbent.requiredBars()) {
                return Double.NaN;
            }
            histories.add(h);
        }
        try {
            List<Forecast> f = incumbent.forecastBatch(histories);
            double[] predicted = f.stream().mapToDouble(Forecast::predictedClose).toArray();
            return rmse(predicted, data.valNextClose());
        } catch (RuntimeException e) {
            log.warn("Could not evaluate the serving model {} v{} on the new validation bars: {}",
                    incumbent.metadata().symbol(), incumbent.metadata().version(), e.toString());
            return Double.NaN;
        }
    }

    static double rmse(double[] p, double[] y) {
        double s = 0;
        for (int i = 0; i < p.length; i++) {
            double d = p[i] - y[i];
            s += d * d;
        }
        return Math.sqrt(s / p.length);
    }

    private static double spread(float[] v) {
        double mean = 0;
        for (float f : v) {
            mean += f;
        }
        mean /= v.length;
        double s = 0;
        for (float f : v) {
            s += (f - mean) * (f - mean);
        }
        return Math.sqrt(s / v.length);
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    private static String fmt(double v) {
        return String.format(java.util.Locale.ROOT, "%.6g", v);
    }
}
