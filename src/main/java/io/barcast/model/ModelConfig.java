package io.barcast.model;

import io.barcast.config.ConfigReader;
import io.barcast.config.Keys;
import io.barcast.feature.FeatureSet;

import java.util.Locale;
import java.util.Properties;

/**
 * Hyperparameters of the LSTM forecaster. Read from properties under the {@code model.} prefix
 * (see {@code config/application.properties}) through {@link ConfigReader}; every key is optional and
 * falls back to its default in {@link Keys}, which also holds the allowed range of each.
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
        Keys.MODEL_HIDDEN_SIZE.check(hiddenSize);
        Keys.MODEL_LAYERS.check(layers);
        Keys.MODEL_LOOKBACK.check(lookback);
        Keys.MODEL_EPOCHS.check(epochs);
        Keys.MODEL_BATCH_SIZE.check(batchSize);
        Keys.MODEL_LEARNING_RATE.check(learningRate);
        Keys.MODEL_DROPOUT.check(dropout);
        Keys.MODEL_L2.check(l2);
        Keys.MODEL_PATIENCE.check(patience);
        Keys.MODEL_VALIDATION_FRACTION.check(validationFraction);
        Keys.MODEL_GRADIENT_CLIP.check(gradientClip);
        Keys.MODEL_FEATURES.check(features);
    }

    /** The defaults of the {@code model.*} keys in {@link Keys}. */
    public static ModelConfig defaults() {
        return from(ConfigReader.defaults());
    }

    /** Reads the {@code model.*} keys; absent ones take their defaults. */
    public static ModelConfig from(ConfigReader c) {
        return new ModelConfig(
                c.get(Keys.MODEL_HIDDEN_SIZE),
                c.get(Keys.MODEL_LAYERS),
                c.get(Keys.MODEL_LOOKBACK),
                c.get(Keys.MODEL_EPOCHS),
                c.get(Keys.MODEL_BATCH_SIZE),
                c.get(Keys.MODEL_LEARNING_RATE),
                c.get(Keys.MODEL_SEED),
                c.get(Keys.MODEL_DROPOUT),
                c.get(Keys.MODEL_L2),
                c.get(Keys.MODEL_PATIENCE),
                c.get(Keys.MODEL_VALIDATION_FRACTION),
                c.get(Keys.MODEL_GRADIENT_CLIP),
                c.get(Keys.MODEL_FEATURES));
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
        p.setProperty(Keys.MODEL_HIDDEN_SIZE.name(), Integer.toString(hiddenSize));
        p.setProperty(Keys.MODEL_LAYERS.name(), Integer.toString(layers));
        p.setProperty(Keys.MODEL_LOOKBACK.name(), Integer.toString(lookback));
        p.setProperty(Keys.MODEL_EPOCHS.name(), Integer.toString(epochs));
        p.setProperty(Keys.MODEL_BATCH_SIZE.name(), Integer.toString(batchSize));
        p.setProperty(Keys.MODEL_LEARNING_RATE.name(), Double.toString(learningRate));
        p.setProperty(Keys.MODEL_SEED.name(), Long.toString(seed));
        p.setProperty(Keys.MODEL_DROPOUT.name(), Double.toString(dropout));
        p.setProperty(Keys.MODEL_L2.name(), Double.toString(l2));
        p.setProperty(Keys.MODEL_PATIENCE.name(), Integer.toString(patience));
        p.setProperty(Keys.MODEL_VALIDATION_FRACTION.name(), Double.toString(validationFraction));
        p.setProperty(Keys.MODEL_GRADIENT_CLIP.name(), Double.toString(gradientClip));
        p.setProperty(Keys.MODEL_FEATURES.name(), features.name());
        return p;
    }
}
