package io.barcast.model;

import io.barcast.feature.FeatureSet;

import java.util.Locale;
import java.util.Properties;

/**
 * Hyperparameters of the LSTM forecaster. Read from properties under the {@code model.} prefix
 * (see {@code config/application.properties}); every key is optional and falls back to {@link #defaults()}.
 *
 * @param hiddenSize         LSTM units per layer
 * @param layers             number of stacked LSTM layers
 * @param lookback           bars of history in one input sequence
 * @param epochs             maximum training epochs
 * @param batchSize          minibatch size
 * @param learningRate       Adam learning rate
 * @param seed               seed for weight initialisation and shuffling
 * @param dropout            probability of dropping an LSTM input (0 = off)
 * @param l2                 L2 weight penalty (0 = off)
 * @param patience           early stopping: epochs without a better validation loss before stopping (0 = off)
 * @param validationFraction most recent share of samples held out for validation
 * @param gradientClip       element-wise gradient clipping threshold (0 = off)
 * @param features           which stationary features feed the model
 */
public record ModelConfig(int hiddenSize, int layers, int lookback, int epochs, int batchSize, double learningRate,
                          long seed, double dropout, double l2, int patience, double validationFraction,
                          double gradientClip, FeatureSet features) {

    public ModelConfig {
        require(hiddenSize >= 1 && hiddenSize <= 4096, "model.hidden.size", hiddenSize, "1..4096");
        require(layers >= 1 && layers <= 8, "model.layers", layers, "1..8");
        require(lookback >= 1 && lookback <= 1000, "model.lookback", lookback, "1..1000");
        require(epochs >= 1, "model.epochs", epochs, ">= 1");
        require(batchSize >= 1, "model.batch.size", batchSize, ">= 1");
        require(learningRate > 0 && Double.isFinite(learningRate), "model.learning.rate", learningRate, "> 0");
        require(dropout >= 0 && dropout < 1, "model.dropout", dropout, "[0, 1)");
        require(l2 >= 0 && Double.isFinite(l2), "model.l2", l2, ">= 0");
        require(patience >= 0, "model.patience", patience, ">= 0");
        require(validationFraction > 0 && validationFraction < 0.9, "model.validation.fraction", validationFraction, "(0, 0.9)");
        require(gradientClip >= 0 && Double.isFinite(gradientClip), "model.gradient.clip", gradientClip, ">= 0");
        if (features == null) {
            throw new IllegalArgumentException("model.features must be one of OHLCV, OHLC");
        }
    }

    /** Defaults sized so that a walk-forward backtest of ~1,000 bars takes a few minutes on 2 cores. */
    public static ModelConfig defaults() {
        return new ModelConfig(32, 1, 20, 40, 32, 0.003, 42L, 0.0, 1e-4, 8, 0.2, 1.0, FeatureSet.OHLCV);
    }

    /** Reads {@code model.*} keys, falling back to {@code base} for absent ones. */
    public static ModelConfig fromProperties(Properties p, ModelConfig base) {
        return new ModelConfig(
                intProp(p, "model.hidden.size", base.hiddenSize),
                intProp(p, "model.layers", base.layers),
                intProp(p, "model.lookback", base.lookback),
                intProp(p, "model.epochs", base.epochs),
                intProp(p, "model.batch.size", base.batchSize),
                doubleProp(p, "model.learning.rate", base.learningRate),
                longProp(p, "model.seed", base.seed),
                doubleProp(p, "model.dropout", base.dropout),
                doubleProp(p, "model.l2", base.l2),
                intProp(p, "model.patience", base.patience),
                doubleProp(p, "model.validation.fraction", base.validationFraction),
                doubleProp(p, "model.gradient.clip", base.gradientClip),
                featureProp(p, "model.features", base.features));
    }

    /** One line for logs and reports. */
    public String describe() {
        return String.format(Locale.ROOT, "LSTM %dx%d, lookback %d, %s features, epochs <= %d (patience %d), batch %d, Adam lr %s, seed %d",
                layers, hiddenSize, lookback, features, epochs, patience, batchSize, learningRate, seed);
    }

    public Properties toProperties() {
        Properties p = new Properties();
        p.setProperty("model.hidden.size", Integer.toString(hiddenSize));
        p.setProperty("model.layers", Integer.toString(layers));
        p.setProperty("model.lookback", Integer.toString(lookback));
        p.setProperty("model.epochs", Integer.toString(epochs));
        p.setProperty("model.batch.size", Integer.toString(batchSize));
        p.setProperty("model.learning.rate", Double.toString(learningRate));
        p.setProperty("model.seed", Long.toString(seed));
        p.setProperty("model.dropout", Double.toString(dropout));
        p.setProperty("model.l2", Double.toString(l2));
        p.setProperty("model.patience", Integer.toString(patience));
        p.setProperty("model.validation.fraction", Double.toString(validationFraction));
        p.setProperty("model.gradient.clip", Double.toString(gradientClip));
        p.setProperty("model.features", features.name());
        return p;
    }

    public ModelConfig withEpochs(int e) {
        return new ModelConfig(hiddenSize, layers, lookback, e, batchSize, learningRate, seed, dropout, l2, patience,
                validationFraction, gradientClip, features);
    }

    public ModelConfig withLookback(int l) {
        return new ModelConfig(hiddenSize, layers, l, epochs, batchSize, learningRate, seed, dropout, l2, patience,
                validationFraction, gradientClip, features);
    }

    public ModelConfig withSeed(long s) {
        return new ModelConfig(hiddenSize, layers, lookback, epochs, batchSize, learningRate, s, dropout, l2, patience,
                validationFraction, gradientClip, features);
    }

    public ModelConfig withLearningRate(double lr) {
        return new ModelConfig(hiddenSize, layers, lookback, epochs, batchSize, lr, seed, dropout, l2, patience,
                validationFraction, gradientClip, features);
    }

    public ModelConfig withHiddenSize(int h) {
        return new ModelConfig(h, layers, lookback, epochs, batchSize, learningRate, seed, dropout, l2, patience,
                validationFraction, gradientClip, features);
    }

    public ModelConfig withBatchSize(int b) {
        return new ModelConfig(hiddenSize, layers, lookback, epochs, b, learningRate, seed, dropout, l2, patience,
                validationFraction, gradientClip, features);
    }

    public ModelConfig withPatience(int p) {
        return new ModelConfig(hiddenSize, layers, lookback, epochs, batchSize, learningRate, seed, dropout, l2, p,
                validationFraction, gradientClip, features);
    }

    public ModelConfig withRegularisation(double newDropout, double newL2, double newClip) {
        return new ModelConfig(hiddenSize, layers, lookback, epochs, batchSize, learningRate, seed, newDropout, newL2,
                patience, validationFraction, newClip, features);
    }

    private static void require(boolean ok, String key, Object value, String range) {
        if (!ok) {
            throw new IllegalArgumentException(key + " = " + value + " is out of range (" + range + ")");
        }
    }

    static int intProp(Properties p, String key, int fallback) {
        String v = p.getProperty(key);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " = '" + v + "' is not an integer");
        }
    }

    static long longProp(Properties p, String key, long fallback) {
        String v = p.getProperty(key);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " = '" + v + "' is not an integer");
        }
    }

    static double doubleProp(Properties p, String key, double fallback) {
        String v = p.getProperty(key);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            return Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " = '" + v + "' is not a number");
        }
    }

    static FeatureSet featureProp(Properties p, String key, FeatureSet fallback) {
        String v = p.getProperty(key);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            return FeatureSet.valueOf(v.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + " = '" + v + "' is not one of OHLCV, OHLC");
        }
    }
}
