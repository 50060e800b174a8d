package io.barcast.bar;

import java.time.LocalDate;
import java.util.Objects;

/**
 * One daily OHLCV bar of one symbol. Instances are always valid: the canonical constructor
 * enforces every rule of {@link BarValidator} and throws {@link InvalidBarException} naming the
 * field and the rejected value.
 */
public record Bar(String symbol, LocalDate date, double open, double high, double low, double close, double volume) {

    public Bar {
        BarValidator.validate(symbol, date, open, high, low, close, volume);
    }

    /** True when both bars carry exactly the same values (a redelivery rather than a correction). */
    public boolean sameValues(Bar other) {
        return Objects.equals(this, other);
    }
}
