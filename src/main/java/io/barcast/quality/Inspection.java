package io.barcast.quality;

import java.util.List;

/**
 * The data-quality verdict on one bar.
 *
 * @param events      what was found (none for an ordinary bar)
 * @param priceFactor the multiplier that brings the stored history's prices into the bar's units (volumes are divided
 *                    by it); 1 when the history stays as it is
 * @param unitFactor  the split factor the history is in once the bar is taken (null while no bar told one)
 * @param rejected    whether the bar is to be dead-lettered ({@link SplitPolicy#REJECT})
 * @param hole        whether the bar comes after a hole: the outcome scored against it is no one-day outcome
 */
public record Inspection(List<QualityEvent> events, double priceFactor, Double unitFactor, boolean rejected, boolean hole) {

    public Inspection {
        events = List.copyOf(events);
        if (!(priceFactor > 0) || Double.isInfinite(priceFactor)) {
            throw new IllegalArgumentException("price factor must be finite and > 0, got " + priceFactor);
        }
    }

    /** Whether the stored history is to be rescaled. */
    public boolean adjusts() {
        return priceFactor != 1.0;
    }

    /** The first event of {@code kind}, or null. */
    public QualityEvent event(QualityKind kind) {
        return events.stream().filter(e -> e.kind() == kind).findFirst().orElse(null);
    }
}
