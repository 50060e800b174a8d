package io.barcast.feature;

import io.barcast.bar.Bar;

import java.util.List;

/**
 * The supervised samples of one window of bars, split chronologically into training and
 * validation, normalised with a {@link Normaliser} fitted on the training rows only.
 *
 * <p>Sample {@code j} takes feature rows {@code j-L+1 .. j} (L = lookback) as input and the close
 * log return of the row after them as target. With n bars there are n-1 rows and n-L-1 samples;
 * the last {@code validationFraction} of them (the most recent) are the validation set.
 * Inputs are laid out as DL4J's NCW: {@code [sample][feature][time]}, as floats.
 */
public final class WindowDataset {

    /** Fewest training samples a window must yield. */
    public static final int MIN_TRAIN_SAMPLES = 8;

    private final int width;
    private final Normaliser normaliser;
    private final int trainCount;
    private final int valCount;
    private final float[] xTrain;
    private final float[] yTrain;
    private final float[] xVal;
    private final float[] yVal;
    private final double[] valLastClose;
    private final double[] valNextClose;

    private WindowDataset(int width, Normaliser normaliser, int trainCount, int valCount,
                          float[] xTrain, float[] yTrain, float[] xVal, float[] yVal,
                          double[] valLastClose, double[] valNextClose) {
        this.width = width;
        this.normaliser = normaliser;
        this.trainCount = trainCount;
        this.valCount = valCount;
        this.xTrain = xTrain;
        this.yTrain = yTrain;
        this.xVal = xVal;
        this.yVal = yVal;
        this.valLastClose = valLastClose;
        this.valNextClose = valNextClose;
    }

    /** The fewest bars that give enough samples for the given lookback and validation fraction. */
    public static int minBars(int lookback, double validationFraction) {
        int samples = (int) Math.ceil(MIN_TRAIN_SAMPLES / (1.0 - validationFraction)) + 1;
        return lookback + 1 + samples;
    }

    /** Number of samples a window of {@code bars} bars yields. */
    public static int sampleCount(int bars, int lookback) {
        return Math.max(0, bars - lookback - 1);
    }

    public static WindowDataset build(List<Bar> bars, FeatureSet set, int lookback, double validationFraction) {
        return build(bars, set, lookback, validationFraction, null);
    }

    /**
     * The samples normalised with {@code normaliser} instead of one fitted on this window's training rows (null: fit
     * one). A warm-started retrain passes its starting model's normaliser, which was fitted on that model's own
     * training rows, which (in the retrain cycle: same window length, an earlier end) all precede this window's validation
     * rows, so nothing of the validation leaks into the inputs.
     */
    public static WindowDataset build(List<Bar> bars, FeatureSet set, int lookback, double validationFraction,
                                      Normaliser normaliser) {
        if (lookback < 1) {
            throw new IllegalArgumentException("lookback must be >= 1, got " + lookback);
        }
        if (!(validationFraction > 0 && validationFraction < 1)) {
            throw new IllegalArgumentException("validation fraction must be in (0, 1), got " + validationFraction);
        }
        double[][] rows = FeatureExtractor.rows(bars, set);
        int count = sampleCount(bars.size(), lookback);
        int valCount = Math.max(1, (int) Math.round(count * validationFraction));
        int trainCount = count - valCount;
        if (trainCount < MIN_TRAIN_SAMPLES) {
            throw new IllegalArgumentException("window of " + bars.size() + " bars gives " + trainCount
                    + " training samples with lookback " + lookback + "; need at least " + MIN_TRAIN_SAMPLES
                    + " (at least " + minBars(lookback, validationFraction) + " bars)");
        }
        // Training samples are j = L-1 .. L-2+trainCount; their targets are rows L .. L-1+trainCount.
        int lastTrainRowExclusive = lookback + trainCount;
        int w = set.width();
        if (normaliser == null) {
            normaliser = Normaliser.fit(rows, 0, lastTrainRowExclusive);
        } else if (normaliser.width() != w) {
            throw new IllegalArgumentException("normaliser of " + normaliser.width() + " columns for " + w + " features");
        }
        int per = w * lookback;
        float[] xTrain = new float[trainCount * per];
        float[] yTrain = new float[trainCount];
        float[] xVal = new float[valCount * per];
        float[] yVal = new float[valCount];
        double[] valLast = new double[valCount];
        double[] valNext = new double[valCount];
        for (int s = 0; s < count; s++) {
            int j = lookback - 1 + s;
            float target = (float) normaliser.apply(FeatureExtractor.RETURN, rows[j + 1][FeatureExtractor.RETURN]);
            if (s < trainCount) {
                encodeInput(rows, j, lookback, normaliser, xTrain, s * per);
                yTrain[s] = target;
            } else {
                int v = s - trainCount;
                encodeInput(rows, j, lookback, normaliser, xVal, v * per);
                yVal[v] = target;
                valLast[v] = bars.get(j + 1).close();
                valNext[v] = bars.get(j + 2).close();
            }
        }
        return new WindowDataset(w, normaliser, trainCount, valCount, xTrain, yTrain, xVal, yVal, valLast, valNext);
    }

    /**
     * Writes the normalised input sequence ending at feature row {@code endRow} into {@code dest}
     * at {@code offset}, in NCW order ({@code [feature][time]}).
     */
    public static void encodeInput(double[][] rows, int endRow, int lookback, Normaliser normaliser, float[] dest, int offset) {
        int w = normaliser.width();
        int start = endRow - lookback + 1;
        if (start < 0) {
            throw new IllegalArgumentException("need " + lookback + " feature rows, have " + (endRow + 1));
        }
        for (int t = 0; t < lookback; t++) {
            double[] row = rows[start + t];
            for (int f = 0; f < w; f++) {
                dest[offset + f * lookback + t] = (float) normaliser.apply(f, row[f]);
            }
        }
    }

    public int width() {
        return width;
    }

    public Normaliser normaliser() {
        return normaliser;
    }

    public int trainCount() {
        return trainCount;
    }

    public int valCount() {
        return valCount;
    }

    public float[] xTrain() {
        return xTrain;
    }

    public float[] yTrain() {
        return yTrain;
    }

    public float[] xVal() {
        return xVal;
    }

    public float[] yVal() {
        return yVal;
    }

    /** Close of the last input bar of each validation sample (the naive forecast). */
    public double[] valLastClose() {
        return valLastClose;
    }

    /** The realised next close of each validation sample. */
    public double[] valNextClose() {
        return valNextClose;
    }
}
