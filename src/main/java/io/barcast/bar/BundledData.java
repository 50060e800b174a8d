package io.barcast.bar;

import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The real daily bars shipped inside the jar (see {@code src/main/resources/data/SOURCES.md}).
 * A bundled set is named by its file name ({@code sp500_2000-2020.csv}) or its short name ({@code sp500}).
 */
public final class BundledData {

    private static final Map<String, String> SHORT_NAMES = Map.of(
            "sp500", "sp500_2000-2020.csv",
            "aapl", "aapl_2013-2018.csv");
    private static final Map<String, String> DEFAULT_SYMBOLS = Map.of(
            "sp500_2000-2020.csv", "SPX",
            "aapl_2013-2018.csv", "AAPL");

    private BundledData() {
    }

    public static List<String> names() {
        return List.of("sp500", "aapl", "sp500_2000-2020.csv", "aapl_2013-2018.csv");
    }

    /** The file name of a bundled set, or null when the name is not bundled. */
    public static String canonicalName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.startsWith("bundled:")) {
            n = n.substring("bundled:".length());
        }
        if (SHORT_NAMES.containsKey(n)) {
            return SHORT_NAMES.get(n);
        }
        return DEFAULT_SYMBOLS.containsKey(n) ? n : null;
    }

    /** The symbol a bundled set is published under by default (SPX, AAPL), or null. */
    public static String defaultSymbol(String name) {
        String c = canonicalName(name);
        return c == null ? null : DEFAULT_SYMBOLS.get(c);
    }

    /** Opens a bundled data set, or returns null when the name is not a bundled one. */
    static InputStream open(String name) {
        String c = canonicalName(name);
        return c == null ? null : BundledData.class.getResourceAsStream("/data/" + c);
    }
}
