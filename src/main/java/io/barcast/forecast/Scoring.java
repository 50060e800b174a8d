package io.barcast.forecast;

import io.barcast.interval.Calibration;
import io.barcast.interval.Interval;
import io.barcast.interval.IntervalOutcome;
import io.barcast.interval.Volatility;
import io.barcast.model.ValidationSamples;

import java.util.ArrayList;
import java.util.List;

/** The scoring arithmetic of {@link SymbolForecaster}: an outcome's interval figures, a promoted model's scores. */
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

    /** The validation samples' scores with the volatility the service would have used at each one's bar. */
    static double[] validationScores(TrainingJob job, ValidationSamples v, double weight) {
        double[] ewma = Volatility.ewmaPath(job.window(), Volatility.RISKMETRICS_LAMBDA);
        int n = v.size();
        int lastAsOf = job.window().size() - 2; // the last validation sample predicts the window's last bar
        double[] combined = new double[n];
        for (int i = 0; i < n; i++) {
            int asOf = lastAsOf - (n - 1 - i);
            combined[i] = asOf >= 0 ? Volatility.combined(v.volatility()[i], ewma[asOf]) : Double.NaN;
        }
        return new ValidationSamples(v.modelReturn(), v.realised(), combined).scores(weight);
    }
}
