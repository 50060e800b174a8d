package io.barcast.quality;

/** What to do with a suspected split ({@code quality.split.policy}). */
public enum SplitPolicy {
    /** Rescale the stored history by the common ratio the jump matched. */
    ADJUST,
    /** Dead-letter the bar; the symbol's later bars are judged against the bar before it. */
    REJECT,
    /** Take the jump as a real move (named and counted). */
    IGNORE
}
