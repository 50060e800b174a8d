package io.barcast.feature;

/**
 * Which stationary per-bar features feed the model. Every feature is relative to the previous
 * close, so the rows mean the same at any price level.
 */
public enum FeatureSet {
    /** log return of close, log(open/prev close), log(high/prev close), log(low/prev close), log volume change. */
    OHLCV(5),
    /** The first four of {@link #OHLCV}: open, high, low and close in, as in the tutorial; volume left out. */
    OHLC(4);

    private final int width;

    FeatureSet(int width) {
        this.width = width;
    }

    public int width() {
        return width;
    }
}
