package io.barcast.options;

import io.barcast.config.ConfigError;
import io.barcast.config.Key;

import java.util.Map;

/** Checks of command-line options, with messages that name the option, its value and what is allowed. */
public final class OptionChecks {

    private OptionChecks() {
    }

    /**
     * {@code value} of {@code option} when it is at least {@code min}; null (not given) passes.
     *
     * @throws ConfigError {@code --bars = -5 is out of range (>= 1)} otherwise
     */
    public static <N extends Number> N atLeast(String option, N value, double min) {
        if (value != null && !(value.doubleValue() >= min)) {
            String bound = min == Math.rint(min) ? Long.toString((long) min) : Double.toString(min);
            throw new ConfigError(option, String.valueOf(value), "is out of range (>= " + bound + ")");
        }
        return value;
    }

    /**
     * {@code value} of {@code option} (which sets {@code key}) when the key allows it; null (not given) passes.
     *
     * @throws ConfigError {@code --http-port = 99999 is out of range (0..65535); --http-port sets http.port} otherwise
     */
    public static <T> T check(String option, Key<T> key, T value) {
        if (value != null) {
            try {
                key.check(value);
            } catch (ConfigError e) {
                throw e.from(option);
            }
        }
        return value;
    }

    /**
     * Runs {@code read}, telling a key's error of the option that set it ({@code given}: key to option).
     *
     * @throws ConfigError naming the option when one set the key at fault, else the key
     */
    public static <T> T reading(Map<String, String> given, java.util.concurrent.Callable<T> read) throws Exception {
        try {
            return read.call();
        } catch (ConfigError e) {
            String option = given.get(e.name());
            throw option == null ? e : e.from(option);
        }
    }
}
