package io.barcast.stream;

import io.barcast.events.DataQualityEvent;
import io.barcast.events.OutcomeEvent;
import io.barcast.events.PredictionEvent;
import io.barcast.events.TrainingLossEvent;

/**
 * Told of each record the forecast step forwards to the {@code predictions}, {@code prediction-outcomes},
 * {@code training-loss} and {@code data-quality} topics, on the stream thread, as it forwards it (before its transaction commits). The live
 * page's recent history is one. Implementations must be quick and thread-safe (several stream threads call them).
 */
public interface PublishedRecords {

    void prediction(PredictionEvent prediction);

    void outcome(OutcomeEvent outcome);

    void training(TrainingLossEvent training);

    /** A data-quality event (default: ignored). */
    default void dataQuality(DataQualityEvent event) {
    }

    PublishedRecords NONE = new PublishedRecords() {
        @Override
        public void prediction(PredictionEvent prediction) {
        }

        @Override
        public void outcome(OutcomeEvent outcome) {
        }

        @Override
        public void training(TrainingLossEvent training) {
        }
    };
}
