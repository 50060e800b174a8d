package io.barcast.service;

import org.apache.kafka.streams.state.HostInfo;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which other instance last answered a symbol from its active copy: asked first next time. Forgotten on a miss and,
 * all of it, whenever the assignment may have changed (a rebalance); bounded: cleared when full. Thread-safe.
 */
final class HolderCache {

    /** At most this many symbols are remembered. */
    static final int MAX_SYMBOLS = 100_000;

    private final Map<String, HostInfo> holders = new ConcurrentHashMap<>();
    private final int max;

    HolderCache() {
        this(MAX_SYMBOLS);
    }

    HolderCache(int max) {
        this.max = max;
    }

    /** The host remembered for the symbol, or null. */
    HostInfo get(String symbol) {
        return holders.get(symbol);
    }

    void put(String symbol, HostInfo host) {
        if (holders.size() >= max && !holders.containsKey(symbol)) {
            holders.clear(); // crude but bounded: the next asks refill it
        }
        holders.put(symbol, host);
    }

    void forget(String symbol) {
        holders.remove(symbol);
    }

    /** Forgets every symbol (the assignment changed). */
    void clear() {
        holders.clear();
    }

    int size() {
        return holders.size();
    }
}
