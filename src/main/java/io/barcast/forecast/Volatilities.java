package io.barcast.forecast;

import io.barcast.interval.IntervalSettings;
import io.barcast.interval.MemberVolatilities;
import io.barcast.interval.RangeVariance;
import io.barcast.interval.VolatilityBlend;
import io.barcast.interval.VolatilityBook;
import io.barcast.interval.VolatilityMember;
import io.barcast.interval.VolatilityMethod;
import io.barcast.interval.Volatility;
import io.barcast.model.ValidationSamples;

/** The volatility a prediction's intervals and VaR are built on, by {@link IntervalSettings#volatility()}. */
final class Volatilities {

    private Volatilities() {
    }

    /** The volatility of {@code members} under {@code settings}: the blend's, or the model's and EWMA's geometric mean. */
    static VolatilityBlend.Blended of(IntervalSettings settings, VolatilityBlend blend, MemberVolatilities members) {
        if (settings.volatility() == VolatilityMethod.GEOMETRIC) {
            double model = members.model();
            boolean hasModel = Double.isFinite(model);
            return new VolatilityBlend.Blended(Volatility.combined(model, members.ewma()), members,
                    geometricWeights(hasModel));
        }
        return blend.blend(members);
    }

    /**
     * The validation samples' scores with the volatility the service would have built at each one's bar: each member
     * as it stood then (the model's from the sample, the EWMA and range ones from the job's window), combined as
     * {@link #of} combines them now.
     */
    static double[] validationScores(TrainingJob job, ValidationSamples v, double weight, IntervalSettings settings,
                                     VolatilityBook book) {
        double[] ewma = Volatility.ewmaPath(job.window(), Volatility.RISKMETRICS_LAMBDA);
        double[][] range = job.window().size() >= 2 ? RangeVariance.paths(job.window()) : null;
        int n = v.size();
        int lastAsOf = job.window().size() - 2; // the last validation sample predicts the window's last bar
        double[] sigma = new double[n];
        for (int i = 0; i < n; i++) {
            int asOf = lastAsOf - (n - 1 - i);
            if (asOf < 0) {
                sigma[i] = Double.NaN;
                continue;
            }
            double fast = range == null || asOf == 0 ? Double.NaN : root(range[0][asOf]);
            double slow = range == null || asOf == 0 ? Double.NaN : root(range[1][asOf]);
            double down = range == null || asOf == 0 ? Double.NaN : root(range[2][asOf]);
            MemberVolatilities members = new MemberVolatilities(v.volatility()[i] >= Volatility.FLOOR ? v.volatility()[i] : Double.NaN,
                    ewma[asOf], fast, slow, down);
            sigma[i] = of(settings, book.blend(), members).volatility();
        }
        return new ValidationSamples(v.modelReturn(), v.realised(), sigma).scores(weight);
    }

    /** The geometric mean's weights: half the model's and half the EWMA's, or all the EWMA's without a model. */
    private static double[] geometricWeights(boolean hasModel) {
        double[] w = new double[VolatilityMember.ALL.length];
        w[VolatilityMember.EWMA.ordinal()] = hasModel ? 0.5 : 1;
        w[VolatilityMember.MODEL.ordinal()] = hasModel ? 0.5 : 0;
        return w;
    }

    private static double root(double variance) {
        return Double.isFinite(variance) ? Math.max(Volatility.FLOOR, Math.sqrt(variance)) : Double.NaN;
    }
}
