package io.barcast.evaluation;

/**
 * Running accuracy of close forecasts against the naive forecast (tomorrow's close = today's).
 * Add one (last close, predicted close, actual close) triple per prediction. Not thread-safe.
 */
public final class ForecastMetrics {

    private long count;
    private double sqModel;
    private double sqNaive;
    private double absModel;
    private double absNaive;
    private double pctModel;
    private double pctNaive;
    private long directional;
    private long hits;

    public ForecastMetrics() {
    }

    /** Restores a running state (see {@link #state()}). */
    public static ForecastMetrics fromState(double[] s) {
        ForecastMetrics m = new ForecastMetrics();
        m.count = (long) s[0];
        m.sqModel = s[1];
        m.sqNaive = s[2];
        m.absModel = s[3];
        m.absNaive = s[4];
        m.pctModel = s[5];
        m.pctNaive = s[6];
        m.directional = (long) s[7];
        m.hits = (long) s[8];
        return m;
    }

    /** The running sums, for storage. */
    public double[] state() {
        return new double[]{count, sqModel, sqNaive, absModel, absNaive, pctModel, pctNaive, directional, hits};
    }

    public void add(double lastClose, double predicted, double actual) {
        double e = predicted - actual;
        double en = lastClose - actual;
        count++;
        sqModel += e * e;
        sqNaive += en * en;
        absModel += Math.abs(e);
        absNaive += Math.abs(en);
        pctModel += Math.abs(e / actual);
        pctNaive += Math.abs(en / actual);
        double actualMove = Math.signum(actual - lastClose);
        double predictedMove = Math.signum(predicted - lastClose);
        if (actualMove != 0 && predictedMove != 0) {
            directional++;
            if (actualMove == predictedMove) {
                hits++;
            }
        }
    }

    /** Takes back an earlier {@link #add} with the same arguments (used when the actual bar is corrected). */
    public void remove(double lastClose, double predicted, double actual) {
        if (count == 0) {
            return;
        }
        double e = predicted - actual;
        double en = lastClose - actual;
        count--;
        sqModel = Math.max(0, sqModel - e * e);
        sqNaive = Math.max(0, sqNaive - en * en);
        absModel = Math.max(0, absModel - Math.abs(e));
        absNaive = Math.max(0, absNaive - Math.abs(en));
        pctModel = Math.max(0, pctModel - Math.abs(e / actual));
        pctNaive = Math.max(0, pctNaive - Math.abs(en / actual));
        double actualMove = Math.signum(actual - lastClose);
        double predictedMove = Math.signum(predicted - lastClose);
        if (actualMove != 0 && predictedMove != 0) {
            directional--;
            if (actualMove == predictedMove) {
                hits--;
            }
        }
    }

    /** The same figures with prices multiplied by {@code factor} (a split's): errors scale, ratios and counts stay. */
    public ForecastMetrics rescaled(double factor) {
        ForecastMetrics m = fromState(state());
        m.sqModel *= factor * factor;
        m.sqNaive *= factor * factor;
        m.absModel *= factor;
        m.absNaive *= factor;
        return m;
    }

    public long count() {
        return count;
    }

    public double rmseModel() {
        return count == 0 ? Double.NaN : Math.sqrt(sqModel / count);
    }

    public double rmseNaive() {
        return count == 0 ? Double.NaN : Math.sqrt(sqNaive / count);
    }

    public double maeModel() {
        return count == 0 ? Double.NaN : absModel / count;
    }

    public double maeNaive() {
        return count == 0 ? Double.NaN : absNaive / count;
    }

    /** Mean absolute percentage error of the model, in percent. */
    public double mapeModel() {
        return count == 0 ? Double.NaN : 100.0 * pctModel / count;
    }

    public double mapeNaive() {
        return count == 0 ? Double.NaN : 100.0 * pctNaive / count;
    }

    /** RMSE model / RMSE naive: below 1 beats the naive forecast. NaN when undefined. */
    public double theilU() {
        double naive = rmseNaive();
        return naive > 0 ? rmseModel() / naive : Double.NaN;
    }

    /**
     * Share of the days on which the price moved and the forecast called a direction whose direction it got right
     * (0..1); NaN when none. A forecast equal to the last close (the naive one) calls no direction.
     */
    public double hitRate() {
        return directional == 0 ? Double.NaN : (double) hits / directional;
    }

    /** The days {@link #hitRate()} is taken over: the price moved and the forecast called a direction. */
    public long directionalDays() {
        return directional;
    }
}
