package io.barcast.model;

import io.barcast.config.Key;
import io.barcast.feature.FeatureSet;

import java.util.EnumSet;
import java.util.List;

/** The {@code model.*} keys ({@link ModelConfig}) and {@code training.lstm}, which this package reads. */
public final class ModelKeys {

    public static final Key<Integer> HIDDEN_SIZE = Key.integer("model.hidden.size", 32, 1, 4096);
    public static final Key<Integer> LAYERS = Key.integer("model.layers", 1, 1, 8);
    public static final Key<Integer> LOOKBACK = Key.integer("model.lookback", 20, 1, 1000);
    public static final Key<Integer> EPOCHS = Key.integer("model.epochs", 40, 1, Integer.MAX_VALUE);
    public static final Key<Integer> BATCH_SIZE = Key.integer("model.batch.size", 32, 1, Integer.MAX_VALUE);
    public static final Key<Double> LEARNING_RATE = Key.number("model.learning.rate", 0.003, v -> v > 0, "> 0");
    public static final Key<Long> SEED = Key.anyLong("model.seed", 42L);
    public static final Key<Double> DROPOUT = Key.number("model.dropout", 0.0, v -> v >= 0 && v < 1, "[0, 1)");
    public static final Key<Double> L2 = Key.number("model.l2", 1e-4, v -> v >= 0, ">= 0");
    public static final Key<Integer> PATIENCE = Key.integer("model.patience", 8, 0, Integer.MAX_VALUE);
    public static final Key<Double> VALIDATION_FRACTION = Key.number("model.validation.fraction", 0.2, v -> v > 0 && v < 0.9, "(0, 0.9)");
    public static final Key<Double> GRADIENT_CLIP = Key.number("model.gradient.clip", 1.0, v -> v >= 0, ">= 0");
    public static final Key<FeatureSet> FEATURES = Key.choice("model.features", FeatureSet.OHLCV);
    /** How training computes the LSTM's passes: in Java on the Vector API, or DL4J's own layer (same models). */
    public static final Key<LstmRoute> TRAINING_LSTM = Key.choice("training.lstm", LstmRoute.JAVA,
            EnumSet.of(LstmRoute.JAVA, LstmRoute.BUILTIN));

    /** The hyperparameters of {@link ModelConfig}, in its order. */
    public static final List<Key<?>> HYPERPARAMETERS = List.of(HIDDEN_SIZE, LAYERS, LOOKBACK, EPOCHS, BATCH_SIZE,
            LEARNING_RATE, SEED, DROPOUT, L2, PATIENCE, VALIDATION_FRACTION, GRADIENT_CLIP, FEATURES);

    private ModelKeys() {
    }
}
