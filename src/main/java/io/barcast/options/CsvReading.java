package io.barcast.options;

import io.barcast.bar.Bar;
import io.barcast.bar.CsvBarReader;
import io.barcast.bar.CsvBarReader.CsvFormatException;
import io.barcast.feature.FeatureSet;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/**
 * One {@code --csv} series read as every command reads it: a Volume column is required only when the model reads
 * volume ({@code model.features=OHLCV}); a row that cannot be read refuses the file, naming {@code --skip-bad-rows},
 * or with that option is skipped and reported on {@code report} with its file and line, then counted.
 */
final class CsvReading {

    static final String SKIP_OPTION = "--skip-bad-rows";
    static final String SKIP_DESCRIPTION = "Skip the rows that cannot be read (a 'null' or missing value, a date that is"
            + " not yyyy-MM-dd, an impossible bar), each reported with its file and line, instead of refusing the file";

    private CsvReading() {
    }

    static List<Bar> read(String csv, String symbol, FeatureSet features, boolean skipBadRows, PrintWriter report)
            throws IOException {
        CsvBarReader.Rows rows;
        try {
            rows = CsvBarReader.read(csv, symbol, new CsvBarReader.Options(features == FeatureSet.OHLCV, skipBadRows));
        } catch (CsvFormatException e) {
            throw e.skippable() ? e.withAdvice(" (" + SKIP_OPTION + " skips the rows that cannot be read)") : e;
        }
        if (!rows.skipped().isEmpty()) {
            rows.skipped().forEach(r -> report.println(r.source() + ":" + r.line() + ": skipped: " + r.reason()));
            report.printf(Locale.ROOT, "%s: %d row(s) that could not be read skipped (%s), %d bars read%n",
                    rows.skipped().get(0).source(), rows.skipped().size(), SKIP_OPTION, rows.bars().size());
            report.flush();
        }
        return rows.bars();
    }
}
