package io.barcast.forecast;

import io.barcast.model.ModelKeys;
import io.barcast.model.LstmRoute;
import io.barcast.model.ModelTrainer;
import io.barcast.model.TrainingReport;
import io.barcast.model.TrainingStatus;
import io.barcast.model.TrainingResult;

import org.slf4j.LoggerFactory;

import java.util.List;

/** Runs one training job; called on a training executor thread, never on a stream thread. */
@FunctionalInterface
public interface Trainer {

    TrainingResult train(TrainingJob job);

    /**
     * Trains, turning an exception into a {@code FAILED} report (the serving model then stays) whose reason is the
     * exception's text; the stack trace goes to the log (WARN, logger {@code io.barcast.forecast.Trainer}).
     */
    default TrainingResult trainOrFail(TrainingJob job) {
        try {
            return train(job);
        } catch (RuntimeException | Error e) {
            LoggerFactory.getLogger(Trainer.class).warn("Training of {} v{} on {} bars failed; the serving model stays",
                    job.symbol(), job.version(), job.window().size(), e);
            return new TrainingResult(new TrainingReport(job.symbol(), job.version(),
                    job.window().isEmpty() ? null : job.window().get(job.window().size() - 1).date(),
                    TrainingStatus.FAILED, e.toString(), List.of(), List.of(), -1, Double.NaN, Double.NaN,
                    Double.NaN, 0, 0, 0, null, job.warmStart()), null);
        }
    }

    /** The production trainer with the default {@code training.lstm}. */
    static Trainer lstm() {
        return lstm(ModelKeys.TRAINING_LSTM.defaultValue());
    }

    /** The production trainer: {@link ModelTrainer} computing the LSTM's passes by {@code route}, warm-started when the job says so. */
    static Trainer lstm(LstmRoute route) {
        ModelTrainer trainer = new ModelTrainer(route);
        return job -> trainer.train(job.symbol(), job.window(), job.config(), job.version(), job.incumbent(),
                job.warmEpochs(), ModelTrainer.EpochListener.NONE);
    }
}
