package io.barcast.bar;

import java.time.LocalDate;

/** The rules a bar must satisfy. Every failure names the field and the rejected value. */
public final class BarValidator {

    /** Longest accepted symbol, in characters. */
    public static final int MAX_SYMBOL_LENGTH = 32;
    /** Dates later than this many days after today are rejected as implausible. */
    public static final int MAX_FUTURE_DAYS = 7;
    /** Earliest accepted date. */
    public static final LocalDate MIN_DATE = LocalDate.of(1800, 1, 1);

    private BarValidator() {
    }

    private static final long DAY_MILLIS = 86_400_000L;

    /** The UTC day {@link #latestDate} was computed for, as epoch milliseconds {@code [from, until)}, and its result. */
    private record Latest(long from, long until, LocalDate date) {
    }

    private static volatile Latest latest = new Latest(0, 0, MIN_DATE);

    /**
     * Today (UTC) plus {@link #MAX_FUTURE_DAYS}, as {@code LocalDate.now(ZoneOffset.UTC).plusDays(MAX_FUTURE_DAYS)}
     * gives it, computed again only when the UTC day changes (or the clock goes back): every bar is checked, and
     * {@code LocalDate.now} costs more than the rest of the rules together.
     */
    static LocalDate latestDate() {
        return latestDate(System.currentTimeMillis());
    }

    /** {@link #latestDate()} at {@code now}, in epoch milliseconds. */
    static LocalDate latestDate(long now) {
        Latest l = latest;
        if (now < l.from || now >= l.until) {
            long day = Math.floorDiv(now, DAY_MILLIS);
            l = new Latest(day * DAY_MILLIS, (day + 1) * DAY_MILLIS, LocalDate.ofEpochDay(day).plusDays(MAX_FUTURE_DAYS));
            latest = l;
        }
        return l.date;
    }

    static void validate(String symbol, LocalDate date, double open, double high, double low,
                         double close, double volume) {
        validateSymbol(symbol);
        if (date == null) {
            throw new InvalidBarException(RejectReason.MISSING_FIELD, "date", null, "date is missing");
        }
        if (date.isBefore(MIN_DATE) || date.isAfter(latestDate())) {
            throw new InvalidBarException(RejectReason.INVALID_DATE, "date", date.toString(),
                    "date " + date + " is outside the plausible range " + MIN_DATE + " .. today + " + MAX_FUTURE_DAYS + " days");
        }
        price("open", open);
        price("high", high);
        price("low", low);
        price("close", close);
        if (low > Math.min(open, close)) {
            throw new InvalidBarException(RejectReason.LOW_ABOVE_BODY, "low", fmt(low),
                    "low " + fmt(low) + " is above min(open " + fmt(open) + ", close " + fmt(close) + ")");
        }
        if (high < Math.max(open, close)) {
            throw new InvalidBarException(RejectReason.HIGH_BELOW_BODY, "high", fmt(high),
                    "high " + fmt(high) + " is below max(open " + fmt(open) + ", close " + fmt(close) + ")");
        }
        if (!Double.isFinite(volume) || volume < 0) {
            throw new InvalidBarException(RejectReason.INVALID_VOLUME, "volume", fmt(volume),
                    "volume " + fmt(volume) + " must be a finite number >= 0");
        }
    }

    /** A split factor is absent (NaN) or finite and > 0. */
    static void validateSplitFactor(double splitFactor) {
        if (!Double.isNaN(splitFactor) && !(Double.isFinite(splitFactor) && splitFactor > 0)) {
            throw new InvalidBarException(RejectReason.INVALID_SPLIT_FACTOR, "splitFactor", fmt(splitFactor),
                    "splitFactor " + fmt(splitFactor) + " must be a finite number > 0 (or absent)");
        }
    }

    /** Checks a symbol: non-blank, at most {@value #MAX_SYMBOL_LENGTH} characters, no control or whitespace characters. */
    public static void validateSymbol(String symbol) {
        if (symbol == null) {
            throw new InvalidBarException(RejectReason.MISSING_FIELD, "symbol", null, "symbol is missing");
        }
        if (symbol.isBlank()) {
            throw new InvalidBarException(RejectReason.INVALID_SYMBOL, "symbol", quote(symbol), "symbol is blank");
        }
        if (symbol.length() > MAX_SYMBOL_LENGTH) {
            throw new InvalidBarException(RejectReason.INVALID_SYMBOL, "symbol", abbreviate(symbol),
                    "symbol has " + symbol.length() + " characters, more than " + MAX_SYMBOL_LENGTH);
        }
        for (int i = 0; i < symbol.length(); i++) {
            char c = symbol.charAt(i);
            if (Character.isISOControl(c) || Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                throw new InvalidBarException(RejectReason.INVALID_SYMBOL, "symbol", quote(symbol),
                        "symbol contains a control or whitespace character at index " + i);
            }
        }
    }

    private static void price(String field, double value) {
        if (!Double.isFinite(value)) {
            throw new InvalidBarException(RejectReason.NON_FINITE_PRICE, field, fmt(value), field + " is " + fmt(value) + ", not a finite number");
        }
        if (value <= 0) {
            throw new InvalidBarException(RejectReason.NON_POSITIVE_PRICE, field, fmt(value), field + " " + fmt(value) + " must be > 0");
        }
    }

    static String fmt(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "Infinity" : "-Infinity";
        }
        return (v == Math.rint(v) && Math.abs(v) < 1e15) ? Long.toString((long) v) : Double.toString(v);
    }

    static String abbreviate(String s) {
        return s.length() <= 40 ? quote(s) : quote(s.substring(0, 40)) + "... (" + s.length() + " chars)";
    }

    private static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (Character.isISOControl(c)) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }
}
