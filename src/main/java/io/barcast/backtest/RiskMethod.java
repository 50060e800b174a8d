package io.barcast.backtest;

/** Who built a VaR and ES in the backtest's risk report: Barcast itself or one of three baselines. */
public enum RiskMethod {

    /** The VaR and ES Barcast published. */
    BARCAST("barcast", "Barcast"),
    /** The empirical quantiles of the trailing 250 one-day log returns ({@link RiskBaselines}). */
    HISTORICAL_SIMULATION("histSim", "hist. simulation"),
    /** A normal quantile of the RiskMetrics EWMA volatility, the tail probability adapted online by ACI. */
    EWMA_ACI("ewmaAci", "EWMA + ACI"),
    /** A GARCH(1,1) with Student-t innovations fitted at each retrain, the tail probability adapted online by ACI. */
    GARCH_T_ACI("garchTAci", "GARCH(1,1)-t + ACI");

    private final String key;
    private final String label;

    RiskMethod(String key, String label) {
        this.key = key;
        this.label = label;
    }

    /** The method's name in JSON output. */
    public String key() {
        return key;
    }

    /** The method's name in tables. */
    public String label() {
        return label;
    }
}
