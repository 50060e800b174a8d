package io.barcast.backtest;

/** Who built an interval in the backtest's interval report: Barcast itself or one of the three baselines. */
public enum IntervalMethod {

    /** The intervals Barcast published. */
    BARCAST("barcast", "Barcast"),
    /** Last close ± the empirical quantiles of the trailing one-day log returns ({@link IntervalBaselines#historical}). */
    HISTORICAL_SIMULATION("histSim", "hist. simulation"),
    /** Last close ± a normal quantile of the RiskMetrics EWMA volatility, the level adapted online by ACI. */
    EWMA_ACI("ewmaAci", "EWMA + ACI"),
    /** Last close ± a Student-t quantile of the GARCH(1,1)-t volatility ({@link GarchPath}), the level adapted online by ACI. */
    GARCH_T_ACI("garchTAci", "GARCH(1,1)-t + ACI");

    private final String key;
    private final String label;

    IntervalMethod(String key, String label) {
        this.key = key;
        this.label = label;
    }

    /** The method's name in JSON output. */
    public String key() {
        return key;
    }

    /** The method's name in tables and charts. */
    public String label() {
        return label;
    }
}
