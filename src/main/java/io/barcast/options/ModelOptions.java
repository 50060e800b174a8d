package io.barcast.options;


import io.barcast.model.ModelKeys;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.util.Properties;

/**
 * {@code --config}, {@code --set} and the model flags {@code --hidden}, {@code --lookback}, {@code --seed},
 * which set the model keys of the same meaning over the first two.
 */
public final class ModelOptions {

    @Mixin
    private ConfigOptions config;

    @Option(names = "--hidden", paramLabel = "UNITS", description = "LSTM units per layer; sets model.hidden.size")
    private Integer hidden;

    @Option(names = "--lookback", paramLabel = "BARS", description = "Bars in one input sequence; sets model.lookback")
    private Integer lookback;

    @Option(names = "--seed", description = "Random seed of weights and shuffling; sets model.seed")
    private Long seed;

    /** The {@code --config} file, then {@code --set}, then the model flags given. */
    public Properties properties() throws IOException {
        Properties p = config.properties();
        set(p, ModelKeys.HIDDEN_SIZE.name(), hidden);
        set(p, ModelKeys.LOOKBACK.name(), lookback);
        set(p, ModelKeys.SEED.name(), seed);
        return p;
    }

    /** The model keys set by a flag given, each to its flag. */
    public java.util.Map<String, String> given() {
        java.util.Map<String, String> m = new java.util.HashMap<>();
        if (hidden != null) {
            m.put(ModelKeys.HIDDEN_SIZE.name(), "--hidden");
        }
        if (lookback != null) {
            m.put(ModelKeys.LOOKBACK.name(), "--lookback");
        }
        if (seed != null) {
            m.put(ModelKeys.SEED.name(), "--seed");
        }
        return m;
    }

    /** Sets {@code key} to {@code flag} when the flag was given. */
    public static void set(Properties p, String key, Object flag) {
        if (flag != null) {
            p.setProperty(key, flag.toString());
        }
    }
}
