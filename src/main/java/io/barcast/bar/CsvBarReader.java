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
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads {@code Date,Open,High,Low,Close,Volume} CSV files. The header decides the column order
 * (case-insensitive); extra columns such as {@code Adj Close} are ignored. Rows must be in
 * ascending date order without duplicates. Every error names its line number and reason.
 */
public final class CsvBarReader {

    private static final String[] REQUIRED = {"date", "open", "high", "low", "close", "volume"};

    private CsvBarReader() {
    }

    /**
     * Reads a CSV file or one of the bundled data sets (see {@link BundledData}).
     */
    public static List<Bar> read(String fileOrBundledName, String symbol) throws IOException {
        InputStream bundled = BundledData.open(fileOrBundledName);
        if (bundled != null) {
            try (Reader r = new InputStreamReader(bundled, StandardCharsets.UTF_8)) {
                return read(r, symbol, "bundled:" + BundledData.canonicalName(fileOrBundledName));
            }
        }
        Path path = Path.of(fileOrBundledName);
        if (!Files.isRegularFile(path)) {
            throw new NoSuchFileException(fileOrBundledName, null,
                    "no such file, and not a bundled data set (" + String.join(", ", BundledData.names()) + ")");
        }
        try (Reader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            return read(r, symbol, path.toString());
        }
    }

    public static List<Bar> read(Reader reader, String symbol, String sourceName) throws IOException {
        BufferedReader in = reader instanceof BufferedReader b ? b : new BufferedReader(reader);
        String header = in.readLine();
        if (header == null) {
            throw new CsvFormatException(sourceName, 1, "file is empty: expected a header Date,Open,High,Low,Close,Volume");
        }
        header = stripBom(header);
        Map<String, Integer> columns = new HashMap<>();
        String[] names = header.split(",", -1);
        for (int i = 0; i < names.length; i++) {
            columns.putIfAbsent(names[i].trim().toLowerCase(Locale.ROOT), i);
        }
        int[] idx = new int[REQUIRED.length];
        for (int i = 0; i < REQUIRED.length; i++) {
            Integer c = columns.get(REQUIRED[i]);
            if (c == null) {
                throw new CsvFormatException(sourceName, 1, "header has no column '" + REQUIRED[i]
                        + "' (header: " + header + ")");
            }
            idx[i] = c;
        }
        List<Bar> bars = new ArrayList<>();
        String line;
        int lineNo = 1;
        while ((line = in.readLine()) != null) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            String[] cells = line.split(",", -1);
            if (cells.length < names.length) {
                throw new CsvFormatException(sourceName, lineNo, "has " + cells.length + " columns, header has " + names.length);
            }
            LocalDate date;
            String dateText = cells[idx[0]].trim();
            try {
                date = LocalDate.parse(dateText);
            } catch (DateTimeParseException e) {
                throw new CsvFormatException(sourceName, lineNo, "Date '" + dateText + "' is not an ISO date (yyyy-MM-dd)");
            }
            double[] v = new double[5];
            for (int i = 1; i < REQUIRED.length; i++) {
                String cell = cells[idx[i]].trim();
                try {
                    v[i - 1] = Double.parseDouble(cell);
                } catch (NumberFormatException e) {
                    throw new CsvFormatException(sourceName, lineNo, capital(REQUIRED[i]) + " '" + cell + "' is not a number");
                }
            }
            Bar bar;
            try {
                bar = new Bar(symbol, date, v[0], v[1], v[2], v[3], v[4]);
            } catch (InvalidBarException e) {
                throw new CsvFormatException(sourceName, lineNo, e.getMessage() + " [" + e.reason() + "]");
            }
            if (!bars.isEmpty() && !bar.date().isAfter(bars.get(bars.size() - 1).date())) {
                throw new CsvFormatException(sourceName, lineNo, "date " + date + " is not after the previous row's "
                        + bars.get(bars.size() - 1).date() + " (rows must be in ascending date order, without duplicates)");
            }
            bars.add(bar);
        }
        return bars;
    }

    private static String stripBom(String s) {
        return s.startsWith("\uFEFF") ? s.substring(1) : s;
    }

    private static String capital(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** A CSV problem with the line it was found on. */
    public static final class CsvFormatException extends IOException {
        private static final long serialVersionUID = 1L;
        private final int line;

        public CsvFormatException(String source, int line, String reason) {
            super(source + ":" + line + ": " + reason);
            this.line = line;
        }

        public int line() {
            return line;
        }
    }
}
