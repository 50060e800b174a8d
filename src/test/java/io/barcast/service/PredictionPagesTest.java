package io.barcast.service;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PredictionPagesTest {

    @Test
    void shouldReadTheLimitWithItsDefaultAndBounds() {
        assertThat(PredictionPages.limit(null)).isEqualTo(100);
        assertThat(PredictionPages.limit(" ")).isEqualTo(100);
        assertThat(PredictionPages.limit("1")).isEqualTo(1);
        assertThat(PredictionPages.limit("1000")).isEqualTo(1000);
        assertThatThrownBy(() -> PredictionPages.limit("0")).hasMessageContaining("from 1 to 1000");
        assertThatThrownBy(() -> PredictionPages.limit("1001")).hasMessageContaining("got '1001'");
        assertThatThrownBy(() -> PredictionPages.limit("ten")).hasMessageContaining("got 'ten'");
    }

    @Test
    void shouldSliceSortedAfterTheCursorAndSayWhetherThereIsMore() {
        List<Map<String, Object>> rows = List.of(row("MSFT", "active"), row("AAPL", "active"), row("SPX", "active"),
                row("IBM", "active"));

        PredictionPages.Slice first = PredictionPages.slice(rows, null, 2);
        assertThat(symbols(first.rows())).containsExactly("AAPL", "IBM");
        assertThat(first.more()).isTrue();

        PredictionPages.Slice rest = PredictionPages.slice(rows, "IBM", 2);
        assertThat(symbols(rest.rows())).containsExactly("MSFT", "SPX");
        assertThat(rest.more()).isFalse();

        assertThat(PredictionPages.slice(rows, "SPX", 2).rows()).isEmpty();
    }

    @Test
    void shouldMergeSlicesOfSeveralInstancesIntoOnePageWithTheNextCursor() {
        // Instance A holds A0..A4, instance B holds B0..B4: each gives its first 3 after the cursor.
        List<Map<String, Object>> a = IntStream.range(0, 5).mapToObj(i -> row("A" + i, "active")).toList();
        List<Map<String, Object>> b = IntStream.range(0, 5).mapToObj(i -> row("B" + i, "active")).toList();

        PredictionPages.Page page = PredictionPages.merge(List.of(PredictionPages.slice(a, null, 3),
                PredictionPages.slice(b, null, 3)), 3);
        assertThat(symbols(page.rows())).containsExactly("A0", "A1", "A2");
        assertThat(page.next()).isEqualTo("A2");
    }

    @Test
    void shouldWalkEverySymbolOnceAcrossPagesWhateverTheLimit() {
        List<Map<String, Object>> a = new ArrayList<>();
        List<Map<String, Object>> b = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            String s = String.format("S%02d", i);
            expected.add(s);
            (i % 3 == 0 ? a : b).add(row(s, "active"));
        }
        for (int limit : new int[]{1, 2, 5, 7, 22, 23, 100}) {
            List<String> walked = new ArrayList<>();
            String after = null;
            int pages = 0;
            do {
                PredictionPages.Page page = PredictionPages.merge(List.of(PredictionPages.slice(a, after, limit),
                        PredictionPages.slice(b, after, limit)), limit);
                assertThat(page.rows().size()).as("limit " + limit).isLessThanOrEqualTo(limit);
                walked.addAll(symbols(page.rows()));
                after = page.next();
                pages++;
            } while (after != null && pages < 100);
            assertThat(walked).as("limit " + limit).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void shouldKeepTheActiveCopyWhenASymbolComesFromTwoSources() {
        PredictionPages.Slice fromStandby = PredictionPages.slice(List.of(row("SPX", "standby"), row("AAPL", "standby")), null, 10);
        PredictionPages.Slice fromActive = PredictionPages.slice(List.of(row("SPX", "active")), null, 10);

        PredictionPages.Page page = PredictionPages.merge(List.of(fromStandby, fromActive), 10);

        assertThat(symbols(page.rows())).containsExactly("AAPL", "SPX");
        assertThat(page.rows().get(1).get("source")).isEqualTo("active");
        assertThat(page.rows().get(0).get("source")).isEqualTo("standby");
        assertThat(page.next()).isNull();
    }

    @Test
    void shouldGiveAnEmptyLastPageWhenNoSourceHasRows() {
        PredictionPages.Page page = PredictionPages.merge(List.of(PredictionPages.slice(List.of(), null, 5)), 5);
        assertThat(page.rows()).isEmpty();
        assertThat(page.next()).isNull();
    }

    private static Map<String, Object> row(String symbol, String source) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("symbol", symbol);
        r.put("source", source);
        return r;
    }

    private static List<String> symbols(List<Map<String, Object>> rows) {
        return rows.stream().map(r -> r.get("symbol").toString()).toList();
    }
}
