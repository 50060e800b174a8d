package io.barcast.feature;

import io.barcast.bar.Bar;
import io.barcast.bar.CsvBarReader;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FeatureRowCacheTest {

    private static final List<Bar> AAPL = aapl();

    private static List<Bar> aapl() {
        try {
            return CsvBarReader.read("aapl", "AAPL");
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void shouldGiveTheExtractorsRowsAndComputeOnlyTheNewOneForAWindowOneBarOn() {
        FeatureRowCache cache = new FeatureRowCache(FeatureSet.OHLCV);
        double[][] before = null;
        for (int end = 21; end <= 400; end++) {
            List<Bar> window = AAPL.subList(end - 21, end);

            double[][] rows = cache.rows(window);

            assertThat(rows).isDeepEqualTo(FeatureExtractor.rows(window, FeatureSet.OHLCV));
            if (before != null) {
                for (int i = 0; i < rows.length - 1; i++) {
                    assertThat(rows[i]).as("row %d at %d", i, end).isSameAs(before[i + 1]);
                }
                assertThat(rows[rows.length - 1]).isNotSameAs(before[before.length - 1]);
            }
            before = rows;
        }
    }

    @Test
    void shouldComputeAgainTheRowsOfACorrectedBar() {
        FeatureRowCache cache = new FeatureRowCache(FeatureSet.OHLC);
        List<Bar> window = new ArrayList<>(AAPL.subList(0, 21));
        double[][] before = cache.rows(window);
        Bar old = window.get(10);
        window.set(10, new Bar(old.symbol(), old.date(), old.open(), old.high() * 1.05, old.low(), old.close() * 1.04, old.volume()));

        double[][] rows = cache.rows(window);

        assertThat(rows).isDeepEqualTo(FeatureExtractor.rows(window, FeatureSet.OHLC));
        assertThat(rows[9]).isNotEqualTo(before[9]);
        assertThat(rows[10]).isNotEqualTo(before[10]);
        assertThat(rows[8]).isSameAs(before[8]);
        assertThat(rows[11]).isSameAs(before[11]);
    }

    @Test
    void shouldGiveTheExtractorsRowsForWindowsThatJumpShrinkOrShareNothing() {
        FeatureRowCache cache = new FeatureRowCache(FeatureSet.OHLCV);
        int[][] spans = {{0, 21}, {5, 26}, {100, 121}, {100, 121}, {90, 111}, {110, 115}, {110, 111}, {110, 110}, {0, 30}};
        for (int[] span : spans) {
            List<Bar> window = AAPL.subList(span[0], span[1]);

            assertThat(cache.rows(window)).as("bars %d..%d", span[0], span[1])
                    .isDeepEqualTo(FeatureExtractor.rows(window, FeatureSet.OHLCV));
        }
    }
}
