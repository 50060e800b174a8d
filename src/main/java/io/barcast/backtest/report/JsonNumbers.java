package io.barcast.backtest.report;

/** Numbers as the JSON summaries give them. */
final class JsonNumbers {

    private JsonNumbers() {
    }

    /** The value, or null where it is undefined: JSON has no NaN. */
    static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    /** Seconds to the millisecond. */
    static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
