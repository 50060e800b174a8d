package io.barcast.model;

/**
 * A trained model's predictions on its validation samples (the most recent of its window, held out of the fit but
 * used for early stopping), with what happened: the evidence the serving weight and the interval calibration start from.
 *
 * @param modelReturn predicted next-day log returns
 * @param realised    realised next-day log returns
 * @param volatility  predicted standard deviations of those returns (NaN for a model without a variance output)
 */
public record ValidationSamples(double[] modelReturn, double[] realised, double[] volatility) {

    public static final ValidationSamples NONE = new ValidationSamples(new double[0], new double[0], new double[0]);

    public ValidationSamples {
        if (modelReturn.length != realised.length || realised.length != volatility.length) {
            throw new IllegalArgumentException("validation arrays differ in length: " + modelReturn.length + ", "
                    + realised.length + ", " + volatility.length);
        }
    }

    public int size() {
        return realised.length;
    }

    /**
     * The conformity scores {@code |y − w·r| / σ} of an interval centred on {@code weight} times the model's return
     * (NaN where the volatility is missing).
     */
    public double[] scores(double weight) {
        double[] s = new double[realised.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = Math.abs(realised[i] - weight * modelReturn[i]) / volatility[i];
        }
        return s;
    }
}
