package io.barcast.window;

import io.barcast.bar.Bar;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WindowChunksTest {

    /**
     * Applies every change to a sorted map standing in for the store (byte order of the UTF-8 keys, as
     * RocksDB and the store cache sort them) and checks after every bar that the symbol's key range
     * decodes to exactly the window in memory, with no leftover chunk and no other symbol's key in range.
     */
    @ParameterizedTest(name = "capacity {0}")
    @ValueSource(ints = {2, 5, 31, 32, 33, 64, 100, 500})
    void shouldStoreExactlyTheWindowThroughAppendsCorrectionsAndDrops(int capacity) {
        Random random = new Random(capacity);
        TreeMap<String, byte[]> store = new TreeMap<>(WindowChunksTest::byteOrder);
        Map<String, BarWindow> windows = Map.of("AB", new BarWindow(capacity), "ABC", new BarWindow(capacity));
        LocalDate day = LocalDate.of(2000, 1, 3);
        for (int i = 0; i < 1_500; i++) {
            for (Map.Entry<String, BarWindow> e : windows.entrySet()) {
                BarWindow w = e.getValue();
                boolean correct = w.size() > 0 && random.nextInt(10) == 0;
                Bar bar = bar(e.getKey(), correct ? w.last().date() : day, 100 + random.nextGaussian());
                BarWindow.Outcome outcome = w.offer(bar);
                WindowChunks.Change change = WindowChunks.change(w, outcome);
                store.put(change.putKey(), change.putValue());
                if (change.deleteKey() != null) {
                    assertThat(store.remove(change.deleteKey())).as("deleted chunk existed").isNotNull();
                }
                Map<String, byte[]> range = store.subMap(WindowChunks.rangeFrom(e.getKey()), true, WindowChunks.rangeTo(e.getKey()), true);
                BarWindow back = WindowChunks.decode(e.getKey(), new ArrayList<>(range.values()), capacity);
                assertThat(back.bars()).isEqualTo(w.bars());
                assertThat(back.appendedTotal()).isEqualTo(w.appendedTotal());
                assertThat(range.keySet()).allMatch(k -> !WindowChunks.stale(w, WindowChunks.chunkOf(k)));
                assertThat(range.size()).isLessThanOrEqualTo((capacity + WindowChunks.CHUNK_BARS - 1) / WindowChunks.CHUNK_BARS + 1);
            }
            day = day.plusDays(1);
        }
    }

    @Test
    void shouldWriteOneSmallChunkPerBarInsteadOfTheWholeWindow() {
        BarWindow w = new BarWindow(500);
        LocalDate day = LocalDate.of(2000, 1, 3);
        WindowChunks.Change change = null;
        for (int i = 0; i < 700; i++) {
            change = WindowChunks.change(w, w.offer(bar("SPX", day.plusDays(i), 100 + i)));
        }
        assertThat(change.putValue().length).isLessThanOrEqualTo(16 + WindowChunks.CHUNK_BARS * 48);
        assertThat(WholeWindowFormat.encode(w).length).isGreaterThan(500 * 48);
    }

    @Test
    void shouldSeedAWindowAsAllItsChunks() {
        BarWindow w = new BarWindow(100);
        for (int i = 0; i < 250; i++) {
            w.offer(bar("X", LocalDate.of(2001, 1, 1).plusDays(i), 10 + i));
        }
        List<WindowChunks.Change> all = WindowChunks.all(w);
        assertThat(all).extracting(c -> WindowChunks.chunkOf(c.putKey())).containsExactly(4L, 5L, 6L, 7L); // bars 150..249
        BarWindow back = WindowChunks.decode("X", all.stream().map(WindowChunks.Change::putValue).toList(), 100);
        assertThat(back.bars()).isEqualTo(w.bars());
        assertThat(back.appendedTotal()).isEqualTo(250);
    }

    @Test
    void shouldKeepOnlyTheNewestRunOfChunksAfterAGap() {
        BarWindow w = new BarWindow(40);
        for (int i = 0; i < 200; i++) {
            w.offer(bar("X", LocalDate.of(2001, 1, 1).plusDays(i), 10 + i));
        }
        BarWindow old = new BarWindow(40);
        for (int i = 0; i < 40; i++) {
            old.offer(bar("X", LocalDate.of(2001, 1, 1).plusDays(i), 10 + i));
        }
        List<byte[]> chunks = new ArrayList<>(WindowChunks.all(w).stream().map(WindowChunks.Change::putValue).toList());
        chunks.add(WindowChunks.encode(old, 0)); // a leftover of the first bars
        BarWindow back = WindowChunks.decode("X", chunks, 40);
        assertThat(back.bars()).isEqualTo(w.bars());
        assertThat(WindowChunks.stale(back, 0)).isTrue();
    }

    @Test
    void shouldRejectAValueThatIsNotAChunk() {
        BarWindow w = new BarWindow(5);
        w.offer(bar("X", LocalDate.of(2001, 1, 1), 10));
        byte[] whole = WholeWindowFormat.encode(w);
        assertThatThrownBy(() -> WindowChunks.decode("X", List.of(whole), 5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a bar window chunk of X");
        byte[] chunk = WindowChunks.encode(w, 0);
        assertThatThrownBy(() -> WindowChunks.decode("X", List.of(Arrays.copyOf(chunk, chunk.length - 1)), 5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("truncated");
    }

    private static Bar bar(String symbol, LocalDate date, double close) {
        return new Bar(symbol, date, close, close + 1, close - 1, close, 1000);
    }

    private static int byteOrder(String a, String b) {
        return Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
