package io.barcast.interval;

import io.barcast.config.Key;

import java.util.List;

/** The {@code interval.*} keys ({@link IntervalSettings}). */
public final class IntervalKeys {

    public static final Key<Levels> LEVELS = Key.of("interval.levels", Levels.parse("0.8,0.95"),
            "a comma-separated list of distinct levels in [0.01, 0.999]", Levels::parse, v -> true, "e.g. 0.8,0.95");
    public static final Key<Double> ACI_STEP = Key.number("interval.aci.step", 0.005, v -> v >= 0 && v <= 0.1, "[0, 0.1]");
    public static final Key<Integer> CALIBRATION_SCORES = Key.integer("interval.calibration.scores", 250, 20, 100_000);

    public static final Key<VolatilityMethod> VOLATILITY = Key.choice("interval.volatility", VolatilityMethod.BLEND);

    public static final List<Key<?>> ALL = List.of(LEVELS, ACI_STEP, CALIBRATION_SCORES, VOLATILITY);

    private IntervalKeys() {
    }
}
