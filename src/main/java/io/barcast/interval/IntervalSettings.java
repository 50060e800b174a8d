package io.barcast.interval;

/**
 * How a symbol's prediction intervals are built and calibrated.
 *
 * @param levels            nominal coverages to publish ({@code interval.levels})
 * @param aciStep           step γ of {@link AdaptiveLevel} ({@code interval.aci.step}; 0 turns the online adjustment off)
 * @param calibrationScores most recent conformity scores the quantile is taken over ({@code interval.calibration.scores})
 * @param volatility        what the intervals are built on ({@code interval.volatility})
 */
public record IntervalSettings(Levels levels, double aciStep, int calibrationScores, VolatilityMethod volatility) {

    /** Outcomes the published running coverage and mean width are taken over (and the coverage alert judges). */
    public static final int COVERAGE_WINDOW = 250;

    public IntervalSettings {
        if (levels == null) {
            throw new IllegalArgumentException("interval.levels missing");
        }
        if (!(aciStep >= 0 && aciStep <= 0.1)) {
            throw new IllegalArgumentException("interval.aci.step = " + aciStep + " is out of range ([0, 0.1])");
        }
        if (calibrationScores < 20) {
            throw new IllegalArgumentException("interval.calibration.scores = " + calibrationScores + " is out of range (>= 20)");
        }
        volatility = volatility == null ? VolatilityMethod.BLEND : volatility;
    }

    /** Built on the {@link VolatilityMethod#BLEND}. */
    public IntervalSettings(Levels levels, double aciStep, int calibrationScores) {
        this(levels, aciStep, calibrationScores, VolatilityMethod.BLEND);
    }

    /** 0.80 and 0.95, ACI step 0.005, quantiles over the last 250 scores, on the blend. */
    public static IntervalSettings defaults() {
        return new IntervalSettings(Levels.parse("0.8,0.95"), 0.005, 250);
    }
}
