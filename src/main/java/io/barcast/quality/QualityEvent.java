package io.barcast.quality;

import java.time.LocalDate;
import java.util.Map;

/**
 * One data-quality finding on one bar.
 *
 * @param symbol       the bar's symbol
 * @param date         the bar's date
 * @param kind         what was found
 * @param action       what was done about it
 * @param previousDate the date of the bar it was judged against (null for a symbol's first bar)
 * @param detail       one sentence saying what was seen and done, with the figures
 * @param figures      the figures that triggered it, by name (ratios, sigmas, weekdays; in insertion order)
 */
public record QualityEvent(String symbol, LocalDate date, QualityKind kind, QualityAction action, LocalDate previousDate,
                           String detail, Map<String, Double> figures) {

    public QualityEvent {
        if (!kind.actions().contains(action)) {
            throw new IllegalArgumentException(kind + " cannot be " + action);
        }
        figures = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(figures));
    }
}
