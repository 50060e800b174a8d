package io.barcast.options;

import io.barcast.bar.Bar;
import io.barcast.bar.BundledData;
import io.barcast.feature.FeatureSet;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * {@code --csv} and {@code --symbol} for one or more series: each {@code --csv} (repeatable, or comma-separated)
 * names a CSV file, a bundled set, or a folder, which stands for its {@code *.csv} files in file-name order.
 * {@code --symbol}, when given, names the series in the same order, one per series.
 */
public final class CsvInputs {

    @Spec(Spec.Target.MIXEE)
    private CommandSpec command;

    @Option(names = "--csv", paramLabel = "FILE|DIR", split = ",",
            description = "CSV file (Date,Open,High,Low,Close,Volume; Volume may be left out under model.features=OHLC;"
                    + " an optional SplitFactor column), a bundled set (sp500, aapl), or a folder of *.csv files;"
                    + " repeatable")
    private List<String> csv;

    @Option(names = "--symbol", paramLabel = "SYMBOL", split = ",",
            description = "Symbol of each series, in the order of --csv (default: SPX/AAPL for bundled sets, else the file name)")
    private List<String> symbols;

    @Option(names = CsvReading.SKIP_OPTION, description = CsvReading.SKIP_DESCRIPTION)
    private boolean skipBadRows;

    /** One series: where its bars are read from, and the symbol they are published under. */
    public record Source(String csv, String symbol) {
    }

    /** A problem with one {@code --csv} value, named by {@code csv}. */
    public static final class InputException extends IOException {
        private static final long serialVersionUID = 1L;

        public InputException(String message) {
            super(message);
        }
    }

    /** @param defaultCsv the {@code --csv} values used when none is given */
    public CsvInputs(String... defaultCsv) {
        this.csv = new ArrayList<>(List.of(defaultCsv));
    }

    /**
     * Reads one series: a Volume column is needed only when {@code features} read volume; a row that cannot be read
     * refuses the file, or with {@code --skip-bad-rows} is skipped and reported on the command's stderr.
     */
    public List<Bar> read(Source source, FeatureSet features) throws IOException {
        return CsvReading.read(source.csv(), source.symbol(), features, skipBadRows,
                command == null ? new PrintWriter(System.err, true) : command.commandLine().getErr());
    }

    /**
     * The series, folders expanded, in the order given.
     *
     * @throws InputException     naming the folder that holds no CSV file or cannot be listed
     * @throws ParameterException when {@code --symbol} is given for a different number of series
     */
    public List<Source> sources() throws InputException {
        List<String> files = new ArrayList<>();
        for (String c : csv) {
            files.addAll(expand(c));
        }
        if (symbols != null && !symbols.isEmpty() && symbols.size() != files.size()) {
            throw new ParameterException(command.commandLine(), "--symbol gives " + symbols.size() + " symbol(s) for "
                    + files.size() + " series " + files + "; give one per series, in the same order, or none");
        }
        List<Source> sources = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            String file = files.get(i);
            sources.add(new Source(file, symbols == null || symbols.isEmpty() ? CsvInput.defaultSymbol(file) : symbols.get(i)));
        }
        return sources;
    }

    /** A bundled set or a file as itself; a folder as its {@code *.csv} files (not hidden ones), sorted by name. */
    static List<String> expand(String csv) throws InputException {
        if (BundledData.canonicalName(csv) != null || !Files.isDirectory(Path.of(csv))) {
            return List.of(csv);
        }
        Path dir = Path.of(csv);
        List<String> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(Files::isRegularFile)
                    .map(p -> p.getFileName().toString())
                    .filter(n -> !n.startsWith(".") && n.toLowerCase(Locale.ROOT).endsWith(".csv"))
                    .sorted()
                    .map(n -> dir.resolve(n).toString())
                    .toList();
        } catch (IOException e) {
            throw new InputException(csv + ": cannot list the folder (" + e + ")");
        }
        if (files.isEmpty()) {
            throw new InputException(csv + ": the folder holds no *.csv file");
        }
        return files;
    }
}
