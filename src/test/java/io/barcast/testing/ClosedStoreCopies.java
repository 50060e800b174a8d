package io.barcast.testing;

import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.query.PositionBound;
import org.apache.kafka.streams.query.Query;
import org.apache.kafka.streams.query.QueryConfig;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * RocksDB stores that, once closed, copy their task directory (its closed stores and checkpoint file) to a keep
 * folder: a TopologyTestDriver deletes its state directory when it closes, and a copy of an open RocksDB can
 * lose a file to a compaction mid-copy. {@link #restoreTo} puts the kept state back for the next driver.
 */
public final class ClosedStoreCopies implements Function<String, KeyValueBytesStoreSupplier> {

    private final Path keep;

    public ClosedStoreCopies(Path keep) {
        this.keep = keep;
    }

    @Override
    public KeyValueBytesStoreSupplier apply(String name) {
        KeyValueBytesStoreSupplier rocks = Stores.persistentKeyValueStore(name);
        return new KeyValueBytesStoreSupplier() {
            @Override
            public String name() {
                return rocks.name();
            }

            @Override
            public KeyValueStore<Bytes, byte[]> get() {
                return new CopyOnClose(rocks.get());
            }

            @Override
            public String metricsScope() {
                return rocks.metricsScope();
            }
        };
    }

    /** Replaces {@code stateDir}'s content by the state kept when the stores last closed. */
    public void restoreTo(Path stateDir) throws IOException {
        Files.createDirectories(stateDir);
        try (Stream<Path> old = Files.list(stateDir)) {
            for (Path p : old.toList()) {
                delete(p);
            }
        }
        copy(keep, stateDir, List.of());
    }

    /** The state kept so far: the files under the keep folder. */
    public List<Path> kept() throws IOException {
        try (Stream<Path> files = Files.walk(keep)) {
            return files.filter(Files::isRegularFile).map(keep::relativize).sorted().toList();
        }
    }

    private final class CopyOnClose implements KeyValueStore<Bytes, byte[]> {
        private final KeyValueStore<Bytes, byte[]> inner;
        private Path taskDir;
        private Path stateDir;

        CopyOnClose(KeyValueStore<Bytes, byte[]> inner) {
            this.inner = inner;
        }

        @Override
        public void init(StateStoreContext context, StateStore root) {
            taskDir = context.stateDir().toPath();
            stateDir = taskDir.getParent().getParent(); // state.dir / application.id / task
            inner.init(context, root);
        }

        @Override
        public void close() {
            inner.close();
            // this store is closed, the task's checkpoint written before its stores close: copy them, not the open ones
            Path store = taskDir.resolve("rocksdb").resolve(name());
            Path target = keep.resolve(stateDir.relativize(taskDir));
            try {
                Path kept = target.resolve("rocksdb").resolve(name());
                if (Files.exists(kept)) {
                    ClosedStoreCopies.delete(kept); // a copy of an earlier close: its files must not mix with these
                }
                copy(store, kept, List.of());
                try (Stream<Path> files = Files.list(taskDir)) {
                    for (Path f : files.filter(Files::isRegularFile).toList()) {
                        if (!f.getFileName().toString().equals(".lock")) {
                            Files.copy(f, target.resolve(f.getFileName().toString()), StandardCopyOption.REPLACE_EXISTING);
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void put(Bytes key, byte[] value) {
            inner.put(key, value);
        }

        @Override
        public byte[] putIfAbsent(Bytes key, byte[] value) {
            return inner.putIfAbsent(key, value);
        }

        @Override
        public void putAll(List<KeyValue<Bytes, byte[]>> entries) {
            inner.putAll(entries);
        }

        @Override
        public byte[] delete(Bytes key) {
            return inner.delete(key);
        }

        @Override
        public byte[] get(Bytes key) {
            return inner.get(key);
        }

        @Override
        public KeyValueIterator<Bytes, byte[]> range(Bytes from, Bytes to) {
            return inner.range(from, to);
        }

        @Override
        public KeyValueIterator<Bytes, byte[]> all() {
            return inner.all();
        }

        @Override
        public long approximateNumEntries() {
            return inner.approximateNumEntries();
        }

        @Override
        public String name() {
            return inner.name();
        }

        @Override
        public void flush() {
            inner.flush();
        }

        @Override
        public boolean persistent() {
            return inner.persistent();
        }

        @Override
        public boolean isOpen() {
            return inner.isOpen();
        }

        @Override
        public <R> QueryResult<R> query(Query<R> query, PositionBound positionBound, QueryConfig config) {
            return inner.query(query, positionBound, config);
        }

        @Override
        public Position getPosition() {
            return inner.getPosition();
        }
    }

    private static void copy(Path from, Path to, List<String> skip) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : paths.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else if (!skip.contains(p.getFileName().toString())) {
                    Files.createDirectories(target.getParent());
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static void delete(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
