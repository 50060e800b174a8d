package io.barcast.backtest.report;

import io.barcast.backtest.RiskMethod;
import io.barcast.backtest.RiskReport;
import io.barcast.backtest.RiskSummary;
import io.barcast.interval.TailCalibration;
import io.barcast.interval.VarBacktest;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import static io.barcast.backtest.report.JsonNumbers.finite;

/**
 * The backtest's VaR and ES figures as a table and as the {@code risk} section of its JSON summary: per method, the
 * exception rate and the Kupiec, Christoffersen independence and conditional-coverage p-values at 97.5% and 99%, the
 * Basel zone, and the Acerbi-Szekely Z2 of the 97.5% ES.
 */
final class BacktestRisk {

    private BacktestRisk() {
    }

    static void print(RiskReport report, PrintStream out) {
        if (report.isEmpty()) {
            out.println("  value at risk: none was published");
            return;
        }
        out.printf(Locale.ROOT, "  value at risk and expected shortfall, against three baselines on the same %d days:%n", report.days().size());
        out.println("    exceptions: closes below the VaR (expected 2.5% / 1%); p: Kupiec POF, Christoffersen independence, conditional coverage (pass > 0.05)");
        out.printf(Locale.ROOT, "    Basel: zone of the last %d days' 99%% exceptions (worst %d-day window); Z2: Acerbi-Szekely ES test (rejected below %.1f)%n",
                RiskSummary.BASEL_DAYS, RiskSummary.BASEL_DAYS, RiskSummary.Z2_CRITICAL);
        out.printf(Locale.ROOT, "  %-24s %-27s %-27s %-14s %7s %9s %9s%n", "", "97.5% VaR: exc.  POF  ind  CC",
                "99% VaR: exc.  POF  ind  CC", "Basel (worst)", "Z2", "VaR99", "ES97.5");
        for (RiskMethod m : RiskMethod.values()) {
            RiskSummary s = report.summary(m);
            out.printf(Locale.ROOT, "    %-22s %-27s %-27s %-14s %7s %8s%% %8s%%%n", m.label(), cells(s.var975()), cells(s.var99()),
                    s.zone() + " (" + s.worstWindow() + ")", number(s.z2(), 2), number(100 * s.meanVar99(), 2),
                    number(100 * s.meanEs975(), 2));
        }
        out.printf(Locale.ROOT, "    (VaR99, ES97.5: mean distance below the last close; GARCH fitted %d times on the last %d returns)%n",
                report.garchFits(), report.window());
    }

    /** The {@code risk} section of the JSON summary. */
    static Map<String, Object> json(RiskReport report) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("days", report.days().size());
        s.put("tailAciStep", TailCalibration.STEP);
        s.put("garchFits", report.garchFits());
        s.put("garchRefitEvery", report.refitEvery());
        s.put("garchWindow", report.window());
        s.put("z2Critical", RiskSummary.Z2_CRITICAL);
        Map<String, Object> methods = new LinkedHashMap<>();
        if (!report.isEmpty()) {
            for (RiskMethod m : RiskMethod.values()) {
                RiskSummary r = report.summary(m);
                Map<String, Object> f = new LinkedHashMap<>();
                f.put("var975", var(r.var975()));
                f.put("var99", var(r.var99()));
                f.put("baselZone", r.zone().name());
                f.put("baselWorstWindowExceptions", r.worstWindow());
                f.put("esZ2", finite(r.z2()));
                f.put("esPasses", r.esPasses());
                f.put("meanVar99Pct", finite(100 * r.meanVar99()));
                f.put("meanEs975Pct", finite(100 * r.meanEs975()));
                methods.put(m.key(), f);
            }
        }
        s.put("methods", methods);
        return s;
    }

    private static Map<String, Object> var(VarBacktest b) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("days", b.count());
        m.put("exceptions", b.exceptions());
        m.put("rate", finite(b.rate()));
        m.put("kupiecP", finite(b.kupiecP()));
        m.put("independenceP", finite(b.independenceP()));
        m.put("conditionalCoverageP", finite(b.conditionalCoverageP()));
        return m;
    }

    private static String cells(VarBacktest b) {
        return String.format(Locale.ROOT, "%3d %4.1f%% %4s %4s %4s", b.exceptions(), 100 * b.rate(), number(b.kupiecP(), 2),
                number(b.independenceP(), 2), number(b.conditionalCoverageP(), 2));
    }

    private static String number(double v, int decimals) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%." + decimals + "f", v) : "-";
    }
}
