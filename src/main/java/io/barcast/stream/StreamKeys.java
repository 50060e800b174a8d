package io.barcast.stream;

import io.barcast.config.Key;

import java.util.List;

/** The topology's keys: topic names ({@link Topics}) and the training executor ({@link TrainingExecutor}). */
public final class StreamKeys {

    public static final Key<String> TOPIC_BARS = Key.text("topic.bars", "bars");
    public static final Key<String> TOPIC_PREDICTIONS = Key.text("topic.predictions", "predictions");
    public static final Key<String> TOPIC_TRAINING_LOSS = Key.text("topic.training.loss", "training-loss");
    public static final Key<String> TOPIC_PREDICTION_OUTCOMES = Key.text("topic.prediction.outcomes", "prediction-outcomes");
    public static final Key<String> TOPIC_BARS_REJECTED = Key.text("topic.bars.rejected", "bars-rejected");
    public static final Key<String> TOPIC_DATA_QUALITY = Key.text("topic.data.quality", "data-quality");
    public static final Key<Integer> TRAINING_THREADS = Key.integer("training.threads", 1, 1, Integer.MAX_VALUE);
    public static final Key<Integer> TRAINING_QUEUE_CAPACITY = Key.integer("training.queue.capacity", 10_000, 1, Integer.MAX_VALUE);
    public static final Key<Integer> TRAINING_POLL_INTERVAL_MS = Key.integer("training.poll.interval.ms", 200, 10, Integer.MAX_VALUE);

    public static final List<Key<?>> TOPICS = List.of(TOPIC_BARS, TOPIC_PREDICTIONS, TOPIC_TRAINING_LOSS,
            TOPIC_PREDICTION_OUTCOMES, TOPIC_BARS_REJECTED, TOPIC_DATA_QUALITY);

    private StreamKeys() {
    }
}
