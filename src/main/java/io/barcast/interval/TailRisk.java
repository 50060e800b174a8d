package io.barcast.interval;

/**
 * The left tail of one prediction, in the prices of the bar predicted from (the latest bar's units), and the chance of
 * a rise. VaR is given as a lower price bound: the close should fall below {@code var975} with probability 2.5% and
 * below {@code var99} with probability 1% (the loss is {@code lastClose − var}). {@code es975} is the 97.5% expected
 * shortfall as a price: last close × exp(the mean log return on the days below the 97.5% VaR). Always finite and
 * positive, with {@code es975 ≤ var975 ≤ lastClose} and {@code var99 ≤ var975}.
 *
 * @param var975        the 97.5% VaR: the 2.5% quantile of the next close
 * @param var99         the 99% VaR: the 1% quantile of the next close
 * @param es975         the 97.5% expected shortfall of the next close
 * @param probabilityUp P(next close > last close), in [0, 1]
 */
public record TailRisk(double var975, double var99, double es975, double probabilityUp) {

    public TailRisk {
        if (!(Double.isFinite(var975) && Double.isFinite(var99) && Double.isFinite(es975) && var975 > 0 && var99 > 0
                && es975 > 0 && es975 <= var975 && var99 <= var975)) {
            throw new IllegalArgumentException("tail figures VaR97.5 " + var975 + ", VaR99 " + var99 + ", ES97.5 " + es975
                    + " are not finite, positive and ordered");
        }
        if (!(probabilityUp >= 0 && probabilityUp <= 1)) {
            throw new IllegalArgumentException("P(up) " + probabilityUp + " is not in [0, 1]");
        }
    }

    /** The VaR at {@code level} (0.975 or 0.99). */
    public double var(double level) {
        if (level == TailCalibration.LEVEL_975) {
            return var975;
        }
        if (level == TailCalibration.LEVEL_99) {
            return var99;
        }
        throw new IllegalArgumentException("no VaR at level " + level);
    }

    /** Whether {@code close} fell below the VaR at {@code level}: an exception. */
    public boolean exception(double level, double close) {
        return close < var(level);
    }

    /** Its prices multiplied by {@code factor} (a split's). */
    public TailRisk rescaled(double factor) {
        return new TailRisk(var975 * factor, var99 * factor, es975 * factor, probabilityUp);
    }
}
