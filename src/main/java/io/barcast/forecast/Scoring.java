package io.barcast.forecast;

import io.barcast.interval.Calibration;
import io.barcast.interval.Interval;
import io.barcast.interval.IntervalOutcome;

import java.util.ArrayList;
import java.util.List;

/** The scoring arithmetic of {@link SymbolForecaster}: an outcome's interval figures. */
final class Scoring {

    private Scoring() {
    }

    /** Per published interval of {@code scored}, whether its close fell inside and the level's running figures. */
    static List<IntervalOutcome> intervalOutcomes(SymbolState.Pending scored, Calibration calibration) {
        List<IntervalOutcome> out = new ArrayList<>(scored.intervals().size());
        for (Interval i : scored.intervals()) {
            Calibration.LevelState s = calibration.level(i.level());
            boolean in = i.contains(scored.actualClose());
            out.add(s == null ? new IntervalOutcome(i.level(), i.lower(), i.upper(), in, Double.NaN, Double.NaN, 0)
                    : new IntervalOutcome(i.level(), i.lower(), i.upper(), in, s.coverage().coverage(),
                    s.coverage().meanRelativeWidth(), s.coverage().count()));
        }
        return out;
    }
}
