package io.barcast.bar;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads {@code Date,Open,High,Low,Close,Volume} CSV files. The header decides the column order
 * (case-insensitive); an optional {@code SplitFactor} column gives each bar its cumulative split factor (a blank cell:
 * none); other columns such as {@code Adj Close} are ignored; Volume may be left out when the caller's model does
 * not read it ({@link Options#volumeRequired}). Rows must be in ascending date order without duplicates. Every error
 * names its line number and reason; with {@link Options#skipBadRows} a row that cannot be read is skipped instead.
 */
public final class CsvBarReader {

    private static final String[] VALUES = {"open", "high", "low", "close", "volume"};

    private CsvBarReader() {
    }

    /**
     * How to read a file.
     *
     * @param volumeRequired whether a file without a Volume column is refused (else its bars have volume 0)
     * @param skipBadRows    whether a row that cannot be read is skipped (and reported) rather than refusing the file
     */
    public record Options(boolean volumeRequired, boolean skipBadRows) {
        /** Volume required, every row must be read. */
        public static final Options STRICT = new Options(true, false);
    }

    /** A row left out under {@link Options#skipBadRows}: where it is and why it could not be read. */
    public record SkippedRow(String source, int line, String reason) {
        @Override
        public String toString() {
            return source + ":" + line + ": " + reason;
        }
    }

    /** The bars read, in file order, and the rows skipped. */
    public record Rows(List<Bar> bars, List<SkippedRow> skipped) {
        public Rows {
            bars = List.copyOf(bars);
            skipped = List.copyOf(skipped);
        }
    }

    /** Reads a CSV file or one of the bundled data sets (see {@link BundledData}) with {@link Options#STRICT}. */
    public static List<Bar> read(String fileOrBundledName, String symbol) throws IOException {
        return read(fileOrBundledName, symbol, Options.STRICT).bars();
    }

    /** Reads a CSV file or one of the bundled data sets (see {@link BundledData}). */
    public static Rows read(String fileOrBundledName, String symbol, Options options) throws IOException {
        InputStream bundled = BundledData.open(fileOrBundledName);
        if (bundled != null) {
            try (Reader r = new InputStreamReader(bundled, StandardCharsets.UTF_8)) {
                return read(r, symbol, "bundled:" + BundledData.canonicalName(fileOrBundledName), options);
            }
        }
        Path path = Path.of(fileOrBundledName);
        if (!Files.isRegularFile(path)) {
            throw new NoSuchFileException(fileOrBundledName, null,
                    "no such file, and not a bundled data set (" + String.join(", ", BundledData.names()) + ")");
        }
        try (Reader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            return read(r, symbol, path.toString(), options);
        }
    }

    public static List<Bar> read(Reader reader, String symbol, String sourceName) throws IOException {
        return read(reader, symbol, sourceName, Options.STRICT).bars();
    }

    public static Rows read(Reader reader, String symbol, String sourceName, Options options) throws IOException {
        BufferedReader in = reader instanceof BufferedReader b ? b : new BufferedReader(reader);
        String header = in.readLine();
        if (header == null) {
            throw new CsvFormatException(sourceName, 1, "file is empty: expected a header Date,Open,High,Low,Close,Volume");
        }
        String line = in.readLine();
        CsvHeader columns = CsvHeader.parse(stripBom(header), line, options.volumeRequired(), sourceName);
        List<Bar> bars = new ArrayList<>();
        List<SkippedRow> skipped = new ArrayList<>();
        for (int lineNo = 2; line != null; line = in.readLine(), lineNo++) {
            if (line.isBlank()) {
                continue;
            }
            Bar bar;
            try {
                bar = row(line, lineNo, columns, symbol, sourceName);
            } catch (CsvFormatException e) {
                if (!options.skipBadRows() || !e.skippable()) {
                    throw e;
                }
                skipped.add(new SkippedRow(sourceName, lineNo, e.reason()));
                continue;
            }
            if (!bars.isEmpty() && !bar.date().isAfter(bars.get(bars.size() - 1).date())) {
                throw new CsvFormatException(sourceName, lineNo, "date " + bar.date() + " is not after the previous row's "
                        + bars.get(bars.size() - 1).date() + " (rows must be in ascending date order, without duplicates)");
            }
            bars.add(bar);
        }
        return new Rows(bars, skipped);
    }

    /** One data row as a bar; every problem is a skippable {@link CsvFormatException}, but for an invalid symbol. */
    private static Bar row(String line, int lineNo, CsvHeader columns, String symbol, String source) throws CsvFormatException {
        String[] cells = line.split(",", -1);
        if (cells.length < columns.width()) {
            throw skippable(source, lineNo, "has " + cells.length + " columns, header has " + columns.width());
        }
        String dateText = cells[columns.date()].trim();
        LocalDate date;
        try {
            date = LocalDate.parse(dateText);
        } catch (DateTimeParseException e) {
            throw skippable(source, lineNo, "Date '" + dateText + "' is not an ISO date (yyyy-MM-dd)");
        }
        int[] at = {columns.open(), columns.high(), columns.low(), columns.close(), columns.volume()};
        double[] v = new double[VALUES.length];
        for (int i = 0; i < VALUES.length; i++) {
            v[i] = at[i] < 0 ? 0 : number(cells[at[i]], capital(VALUES[i]), source, lineNo);
        }
        String split = columns.split() < 0 ? "" : cells[columns.split()].trim();
        double splitFactor = split.isEmpty() ? Double.NaN : number(split, "SplitFactor", source, lineNo);
        try {
            return new Bar(symbol, date, v[0], v[1], v[2], v[3], v[4], splitFactor);
        } catch (InvalidBarException e) {
            String reason = e.getMessage() + " [" + e.reason() + "]";
            throw e.reason() == RejectReason.INVALID_SYMBOL || e.reason() == RejectReason.MISSING_FIELD
                    ? new CsvFormatException(source, lineNo, reason) : skippable(source, lineNo, reason);
        }
    }

    private static double number(String cell, String column, String source, int lineNo) throws CsvFormatException {
        String text = cell.trim();
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw skippable(source, lineNo, column + " '" + text + "' is not a number");
        }
    }

    private static CsvFormatException skippable(String source, int line, String reason) {
        return new CsvFormatException(source, line, reason, true);
    }

    private static String stripBom(String s) {
        return s.startsWith("\uFEFF") ? s.substring(1) : s;
    }

    private static String capital(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** A CSV problem with the line it was found on; skippable when it is one row's and {@link Options#skipBadRows} may skip it. */
    public static final class CsvFormatException extends IOException {
        private static final long serialVersionUID = 1L;
        private final int line;
        private final String reason;
        private final boolean skippable;

        public CsvFormatException(String source, int line, String reason) {
            this(source, line, reason, false);
        }

        CsvFormatException(String source, int line, String reason, boolean skippable) {
            this(source + ":" + line + ": " + reason, reason, line, skippable);
        }

        private CsvFormatException(String message, String reason, int line, boolean skippable) {
            super(message);
            this.line = line;
            this.reason = reason;
            this.skippable = skippable;
        }

        public int line() {
            return line;
        }

        /** The reason, without the source and line. */
        public String reason() {
            return reason;
        }

        /** Whether the problem is one row's, which {@link Options#skipBadRows} would have skipped. */
        public boolean skippable() {
            return skippable;
        }

        /** The same problem with {@code advice} after the message (e.g. how to skip such rows). */
        public CsvFormatException withAdvice(String advice) {
            return new CsvFormatException(getMessage() + advice, reason, line, skippable);
        }
    }
}
