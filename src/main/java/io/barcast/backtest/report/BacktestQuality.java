package io.barcast.backtest.report;

import io.barcast.backtest.BacktestResult;
import io.barcast.quality.QualityEvent;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the data-quality rules found in a backtest's series: every event with its date, and counts. */
final class BacktestQuality {

    private BacktestQuality() {
    }

    /** "data quality: nothing found", or a count by kind and a line per event. */
    static void print(BacktestResult r, PrintStream out) {
        List<QualityEvent> events = r.quality();
        if (events.isEmpty()) {
            out.println("  data quality: nothing found");
            return;
        }
        out.println("  data quality: " + events.size() + " event" + (events.size() == 1 ? "" : "s") + " " + counts(events));
        for (QualityEvent e : events) {
            out.println("    " + e.date() + " " + e.kind() + " " + e.action() + ": " + e.detail());
        }
    }

    /** {@code {"events": N, "byKind": {"KIND/ACTION": n, ...}, "list": [{date, kind, action, detail}, ...]}}. */
    static Map<String, Object> json(BacktestResult r) {
        Map<String, Object> q = new LinkedHashMap<>();
        q.put("events", r.quality().size());
        q.put("byKind", counts(r.quality()));
        q.put("list", r.quality().stream().map(e -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("date", e.date().toString());
            m.put("kind", e.kind().name());
            m.put("action", e.action().name());
            m.put("detail", e.detail());
            return m;
        }).toList());
        return q;
    }

    private static Map<String, Long> counts(List<QualityEvent> events) {
        Map<String, Long> counts = new LinkedHashMap<>();
        events.forEach(e -> counts.merge(e.kind() + "/" + e.action(), 1L, Long::sum));
        return counts;
    }
}
