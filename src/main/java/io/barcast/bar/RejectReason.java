package io.barcast.bar;

/** Machine-readable reasons for rejecting an input record. Their names appear in dead-letter records and metrics. */
public enum RejectReason {
    /** The value is not parseable JSON, not a JSON object, or not UTF-8. */
    MALFORMED_JSON,
    /** A required field is absent or null. */
    MISSING_FIELD,
    /** A field has the wrong JSON type (e.g. a string where a number is expected). */
    WRONG_TYPE,
    /** The symbol is blank, too long or contains control or whitespace characters. */
    INVALID_SYMBOL,
    /** The date is not an ISO-8601 calendar date, or lies before 1800 or implausibly far in the future. */
    INVALID_DATE,
    /** A price is NaN or infinite. */
    NON_FINITE_PRICE,
    /** A price is zero or negative. */
    NON_POSITIVE_PRICE,
    /** low is above open or close, or above high. */
    LOW_ABOVE_BODY,
    /** high is below open or close. */
    HIGH_BELOW_BODY,
    /** volume is negative or not finite. */
    INVALID_VOLUME,
    /** The record key is missing or differs from the symbol in the value. */
    KEY_MISMATCH,
    /** The bar is older than the latest bar already held for its symbol. */
    OUT_OF_ORDER,
    /** The record is larger than the configured maximum. */
    TOO_LARGE,
    /** splitFactor is present but not a finite number > 0. */
    INVALID_SPLIT_FACTOR,
    /** The bar looks like an untold split and {@code quality.split.policy} is {@code reject}. */
    SUSPECTED_SPLIT
}
