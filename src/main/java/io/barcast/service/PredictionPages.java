package io.barcast.service;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The paging of {@code /predictions}: each source (this instance's stores, another instance's answer) gives the rows
 * after a cursor, sorted by symbol, at most {@code limit} of them and whether it had more; the asked instance merges
 * the sources into one page. Rows are JSON objects with a {@code symbol} field; a symbol met twice keeps the row whose
 * {@code source} is {@code active} (else the first met). Pure: no Kafka, no HTTP.
 */
public final class PredictionPages {

    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;

    /** Rows of one source after the cursor, at most the limit, and whether the source had more after them. */
    public record Slice(List<Map<String, Object>> rows, boolean more) {
        public Slice {
            rows = List.copyOf(rows);
        }
    }

    /** One merged page: its rows, and the cursor of the next page (null when this is the last). */
    public record Page(List<Map<String, Object>> rows, String next) {
        public Page {
            rows = List.copyOf(rows);
        }
    }

    private PredictionPages() {
    }

    /**
     * The {@code limit} parameter: {@link #DEFAULT_LIMIT} when absent or blank.
     *
     * @throws IllegalArgumentException when it is not a whole number from 1 to {@link #MAX_LIMIT}
     */
    public static int limit(String text) {
        if (text == null || text.isBlank()) {
            return DEFAULT_LIMIT;
        }
        try {
            int n = Integer.parseInt(text.trim());
            if (n >= 1 && n <= MAX_LIMIT) {
                return n;
            }
        } catch (NumberFormatException notANumber) {
            // below
        }
        throw new IllegalArgumentException("limit must be a whole number from 1 to " + MAX_LIMIT + ", got '" + text + "'");
    }

    /** The rows whose symbol sorts after {@code after} (all when null or empty), sorted, at most {@code limit}. */
    public static Slice slice(Collection<Map<String, Object>> rows, String after, int limit) {
        TreeMap<String, Map<String, Object>> kept = new TreeMap<>();
        for (Map<String, Object> row : rows) {
            String symbol = symbol(row);
            if (after == null || after.isEmpty() || symbol.compareTo(after) > 0) {
                kept.merge(symbol, row, PredictionPages::preferred);
            }
        }
        List<Map<String, Object>> page = new ArrayList<>(kept.values());
        boolean more = page.size() > limit;
        return new Slice(more ? page.subList(0, limit) : page, more);
    }

    /**
     * One page of at most {@code limit} rows from the sources' slices (each cut at the same cursor and limit). There
     * is a next page when the merged rows exceed the limit or a source had more: its cursor is the page's last symbol.
     */
    public static Page merge(Collection<Slice> slices, int limit) {
        TreeMap<String, Map<String, Object>> all = new TreeMap<>();
        boolean more = false;
        for (Slice s : slices) {
            more |= s.more();
            s.rows().forEach(row -> all.merge(symbol(row), row, PredictionPages::preferred));
        }
        List<Map<String, Object>> rows = new ArrayList<>(all.values());
        more |= rows.size() > limit;
        if (rows.size() > limit) {
            rows = rows.subList(0, limit);
        }
        return new Page(rows, more && !rows.isEmpty() ? symbol(rows.get(rows.size() - 1)) : null);
    }

    private static String symbol(Map<String, Object> row) {
        Object s = row.get("symbol");
        if (s == null) {
            throw new IllegalArgumentException("a row without a symbol: " + row);
        }
        return s.toString();
    }

    /** Of two rows of one symbol: the active copy's, else the first. */
    private static Map<String, Object> preferred(Map<String, Object> first, Map<String, Object> second) {
        return !"active".equals(first.get("source")) && "active".equals(second.get("source")) ? second : first;
    }
}
