package io.barcast.stream;

import io.barcast.window.BarWindow;
import io.barcast.window.BarWindowCodec;
import io.barcast.window.WindowChunks;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/** The {@code bar-windows} store seen as windows: each symbol's window in {@link WindowChunks}. Stream thread only. */
final class WindowChunkStore {

    private static final Logger log = LoggerFactory.getLogger(WindowChunkStore.class);

    private final KeyValueStore<String, byte[]> store;

    WindowChunkStore(KeyValueStore<String, byte[]> store) {
        this.store = store;
    }

    /** Writes what one offer changed. */
    void write(WindowChunks.Change change) {
        store.put(change.putKey(), change.putValue());
        if (change.deleteKey() != null) {
            store.delete(change.deleteKey());
        }
    }

    /**
     * The window of {@code symbol} (empty when there is none), deleting leftover chunks; a window stored
     * whole under the plain symbol key by an earlier version is moved into chunks.
     */
    BarWindow load(String symbol, int capacity) {
        List<String> keys = new ArrayList<>();
        List<byte[]> chunks = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = store.range(WindowChunks.rangeFrom(symbol), WindowChunks.rangeTo(symbol))) {
            it.forEachRemaining(kv -> {
                keys.add(kv.key);
                chunks.add(kv.value);
            });
        }
        if (chunks.isEmpty()) {
            byte[] whole = store.get(symbol);
            if (whole == null) {
                return new BarWindow(capacity);
            }
            BarWindow window = BarWindowCodec.decode(whole, capacity);
            WindowChunks.all(window).forEach(this::write);
            store.delete(symbol);
            log.info("Moved the window of {} ({} bars, stored whole by an earlier version) into chunks", symbol, window.size());
            return window;
        }
        BarWindow window = WindowChunks.decode(symbol, chunks, capacity);
        for (String key : keys) {
            if (WindowChunks.stale(window, WindowChunks.chunkOf(key))) {
                store.delete(key);
            }
        }
        return window;
    }
}
