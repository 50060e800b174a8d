package io.barcast.stream;

import io.barcast.model.ModelTrainer;
import io.barcast.model.TrainingResult;

/** Runs one training job; called on a training executor thread, never on a stream thread. */
@FunctionalInterface
public interface Trainer {

    TrainingResult train(TrainingJob job);

    /** The production trainer: {@link ModelTrainer}. */
    static Trainer lstm() {
        ModelTrainer trainer = new ModelTrainer();
        return job -> trainer.train(job.symbol(), job.window(), job.config(), job.version(), job.incumbent(),
                ModelTrainer.EpochListener.NONE);
    }
}
