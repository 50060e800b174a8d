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
 * @param incumbent        the model serving now (for the promotion gate), or null
 * @param config           hyperparameters
 */
public record TrainingJob(String symbol, long version, List<Bar> window, long appendedAtSubmit,
                          LstmModel incumbent, ModelConfig config) {

    public TrainingJob {
        window = List.copyOf(window);
    }
}
