package io.barcast.forecast;

/**
 * When a symbol's model is retrained, shared by the streaming service and the backtest: once the window holds at
 * least {@code minBars} bars, train when no training of the symbol has finished yet, or when {@code everyBars} new
 * bars have arrived since the window of the last finished one (successful or not).
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
     * @param barsSinceTraining bars appended since the window of the last finished training (successful or not)
     * @param trainedBefore     whether a training of the symbol ever finished
     */
    public boolean due(int windowSize, long barsSinceTraining, boolean trainedBefore) {
        if (windowSize < minBars) {
            return false;
        }
        return !trainedBefore || barsSinceTraining >= everyBars;
    }
}
