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
     * A retrain, warm-started when {@code warmEpochs > 0}: the network starts from a copy of {@code incumbent}'s
     * weights (the incumbent itself is not changed) and runs at most {@code warmEpochs} epochs, early stopping as
     * usual. The inputs are normalised with the incumbent's normaliser, so that they mean what its weights learned
     * (it was fitted on the incumbent's own, earlier training rows: no look-ahead), and the model keeps it; a cold
     * retrain fits a new one on this window's training rows. A warm run starts at a fitted model, so its training
     * loss need not fall below its first epoch's: the "training loss never fell" stall check is for cold runs only
     * (the collapsed-output check applies to both). The starting weights compete with the epochs: an epoch is kept
     * only when its validation loss is below theirs, and when none is, the candidate keeps the serving model's
     * weights ({@link TrainingReport#bestEpoch()} -1, status OK), so that a series without signal does not drift into
     * overfitting one warm epoch at a time.
     *
     * @param incumbent  the model serving now, evaluated on the same validation bars for the promotion gate; may be
     *                   null for a cold start; for a warm one it must have {@code cfg}'s shape and the variance output
     * @param warmEpochs 0 for a cold start, else the most epochs of the warm start
     * @throws IllegalArgumentException for a warm start without an incumbent or from one of another shape
     */
    public TrainingResult train(String symbol, List<Bar> window, ModelConfig cfg, long version,
                                LstmModel incumbent, int warmEpochs, EpochListener listener) {
        boolean warm = warmEpochs > 0;
        if (warm && incumbent == null) {
            throw new IllegalArgumentException("a warm start needs the serving model");
        }
        if (warm && (!incumbent.predictsVolatility() || incumbent.normaliser().width() != cfg.features().width())) {
            throw new IllegalArgumentException("cannot warm-start from model " + incumbent.metadata().symbol() + " v"
                    + incumbent.metadata().version() + ": " + (incumbent.predictsVolatility() ? "it has "
                    + incumbent.normaliser().width() + " input features, the configuration " + cfg.features().width()
                    : "it has no variance output"));
        }
        long start = System.nanoTime();
        List<Double> trainLoss = new ArrayList<>();
        List<Double> valLoss = new ArrayList<>();
        java.time.LocalDate windowEnd = window.isEmpty() ? null : window.get(window.size() - 1).date();
        WindowDataset data;
        try {
            data = WindowDataset.build(window, cfg.features(), cfg.lookback(), cfg.validationFraction(),
                    warm ? incumbent.normaliser() : null);
        } catch (IllegalArgumentException e) {
            return new TrainingResult(new TrainingReport(symbol, version, windowEnd, TrainingStatus.INSUFFICIENT_DATA,
                    e.getMessage(), trainLoss, valLoss, -1, Double.NaN, Double.NaN, Double.NaN, 0, 0, millisSince(start),
                    ReturnFit.EMPTY, warm), null);
        }
        int n = data.trainCount();
        TrainingLoop loop = new TrainingLoop(cfg, data, warm ? incumbent : null, route.forTraining(cfg));
        int maxEpochs = warm ? warmEpochs : cfg.epochs();
        double bestVal = Double.POSITIVE_INFINITY;
        int bestEpoch = -1;
        String failure = null;
        TrainingStatus failStatus = null;
        double startVal = warm ? loop.validationLoss() : Double.NaN;
        if (Double.isFinite(startVal)) {
            bestVal = startVal;
            loop.keep();
        }
        for (int epoch = 0; epoch < maxEpochs; epoch++) {
            double tl = loop.epoch();
            double vl = loop.validationLoss();
            trainLoss.add(tl);
            valLoss.add(vl);
            listener.onEpoch(epoch, tl, vl);
            if (!Double.isFinite(tl) || !Double.isFinite(vl)) {
                failStatus = TrainingStatus.DIVERGED;
                failure = "loss became " + (Double.isFinite(tl) ? vl : tl) + " at epoch " + (epoch + 1);
                break;
            }
            if (vl < bestVal) {
                bestVal = vl;
                bestEpoch = epoch;
                loop.keep();
            } else if (cfg.patience() > 0 && epoch - bestEpoch >= cfg.patience()) {
                break;
            }
        }
        if (failStatus == null && !warm && trainLoss.size() > 1) {
            double first = trainLoss.get(0);
            double min = trainLoss.subList(1, trainLoss.size()).stream().mapToDouble(Double::doubleValue).min().orElse(first);
            if (!(min < first)) {
                failStatus = TrainingStatus.STALLED;
                failure = "training loss never went below its first value " + fmt(first) + " in " + trainLoss.size()
                        + " epochs (weights not updating)";
            }
        }
        double rmseModel = Double.NaN;
        ReturnFit validationFit = ReturnFit.EMPTY;
        ValidationSamples samples = ValidationSamples.NONE;
        double rmseNaive = rmse(data.valLastClose(), data.valNextClose());
        if (failStatus == null) {
            loop.restoreKept();
            if (!loop.weightsFinite()) {
                failStatus = TrainingStatus.DIVERGED;
                failure = "weights contain NaN or Infinity";
            } else {
                float[][] out = loop.keptValidationOutputs();
                float[] pred = column(out, 0);
                float[] logVariance = column(out, 1);
                // A model whose mean has no skill may rightly predict a near-constant mean; a constant variance
                // as well means the weights did not move
                if (data.valCount() >= 2 && spread(pred) < COLLAPSE_RATIO * Math.max(spread(data.yVal()), 1e-12)
                        && spread(logVariance) < COLLAPSE_RATIO) {
                    failStatus = TrainingStatus.STALLED;
                    failure = "output collapsed to a constant (spread " + fmt(spread(pred))
                            + " vs target spread " + fmt(spread(data.yVal())) + ", log-variance spread "
                            + fmt(spread(logVariance)) + "): weights not updating";
                } else {
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
                    rmseModel = rmse(predicted, data.valNextClose());
                    validationFit = ReturnFit.of(modelReturns, realisedReturns);
                    samples = new ValidationSamples(modelReturns, realisedReturns, volatility);
                    if (!Double.isFinite(rmseModel)) {
                        failStatus = TrainingStatus.DIVERGED;
                        failure = "validation predictions are not finite";
                    }
                }
            }
        }
        double incumbentRmse = failStatus == null ? incumbentRmse(incumbent, window, data, cfg) : Double.NaN;
        long millis = millisSince(start);
        TrainingReport report = new TrainingReport(symbol, version, windowEnd,
                failStatus == null ? TrainingStatus.OK : failStatus, failure, trainLoss, valLoss,
                failStatus == null ? bestEpoch : -1, rmseModel, rmseNaive, incumbentRmse, n, data.valCount(), millis,
                failStatus == null ? validationFit : ReturnFit.EMPTY, warm);
        if (failStatus != null) {
            log.info("{} training of {} v{} through {} ended {}: {}", warm ? "Warm-started" : "Cold", symbol, version,
                    windowEnd, failStatus, failure);
            return new TrainingResult(report, null);
        }
        boolean keptStart = bestEpoch < 0; // a warm start none of whose epochs beat the weights it started from
        double keptTrainLoss = keptStart ? incumbent.metadata().trainLoss() : trainLoss.get(bestEpoch);
        double keptValLoss = keptStart ? startVal : valLoss.get(bestEpoch);
        ModelMetadata meta = new ModelMetadata(symbol, version, windowEnd, Instant.now().truncatedTo(ChronoUnit.MILLIS), cfg,
                keptTrainLoss, keptValLoss, rmseModel, rmseNaive, trainLoss.size(), n, data.valCount());
        return new TrainingResult(report, loop.model(meta), samples);
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
