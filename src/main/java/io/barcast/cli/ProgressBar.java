package io.barcast.cli;

import io.barcast.backtest.report.ProgressDisplay;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A text progress bar for long work: label, percentage, a 30-character bar, done/total, elapsed time,
 * ETA and a detail text. Interactive (a console): redrawn in place with {@code '\r'} at most every
 * 200 ms, and always when done reaches total. Otherwise (CI, output redirected): one plain line per
 * 10 % step. Callers decide, typically with {@code System.console() != null}. Interactive lines are cut to
 * the terminal width ({@code $COLUMNS}, else 120) so that they never wrap, which would break the redraw.
 *
 * <p>Not thread-safe: create, update and finish it from one thread only.
 */
public final class ProgressBar implements ProgressDisplay.Single {

    private static final long REDRAW_NANOS = 200_000_000L;
    private static final int BAR_WIDTH = 30;
    private static final int DEFAULT_COLUMNS = 120;

    private final PrintStream out;
    private final String label;
    private final long total;
    private final boolean interactive;
    private final LongSupplier nanoClock;
    private final int columns;
    private final long startNanos;
    private long lastDrawNanos;
    private boolean drawn;
    private int lastDecile = -1;
    private int lastLength;
    private boolean finished;

    /** On System.err, interactive when there is a console. */
    public ProgressBar(String label, long total) {
        this(System.err, label, total, System.console() != null);
    }

    public ProgressBar(PrintStream out, String label, long total, boolean interactive) {
        this(out, label, total, interactive, System::nanoTime, columns(System.getenv("COLUMNS")));
    }

    ProgressBar(PrintStream out, String label, long total, boolean interactive, LongSupplier nanoClock,
                int columns) {
        this.out = out;
        this.label = label;
        this.total = Math.max(0, total);
        this.interactive = interactive;
        this.nanoClock = nanoClock;
        this.columns = Math.max(20, columns);
        this.startNanos = nanoClock.getAsLong();
    }

    /** Reports {@code done} of total units finished; {@code detail} may be null. Ignored after {@link #finish}. */
    @Override
    public void update(long done, String detail) {
        if (finished) {
            return;
        }
        long clamped = Math.max(0, Math.min(done, total));
        boolean complete = clamped == total;
        long now = nanoClock.getAsLong();
        String line = line(clamped, detail, now);
        if (interactive) {
            if (drawn && !complete && now - lastDrawNanos < REDRAW_NANOS) {
                return;
            }
            redraw(line);
        } else {
            int decile = (int) (percent(clamped) / 10);
            if (decile <= lastDecile) {
                return;
            }
            lastDecile = decile;
            out.println(line);
        }
        drawn = true;
        lastDrawNanos = now;
        out.flush();
    }

    /** Ends the bar with {@code summary} and the elapsed time on a line of its own. */
    @Override
    public void finish(String summary) {
        if (finished) {
            return;
        }
        finished = true;
        String line = label + ": " + summary + " (" + duration(nanoClock.getAsLong() - startNanos) + ")";
        if (interactive && drawn) {
            redraw(line);
            out.println();
        } else {
            out.println(line);
        }
        out.flush();
    }

    /** Overwrites the current line, blanking what is left of a longer previous one. */
    private void redraw(String text) {
        String line = text.length() < columns ? text : text.substring(0, columns - 1);
        out.print('\r' + line + " ".repeat(Math.max(0, lastLength - line.length())));
        lastLength = line.length();
    }

    private String line(long done, String detail, long now) {
        double pct = percent(done);
        int filled = (int) Math.round(BAR_WIDTH * pct / 100);
        long elapsed = now - startNanos;
        String eta = done == 0 ? "--:--" : duration((long) (elapsed * (double) (total - done) / done));
        StringBuilder sb = new StringBuilder(label.length() + 100);
        sb.append(label).append(' ')
                .append(String.format(Locale.ROOT, "%5.1f%%", pct))
                .append(" [").append("#".repeat(filled)).append("-".repeat(BAR_WIDTH - filled)).append("] ")
                .append(done).append('/').append(total)
                .append("  elapsed ").append(duration(elapsed))
                .append("  eta ").append(eta);
        if (detail != null && !detail.isBlank()) {
            sb.append("  ").append(detail.strip().replaceAll("[\\r\\n]+", " "));
        }
        return sb.toString();
    }

    private double percent(long done) {
        return total == 0 ? 100.0 : 100.0 * done / total;
    }

    static int columns(String env) {
        try {
            return env == null ? DEFAULT_COLUMNS : Integer.parseInt(env.strip());
        } catch (NumberFormatException e) {
            return DEFAULT_COLUMNS;
        }
    }

    static String duration(long nanos) {
        long s = Duration.ofNanos(Math.max(0, nanos)).toSeconds();
        return s >= 3600
                ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
