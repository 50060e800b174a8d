package io.barcast.bar;

import java.time.LocalDate;
import java.util.Objects;

/**
 * One daily OHLCV bar of one symbol. Instances are always valid: the canonical constructor
 * enforces every rule of {@link BarValidator} and throws {@link InvalidBarException} naming the
 * field and the rejected value.
 */
public record Bar(String symbol, LocalDate date, double open, double high, double low, double close, double volume,
                  double splitFactor) {

    public Bar {
        BarValidator.validate(symbol, date, open, high, low, close, volume);
        BarValidator.validateSplitFactor(splitFactor);
    }

    /** A bar that tells no split factor. */
    public Bar(String symbol, LocalDate date, double open, double high, double low, double close, double volume) {
        this(symbol, date, open, high, low, close, volume, Double.NaN);
    }

    /** Whether the bar tells its cumulative split factor (see {@code bars.schema.json}). */
    public boolean tellsSplitFactor() {
        return !Double.isNaN(splitFactor);
    }

    /** The same prices and volume without a split factor (as the window keeps bars). */
    public Bar withoutSplitFactor() {
        return tellsSplitFactor() ? new Bar(symbol, date, open, high, low, close, volume) : this;
    }

    /** Prices multiplied by {@code priceFactor} and the volume divided by it: the bar in other split units. */
    public Bar rescaled(double priceFactor) {
        return new Bar(symbol, date, open * priceFactor, high * priceFactor, low * priceFactor, close * priceFactor,
                volume / priceFactor, splitFactor);
    }

    /** Whether open, high, low, close and volume are those of {@code other} (the split factor aside). */
    public boolean samePrices(Bar other) {
        return open == other.open && high == other.high && low == other.low && close == other.close && volume == other.volume;
    }

    /** True when both bars carry exactly the same values (a redelivery rather than a correction). */
    public boolean sameValues(Bar other) {
        return Objects.equals(this, other);
    }
}
