package io.barcast.testing;

import io.barcast.model.ModelConfig;

import java.util.Properties;

/** Model configurations for tests, written as the {@code model.*} lines of a properties file. */
public final class ModelConfigs {

    private ModelConfigs() {
    }

    /** The defaults with {@code keyValues} ({@code "model.epochs=5"}, ...) on top. */
    public static ModelConfig config(String... keyValues) {
        return with(ModelConfig.defaults(), keyValues);
    }

    /** {@code base} with {@code keyValues} ({@code "model.epochs=5"}, ...) on top. */
    public static ModelConfig with(ModelConfig base, String... keyValues) {
        Properties p = base.toProperties();
        for (String kv : keyValues) {
            int eq = kv.indexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException("not key=value: " + kv);
            }
            p.setProperty(kv.substring(0, eq), kv.substring(eq + 1));
        }
        return ModelConfig.fromProperties(p);
    }
}
