package io.barcast.options;


import io.barcast.forecast.ForecastKeys;
import picocli.CommandLine.Option;

import java.util.Properties;

/** {@code --window N}: sets {@code window.bars}. */
public final class WindowOption {

    @Option(names = "--window", paramLabel = "BARS", description = "Bars in the rolling window; sets window.bars")
    private Integer window;

    /** {@code window.bars -> --window} when {@code --window} was given. */
    public java.util.Map<String, String> given() {
        return window == null ? java.util.Map.of() : java.util.Map.of(ForecastKeys.WINDOW_BARS.name(), "--window");
    }

    /** Sets {@code window.bars} in {@code p} when {@code --window} was given. */
    public Properties applyTo(Properties p) {
        ModelOptions.set(p, ForecastKeys.WINDOW_BARS.name(), window);
        return p;
    }
}
