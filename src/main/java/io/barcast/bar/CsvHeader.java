package io.barcast.bar;

import io.barcast.bar.CsvBarReader.CsvFormatException;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The header of a bars CSV: where each column is. Date, Open, High, Low and Close are required; Volume is required
 * only when the caller says so (0 when absent); SplitFactor is optional. Names are matched case-insensitively.
 *
 * @param width  the number of columns the header names
 * @param volume the Volume column, or -1
 * @param split  the SplitFactor column, or -1
 */
record CsvHeader(int width, int date, int open, int high, int low, int close, int volume, int split) {

    private static final List<String> SPLIT_NAMES = List.of("splitfactor", "split factor", "split_factor");
    /** Separators a spreadsheet export may use instead of the comma, with how a message names them. */
    private static final Map<Character, String> OTHER_SEPARATORS = Map.of(';', "';'", '\t', "tabs", '|', "'|'");
    /** A number written with a decimal comma, with or without dots between thousands: 1234,5 or 1.234,5. */
    private static final Pattern DECIMAL_COMMA = Pattern.compile("-?\\d{1,3}(\\.\\d{3})+,\\d+|-?\\d+,\\d+");

    /**
     * Reads the header line.
     *
     * @param firstRow the line after it (null when none), only read to explain a header of another separator
     * @throws CsvFormatException naming a missing column, or the separator the header uses instead of the comma
     */
    static CsvHeader parse(String header, String firstRow, boolean volumeRequired, String source) throws CsvFormatException {
        String[] names = header.split(",", -1);
        Map<String, Integer> columns = new HashMap<>();
        for (int i = 0; i < names.length; i++) {
            columns.putIfAbsent(names[i].trim().toLowerCase(Locale.ROOT), i);
        }
        int[] required = new int[5];
        String[] requiredNames = {"date", "open", "high", "low", "close"};
        for (int i = 0; i < required.length; i++) {
            Integer c = columns.get(requiredNames[i]);
            if (c == null) {
                String separator = otherSeparator(header, firstRow);
                throw new CsvFormatException(source, 1, separator != null ? separator
                        : "header has no column '" + requiredNames[i] + "' (header: " + header + ")");
            }
            required[i] = c;
        }
        Integer volume = columns.get("volume");
        if (volume == null && volumeRequired) {
            throw new CsvFormatException(source, 1, "the header has no Volume column (header: " + header + ");"
                    + " model.features=OHLCV reads volume: add the column or set model.features=OHLC");
        }
        int split = SPLIT_NAMES.stream().map(columns::get).filter(c -> c != null).findFirst().orElse(-1);
        return new CsvHeader(names.length, required[0], required[1], required[2], required[3], required[4],
                volume == null ? -1 : volume, split);
    }

    /**
     * "the header is separated by ';', not ','..." when a header without a comma holds another separator (naming
     * decimal commas in the first row too), else null.
     */
    private static String otherSeparator(String header, String firstRow) {
        if (header.indexOf(',') >= 0) {
            return null;
        }
        char best = 0;
        long most = 0;
        for (char c : OTHER_SEPARATORS.keySet()) {
            long n = header.chars().filter(x -> x == c).count();
            if (n > most) {
                best = c;
                most = n;
            }
        }
        if (most == 0) {
            return null;
        }
        String decimalComma = firstRow == null ? null : decimalComma(firstRow, best);
        return "the header is separated by " + OTHER_SEPARATORS.get(best) + ", not ',' (header: " + header + ")"
                + (decimalComma == null ? ": export the file with ',' between columns"
                : " and the numbers have decimal commas (" + decimalComma + "): export the file with ',' between columns"
                + " and '.' as the decimal point");
    }

    /** The first cell of {@code row} written with a decimal comma, quoted, or null. */
    private static String decimalComma(String row, char separator) {
        for (String cell : row.split(Pattern.quote(String.valueOf(separator)), -1)) {
            if (DECIMAL_COMMA.matcher(cell.trim()).matches()) {
                return "'" + cell.trim() + "'";
            }
        }
        return null;
    }
}
