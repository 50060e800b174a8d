package io.barcast.forecast;

/**
 * When a symbol's model is retrained, shared by the streaming service and the backtest: once the
 * window holds at least {@code minBars} bars, train when there is no model yet, or when
 * {@code everyBars} new bars have arrived since the window the last model was trained on.
 */
public record RetrainPolicy(int minBars, int everyBars) {

    public RetrainPolicy {
        if (minBars < 2) {
            throw new IllegalArgumentException("minimum training bars must be >= 2, got " + minBars);
        }
        if (everyBars < 1) {
            throw new IllegalArgumentException("retrain.every.bars must be >= 1, got " + everyBars);
        }
    }

    /**
     * @param windowSize        bars in the window now
     * @param barsSinceTraining bars appended since the window of the last training (successful or not)
     * @param trainedBefore     whether a training was ever started for the symbol
     */
    public boolean due(int windowSize, long barsSinceTraining, boolean trainedBefore) {
        if (windowSize < minBars) {
            return false;
        }
        return !trainedBefore || barsSinceTraining >= everyBars;
    }
}
