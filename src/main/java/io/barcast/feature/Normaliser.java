package io.barcast.feature;

import java.util.Arrays;

/**
 * Per-column standardisation {@code (x - mean) / std}, fitted on training rows only and stored
 * with the model. Column {@link FeatureExtractor#RETURN} also scales the target.
 */
public record Normaliser(double[] mean, double[] std) {

    private static final double MIN_STD = 1e-8;

    public Normaliser {
        if (mean.length != std.length) {
            throw new IllegalArgumentException("mean and std differ in length");
        }
        mean = mean.clone();
        std = std.clone();
    }

    /** Fits on rows {@code from} (inclusive) to {@code to} (exclusive). */
    public static Normaliser fit(double[][] rows, int from, int to) {
        if (to - from < 2) {
            throw new IllegalArgumentException("need at least two rows to fit a normaliser, got " + (to - from));
        }
        int w = rows[from].length;
        double[] mean = new double[w];
        double[] std = new double[w];
        for (int i = from; i < to; i++) {
            for (int c = 0; c < w; c++) {
                mean[c] += rows[i][c];
            }
        }
        for (int c = 0; c < w; c++) {
            mean[c] /= (to - from);
        }
        for (int i = from; i < to; i++) {
            for (int c = 0; c < w; c++) {
                double d = rows[i][c] - mean[c];
                std[c] += d * d;
            }
        }
        for (int c = 0; c < w; c++) {
            std[c] = Math.sqrt(std[c] / (to - from - 1));
            if (!(std[c] > MIN_STD)) {
                std[c] = 1.0; // a constant column (e.g. open == previous close) carries no information
            }
        }
        return new Normaliser(mean, std);
    }

    public int width() {
        return mean.length;
    }

    public double apply(int column, double value) {
        return (value - mean[column]) / std[column];
    }

    /** Maps a normalised target back to a log return. */
    public double invertReturn(double normalised) {
        return normalised * std[FeatureExtractor.RETURN] + mean[FeatureExtractor.RETURN];
    }

    @Override
    public double[] mean() {
        return mean.clone();
    }

    @Override
    public double[] std() {
        return std.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Normaliser n && Arrays.equals(mean, n.mean) && Arrays.equals(std, n.std);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(mean) + Arrays.hashCode(std);
    }

    @Override
    public String toString() {
        return "Normaliser[mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + "]";
    }
}
