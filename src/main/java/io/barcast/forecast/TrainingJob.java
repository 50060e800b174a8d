package io.barcast.forecast;

import io.barcast.bar.Bar;
import io.barcast.model.LstmModel;
import io.barcast.model.ModelConfig;

import java.util.List;

/**
 * A retraining request handed from a stream thread to the training executor.
 *
 * @param symbol           the symbol
 * @param version          version the model will get
 * @param window           an immutable copy of the window's bars
 * @param appendedAtSubmit the window's appended-bar count at submission (for the retrain schedule)
 * @param incumbent        the model serving now (for the promotion gate, and the start of a warm retrain), or null;
 *                         shared with the serving path, so never changed by training
 * @param config           hyperparameters
 * @param warmEpochs       0: train from scratch; else start from a copy of the incumbent's weights and run at most
 *                         this many epochs ({@link WarmStartPolicy})
 */
public record TrainingJob(String symbol, long version, List<Bar> window, long appendedAtSubmit,
                          LstmModel incumbent, ModelConfig config, int warmEpochs) {

    public TrainingJob {
        window = List.copyOf(window);
        if (warmEpochs < 0) {
            throw new IllegalArgumentException("warm epochs must be >= 0, got " + warmEpochs);
        }
        if (warmEpochs > 0 && incumbent == null) {
            throw new IllegalArgumentException("a warm start needs the serving model");
        }
    }

    /** A job that trains from scratch. */
    public TrainingJob(String symbol, long version, List<Bar> window, long appendedAtSubmit, LstmModel incumbent,
                       ModelConfig config) {
        this(symbol, version, window, appendedAtSubmit, incumbent, config, 0);
    }

    /** Whether the job starts from the incumbent's weights. */
    public boolean warmStart() {
        return warmEpochs > 0;
    }
}
