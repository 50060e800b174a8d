package io.barcast.interval;

/** What a symbol's intervals and VaR are built on ({@code interval.volatility}). */
public enum VolatilityMethod {
    /** The {@link VolatilityBlend} of the model, EWMA and range members, weighted by their recent QLIKE. */
    BLEND,
    /** The geometric mean of the model's volatility and the EWMA's, equal weights (the rule before the blend). */
    GEOMETRIC
}
