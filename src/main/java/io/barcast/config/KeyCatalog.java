package io.barcast.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** The keys a command accepts, in order: each package's own, composed by the layer that runs them. */
public final class KeyCatalog {

    private final List<Key<?>> keys;
    private final Map<String, Key<?>> byName = new LinkedHashMap<>();

    private KeyCatalog(List<Key<?>> keys) {
        this.keys = Collections.unmodifiableList(keys);
        for (Key<?> k : keys) {
            if (byName.put(k.name(), k) != null) {
                throw new IllegalArgumentException("key " + k.name() + " declared twice");
            }
        }
    }

    /** The keys of every group, in order; {@code config.allow.unknown} is always part of it. */
    @SafeVarargs
    public static KeyCatalog of(List<? extends Key<?>>... groups) {
        List<Key<?>> all = new ArrayList<>();
        for (List<? extends Key<?>> g : groups) {
            all.addAll(g);
        }
        if (!all.contains(ConfigReader.ALLOW_UNKNOWN)) {
            all.add(ConfigReader.ALLOW_UNKNOWN);
        }
        return new KeyCatalog(all);
    }

    /** Every key, in order. */
    public List<Key<?>> all() {
        return keys;
    }

    /** The key called {@code name}, or null when there is none. */
    public Key<?> byName(String name) {
        return byName.get(name);
    }

    /** Every key set to its default. */
    public Properties defaults() {
        Properties p = new Properties();
        for (Key<?> k : keys) {
            p.setProperty(k.name(), k.defaultText());
        }
        return p;
    }
}
