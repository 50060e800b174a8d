package io.barcast.quality;

import java.util.EnumSet;
import java.util.Set;

/** What a data-quality rule found in a bar, and what it may do about it. */
public enum QualityKind {
    /** The bar's split factor changed: the feed told of a split; the stored history is rescaled. */
    SPLIT_TOLD(EnumSet.of(QualityAction.ADJUSTED)),
    /** A jump the size of a common split ratio, the open gapped with it, far beyond the symbol's volatility. */
    SUSPECTED_SPLIT(EnumSet.of(QualityAction.ADJUSTED, QualityAction.REJECTED, QualityAction.KEPT)),
    /** More weekdays since the previous bar than any ordinary exchange closure: its outcome is no one-day outcome. */
    HOLE(EnumSet.of(QualityAction.EXCLUDED)),
    /** Volume 0 (no trades, or a feed without volume): the volume feature of it and of the next bar is neutral. */
    ZERO_VOLUME(EnumSet.of(QualityAction.NEUTRALISED)),
    /** Open, high, low, close and volume equal to the previous bar's: the feed may have repeated a bar. */
    REPEATED_BAR(EnumSet.of(QualityAction.KEPT)),
    /** A move far beyond the symbol's volatility that no split ratio explains: kept, for someone to look at. */
    EXTREME_MOVE(EnumSet.of(QualityAction.KEPT));

    private final Set<QualityAction> actions;

    QualityKind(Set<QualityAction> actions) {
        this.actions = actions;
    }

    /** The actions an event of this kind can have. */
    public Set<QualityAction> actions() {
        return actions;
    }
}
