package io.barcast.model;

/** How a training job ended. Only {@link #OK} yields a servable model. */
public enum TrainingStatus {
    /** Trained and sane; eligible for promotion. */
    OK,
    /** A loss or weight became NaN or infinite. */
    DIVERGED,
    /** The training loss never went below its first epoch's value, or the output collapsed to a constant (weights not updating). */
    STALLED,
    /** The window is too short for the lookback. */
    INSUFFICIENT_DATA,
    /** Trained fine but worse than the serving model on the same validation bars (decided by the promotion gate). */
    REJECTED_WORSE,
    /** A newer model for the symbol already existed when the job finished. */
    SUPERSEDED,
    /** The job threw an unexpected exception. */
    FAILED
}
