package io.barcast.events;

import io.barcast.quality.QualityEvent;

import java.time.LocalDate;
import java.util.List;

/**
 * A record of the {@code data-quality} topic: one finding of the data-quality rules on one bar, what triggered it and
 * what was done, with the bar's place in its input topic. Fields are only ever added.
 *
 * @param kind    {@code SPLIT_TOLD}, {@code SUSPECTED_SPLIT}, {@code HOLE}, {@code ZERO_VOLUME}, {@code REPEATED_BAR} or
 *                {@code EXTREME_MOVE}
 * @param action  {@code ADJUSTED}, {@code REJECTED}, {@code KEPT}, {@code EXCLUDED} or {@code NEUTRALISED}
 * @param figures the figures that triggered it, in order (a non-finite value null)
 */
public record DataQualityEvent(String symbol, LocalDate date, String kind, String action, LocalDate previousDate,
                               String detail, List<Figure> figures, String sourceTopic, int partition, long offset,
                               long barTimestamp, long producedAt) {

    /** One figure: its name and value. */
    public record Figure(String name, Double value) {
    }

    public DataQualityEvent {
        figures = List.copyOf(figures);
    }

    public static DataQualityEvent of(QualityEvent e, String topic, int partition, long offset, long barTimestamp, long now) {
        List<Figure> figures = new java.util.ArrayList<>();
        e.figures().forEach((k, v) -> figures.add(new Figure(k, Json.num(v))));
        return new DataQualityEvent(e.symbol(), e.date(), e.kind().name(), e.action().name(), e.previousDate(), e.detail(),
                figures, topic, partition, offset, barTimestamp, now);
    }

    /** The kinds of {@code events}, in order, as records name them. */
    static List<String> kinds(List<QualityEvent> events) {
        return events.stream().map(e -> e.kind().name()).toList();
    }
}
