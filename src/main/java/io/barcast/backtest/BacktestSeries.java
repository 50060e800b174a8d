package io.barcast.backtest;

import io.barcast.bar.Bar;
import io.barcast.config.ConfigError;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One series a backtest runs over: its {@code --csv} value, its symbol and its bars (already cut to {@code --bars}).
 *
 * @param source the file or bundled set it was read from
 */
public record BacktestSeries(String source, String symbol, List<Bar> bars) {

    public BacktestSeries {
        bars = List.copyOf(bars);
    }

    /** One input as given: its {@code --csv} value, the symbol its bars are read under, and how to read them. */
    public record Input(String source, String symbol, Reader reader) {
    }

    /** Reads the bars of one input (a CSV file or a bundled set). */
    @FunctionalInterface
    public interface Reader {
        List<Bar> read() throws IOException;
    }

    /**
     * Reads every source and checks it before anything trains: a file that cannot be read, a series too short for
     * the window, or (with several series, whose outputs go to a folder per symbol) two series with one symbol or a
     * symbol that cannot name a folder are all reported together, each naming its file.
     *
     * @param lastBars keep only the last this many bars of each series; null keeps all
     * @throws ConfigError (exit code 2) listing the problems, when there is any
     */
    public static List<BacktestSeries> load(List<Input> sources, Integer lastBars, int windowBars) {
        List<String> problems = new ArrayList<>();
        List<BacktestSeries> series = new ArrayList<>();
        Map<String, String> bySymbol = new HashMap<>();
        boolean several = sources.size() > 1; // then each series writes to a folder named by its symbol
        for (Input s : sources) {
            String clash = bySymbol.putIfAbsent(s.symbol().toUpperCase(Locale.ROOT), s.source());
            if (clash != null) {
                problems.add(s.source() + " and " + clash + " both give the symbol " + s.symbol()
                        + " (each series writes to a folder named by its symbol; give --symbol for each)");
                continue;
            }
            if (several && !isFolderName(s.symbol())) {
                problems.add(s.source() + ": the symbol '" + s.symbol() + "' cannot name an output folder");
                continue;
            }
            List<Bar> bars;
            try {
                bars = s.reader().read();
            } catch (IOException | RuntimeException e) {
                problems.add(e.getMessage() != null ? e.getMessage() : s.source() + ": " + e);
                continue;
            }
            if (lastBars != null && lastBars < bars.size()) {
                bars = bars.subList(bars.size() - lastBars, bars.size());
            }
            String tooShort = tooShort(s.source(), bars.size(), windowBars, "--window");
            if (tooShort != null) {
                problems.add(tooShort);
                continue;
            }
            series.add(new BacktestSeries(s.source(), s.symbol(), bars));
        }
        if (problems.size() == 1) {
            throw new ConfigError(problems.get(0));
        }
        if (!problems.isEmpty()) {
            throw new ConfigError(problems.size() + " of " + sources.size() + " inputs cannot be backtested"
                    + " (nothing was trained):" + System.lineSeparator() + "  " + String.join(System.lineSeparator() + "  ", problems));
        }
        return series;
    }

    /**
     * "{@code source} has N bars; a window of W needs more than W+1 (lower {@code windowOption})" when a series is too
     * short to train a model and score a prediction after it, else null.
     */
    public static String tooShort(String source, int bars, int windowBars, String windowOption) {
        return bars > windowBars + 1 ? null : source + " has " + bars + " bars; a window of " + windowBars
                + " needs more than " + (windowBars + 1) + " (lower " + windowOption + ")";
    }

    private static boolean isFolderName(String symbol) {
        return !symbol.isBlank() && !symbol.equals(".") && !symbol.equals("..") && symbol.indexOf('/') < 0
                && symbol.indexOf('\\') < 0 && symbol.indexOf('\0') < 0;
    }
}
