package io.barcast.quality;

import io.barcast.bar.Bar;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The data-quality rules, the same for the service and the backtest: a bar is judged against the symbol's previous
 * bar (in the stored history's units) and the symbol's daily volatility. Kafka-free and stateless.
 */
public final class BarInspector {

    /** Price multipliers of the common split ratios, with their names: 2-for-1 (1/2) ... 1-for-20 (20). */
    static final List<Ratio> SPLIT_RATIOS = List.of(
            new Ratio(1 / 2.0, "2-for-1 split"), new Ratio(2 / 3.0, "3-for-2 split"), new Ratio(1 / 3.0, "3-for-1 split"),
            new Ratio(1 / 4.0, "4-for-1 split"), new Ratio(1 / 5.0, "5-for-1 split"), new Ratio(1 / 7.0, "7-for-1 split"),
            new Ratio(1 / 8.0, "8-for-1 split"), new Ratio(1 / 10.0, "10-for-1 split"), new Ratio(1 / 20.0, "20-for-1 split"),
            new Ratio(2.0, "1-for-2 reverse split"), new Ratio(3 / 2.0, "2-for-3 reverse split"),
            new Ratio(3.0, "1-for-3 reverse split"), new Ratio(4.0, "1-for-4 reverse split"),
            new Ratio(5.0, "1-for-5 reverse split"), new Ratio(7.0, "1-for-7 reverse split"),
            new Ratio(8.0, "1-for-8 reverse split"), new Ratio(10.0, "1-for-10 reverse split"),
            new Ratio(20.0, "1-for-20 reverse split"));

    /** Returns in the window before its volatility is trusted; until then {@link #DEFAULT_SIGMA}. */
    static final int MIN_RETURNS = 20;
    /** A daily volatility for a symbol with too little history (a typical stock's). */
    static final double DEFAULT_SIGMA = 0.02;
    /** The least daily volatility the rules use: a calm index's tiny volatility must not make every gap a split. */
    static final double MIN_SIGMA = 0.005;

    /** A split's price multiplier and its name. */
    record Ratio(double multiplier, String name) {
    }

    private final QualitySettings settings;
    private final boolean volumeUsed;

    /** @param volumeUsed whether the model reads volume (a zero volume matters only then) */
    public BarInspector(QualitySettings settings, boolean volumeUsed) {
        this.settings = settings;
        this.volumeUsed = volumeUsed;
    }

    /**
     * Judges {@code bar} against {@code previous}.
     *
     * @param previous   the symbol's bar before it, in the stored history's units (null for a first bar)
     * @param unitFactor the split factor the stored history is in (null while no bar told one)
     * @param volatility the symbol's daily volatility of log returns through {@code previous} (NaN when unknown)
     * @param returns    how many returns that volatility is taken over
     */
    public Inspection inspect(Bar previous, Bar bar, Double unitFactor, double volatility, int returns) {
        List<QualityEvent> events = new ArrayList<>();
        double factor = 1.0;
        Double units = unitFactor;
        if (Double.isFinite(bar.splitFactor())) {
            if (units != null && units != bar.splitFactor()) {
                factor = units / bar.splitFactor();
                events.add(told(previous, bar, units, factor));
            }
            units = bar.splitFactor();
        }
        if (previous == null) {
            zeroVolume(null, bar, events);
            return new Inspection(events, factor, units, false, false);
        }
        double sigma = returns >= MIN_RETURNS && Double.isFinite(volatility) ? Math.max(volatility, MIN_SIGMA) : DEFAULT_SIGMA;
        double previousClose = previous.close() * factor;
        double move = Math.log(bar.close() / previousClose);
        double gap = Math.log(bar.open() / previousClose);
        Ratio split = matchingSplit(move, gap, sigma);
        if (split != null) {
            QualityAction action = switch (settings.splitPolicy()) {
                case ADJUST -> QualityAction.ADJUSTED;
                case REJECT -> QualityAction.REJECTED;
                case IGNORE -> QualityAction.KEPT;
            };
            events.add(suspected(previous, bar, split, previousClose, move, sigma, action));
            if (action == QualityAction.REJECTED) {
                return new Inspection(events, 1.0, unitFactor, true, false);
            }
            if (action == QualityAction.ADJUSTED) {
                factor *= split.multiplier();
                move -= Math.log(split.multiplier());
            }
        } else if (Math.abs(move) >= settings.extremeSigmas() * sigma) {
            events.add(event(previous, bar, QualityKind.EXTREME_MOVE, QualityAction.KEPT, String.format(Locale.ROOT,
                    "close %s is %+.1f%% from the previous close %s, %.1f times the daily volatility %.2f%%, and matches no split ratio: kept",
                    num(bar.close()), 100 * Math.expm1(move), num(previousClose), Math.abs(move) / sigma, 100 * sigma),
                    figures("previousClose", previousClose, "close", bar.close(), "logReturn", move, "sigma", sigma,
                            "sigmas", Math.abs(move) / sigma)));
        }
        long weekdays = weekdaysAfter(previous.date(), bar.date());
        boolean hole = weekdays > settings.holeWeekdays();
        if (hole) {
            events.add(event(previous, bar, QualityKind.HOLE, QualityAction.EXCLUDED, String.format(Locale.ROOT,
                    "%d weekdays after the previous bar of %s (more than %d): the outcome scored against this bar is kept"
                            + " out of the running skill and coverage", weekdays, previous.date(), settings.holeWeekdays()),
                    figures("weekdays", (double) weekdays, "maxWeekdays", (double) settings.holeWeekdays())));
        }
        if (repeats(previous, bar, factor)) {
            events.add(event(previous, bar, QualityKind.REPEATED_BAR, QualityAction.KEPT,
                    "open, high, low, close and volume equal those of " + previous.date() + ": the feed may have repeated a bar",
                    figures("close", bar.close(), "volume", bar.volume())));
        }
        zeroVolume(previous, bar, events);
        return new Inspection(events, factor, units, false, hole);
    }

    /** The split ratio both the close's and the open's jumps match, when the close's jump is far beyond volatility. */
    private Ratio matchingSplit(double move, double gap, double sigma) {
        if (Math.abs(move) < settings.splitMoveSigmas() * sigma) {
            return null;
        }
        Ratio best = null;
        double bestDistance = Double.POSITIVE_INFINITY;
        double tolerance = settings.splitMatchSigmas() * sigma;
        for (Ratio r : SPLIT_RATIOS) {
            double ln = Math.log(r.multiplier());
            double distance = Math.abs(move - ln);
            if (distance <= tolerance && Math.abs(gap - ln) <= tolerance && distance < bestDistance) {
                best = r;
                bestDistance = distance;
            }
        }
        return best;
    }

    private QualityEvent told(Bar previous, Bar bar, double units, double factor) {
        return event(previous, bar, QualityKind.SPLIT_TOLD, QualityAction.ADJUSTED, String.format(Locale.ROOT,
                "split factor %s after %s: the stored prices are multiplied by %s and volumes divided by it",
                num(bar.splitFactor()), num(units), num(factor)),
                figures("splitFactor", bar.splitFactor(), "previousSplitFactor", units, "priceFactor", factor));
    }

    private QualityEvent suspected(Bar previous, Bar bar, Ratio split, double previousClose, double move, double sigma,
                                   QualityAction action) {
        String done = switch (action) {
            case ADJUSTED -> "the stored prices are multiplied by " + num(split.multiplier()) + " and volumes divided by it";
            case REJECTED -> "the bar is dead-lettered (quality.split.policy=reject)";
            default -> "taken as a real move (quality.split.policy=ignore)";
        };
        double ratio = bar.close() / previousClose;
        return event(previous, bar, QualityKind.SUSPECTED_SPLIT, action, String.format(Locale.ROOT,
                "close %s is %s times the previous close %s, within %.1f daily volatilities (%.2f%%) of a %s, and the open"
                        + " gapped with it; the move is %.0f volatilities: %s",
                num(bar.close()), num(ratio), num(previousClose), Math.abs(move - Math.log(split.multiplier())) / sigma,
                100 * sigma, split.name(), Math.abs(move) / sigma, done),
                figures("previousClose", previousClose, "close", bar.close(), "open", bar.open(), "closeRatio", ratio,
                        "openRatio", bar.open() / previousClose, "splitRatio", split.multiplier(), "sigma", sigma,
                        "sigmas", Math.abs(move) / sigma));
    }

    private void zeroVolume(Bar previous, Bar bar, List<QualityEvent> events) {
        if (volumeUsed && bar.volume() == 0) {
            events.add(event(previous, bar, QualityKind.ZERO_VOLUME, QualityAction.NEUTRALISED,
                    "volume 0: the volume feature of this bar and of the next reads as no change", figures("volume", 0.0)));
        }
    }

    private static boolean repeats(Bar previous, Bar bar, double factor) {
        return factor == 1.0 && previous.open() == bar.open() && previous.high() == bar.high() && previous.low() == bar.low()
                && previous.close() == bar.close() && previous.volume() == bar.volume();
    }

    private static QualityEvent event(Bar previous, Bar bar, QualityKind kind, QualityAction action, String detail,
                                      Map<String, Double> figures) {
        return new QualityEvent(bar.symbol(), bar.date(), kind, action, previous == null ? null : previous.date(), detail, figures);
    }

    private static Map<String, Double> figures(Object... nameValue) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < nameValue.length; i += 2) {
            m.put((String) nameValue[i], (Double) nameValue[i + 1]);
        }
        return m;
    }

    /** Weekdays (Monday to Friday) after {@code from} up to and including {@code to}. */
    static long weekdaysAfter(LocalDate from, LocalDate to) {
        return weekdaysThrough(to.toEpochDay()) - weekdaysThrough(from.toEpochDay());
    }

    /** Weekdays from a fixed Monday up to and including epoch day {@code day} (1970-01-01 was a Thursday). */
    private static long weekdaysThrough(long day) {
        long sinceMonday = day + 3; // day 0 is the fourth day (index 3) of its week
        long weeks = Math.floorDiv(sinceMonday, 7);
        long inWeek = Math.floorMod(sinceMonday, 7); // 0 Monday .. 6 Sunday
        return weeks * 5 + Math.min(inWeek + 1, 5);
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.6g", v).replaceAll("(\\.\\d*?)0+(e|$)", "$1$2").replaceAll("\\.(e|$)", "$1");
    }
}
