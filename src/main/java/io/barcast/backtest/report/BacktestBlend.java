package io.barcast.backtest.report;

import io.barcast.backtest.BlendSummary;
import io.barcast.interval.VolatilityMember;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The volatility blend's part of the summary and of {@code --json}. */
final class BacktestBlend {

    private BacktestBlend() {
    }

    static void print(BlendSummary b, PrintStream out) {
        if (b.predictions() == 0) {
            return;
        }
        StringBuilder mean = new StringBuilder();
        StringBuilder last = new StringBuilder();
        for (VolatilityMember m : VolatilityMember.ALL) {
            mean.append(String.format(Locale.ROOT, "%s%s %.2f", mean.length() == 0 ? "" : ", ", m.key(), b.mean(m)));
            last.append(String.format(Locale.ROOT, "%s%s %.2f", last.length() == 0 ? "" : ", ", m.key(), b.last(m)));
        }
        out.printf(Locale.ROOT, "  volatility (interval.volatility=%s): mean weights %s; last %s%n",
                b.method().name().toLowerCase(Locale.ROOT), mean, last);
    }

    static Map<String, Object> json(BlendSummary b) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("method", b.method().name().toLowerCase(Locale.ROOT));
        j.put("predictions", b.predictions());
        Map<String, Object> mean = new LinkedHashMap<>();
        Map<String, Object> last = new LinkedHashMap<>();
        for (VolatilityMember m : VolatilityMember.ALL) {
            mean.put(m.key(), JsonNumbers.finite(b.mean(m)));
            last.put(m.key(), JsonNumbers.finite(b.last(m)));
        }
        j.put("meanWeights", mean);
        j.put("lastWeights", last);
        return j;
    }
}
