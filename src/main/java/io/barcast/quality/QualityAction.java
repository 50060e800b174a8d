package io.barcast.quality;

/** What the service did about a data-quality event. */
public enum QualityAction {
    /** The symbol's stored history (window, pending prediction, running sums) was rescaled to the bar's units. */
    ADJUSTED,
    /** The bar went to the dead-letter topic and changed nothing. */
    REJECTED,
    /** Taken as it is: named and counted only. */
    KEPT,
    /** The outcome scored against this bar is kept out of the running skill and coverage. */
    EXCLUDED,
    /** The feature the odd value would have made extreme is neutral instead. */
    NEUTRALISED
}
