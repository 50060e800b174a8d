package io.barcast.model;

import io.barcast.config.ConfigReader;
import io.barcast.feature.FeatureSet;

import java.util.Locale;
import java.util.Properties;

/**
 * Hyperparameters of the LSTM forecaster: the {@code model.*} keys of {@link ModelKeys} (each optional, with its
 * default and allowed range there), read through {@link ConfigReader}.
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
        ModelKeys.HIDDEN_SIZE.check(hiddenSize);
        ModelKeys.LAYERS.check(layers);
        ModelKeys.LOOKBACK.check(lookback);
        ModelKeys.EPOCHS.check(epochs);
        ModelKeys.BATCH_SIZE.check(batchSize);
        ModelKeys.LEARNING_RATE.check(learningRate);
        ModelKeys.DROPOUT.check(dropout);
        ModelKeys.L2.check(l2);
        ModelKeys.PATIENCE.check(patience);
        ModelKeys.VALIDATION_FRACTION.check(validationFraction);
        ModelKeys.GRADIENT_CLIP.check(gradientClip);
        ModelKeys.FEATURES.check(features);
    }

    /** The defaults of the {@code model.*} keys. */
    public static ModelConfig defaults() {
        return from(ConfigReader.defaults());
    }

    /** Reads the {@code model.*} keys; absent ones take their defaults. */
    public static ModelConfig from(ConfigReader c) {
        return new ModelConfig(
                c.get(ModelKeys.HIDDEN_SIZE),
                c.get(ModelKeys.LAYERS),
                c.get(ModelKeys.LOOKBACK),
                c.get(ModelKeys.EPOCHS),
                c.get(ModelKeys.BATCH_SIZE),
                c.get(ModelKeys.LEARNING_RATE),
                c.get(ModelKeys.SEED),
                c.get(ModelKeys.DROPOUT),
                c.get(ModelKeys.L2),
                c.get(ModelKeys.PATIENCE),
                c.get(ModelKeys.VALIDATION_FRACTION),
                c.get(ModelKeys.GRADIENT_CLIP),
                c.get(ModelKeys.FEATURES));
    }

    /** {@link #from(ConfigReader)} of {@code p} over the defaults. */
    public static ModelConfig fromProperties(Properties p) {
        return from(ConfigReader.of(p));
    }

    /** One line for logs and reports. */
    public String describe() {
        return String.format(Locale.ROOT, "LSTM %dx%d, lookback %d, %s features, epochs <= %d (patience %d), batch %d, Adam lr %s, seed %d",
                layers, hiddenSize, lookback, features, epochs, patience, batchSize, learningRate, seed);
    }

    /** The {@code model.*} keys of this configuration ({@link #fromProperties} reads them back). */
    public Properties toProperties() {
        Properties p = new Properties();
        p.setProperty(ModelKeys.HIDDEN_SIZE.name(), Integer.toString(hiddenSize));
        p.setProperty(ModelKeys.LAYERS.name(), Integer.toString(layers));
        p.setProperty(ModelKeys.LOOKBACK.name(), Integer.toString(lookback));
        p.setProperty(ModelKeys.EPOCHS.name(), Integer.toString(epochs));
        p.setProperty(ModelKeys.BATCH_SIZE.name(), Integer.toString(batchSize));
        p.setProperty(ModelKeys.LEARNING_RATE.name(), Double.toString(learningRate));
        p.setProperty(ModelKeys.SEED.name(), Long.toString(seed));
        p.setProperty(ModelKeys.DROPOUT.name(), Double.toString(dropout));
        p.setProperty(ModelKeys.L2.name(), Double.toString(l2));
        p.setProperty(ModelKeys.PATIENCE.name(), Integer.toString(patience));
        p.setProperty(ModelKeys.VALIDATION_FRACTION.name(), Double.toString(validationFraction));
        p.setProperty(ModelKeys.GRADIENT_CLIP.name(), Double.toString(gradientClip));
        p.setProperty(ModelKeys.FEATURES.name(), features.name());
        return p;
    }
}
