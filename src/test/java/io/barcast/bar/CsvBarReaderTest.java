package io.barcast.bar;

import io.barcast.bar.CsvBarReader.CsvFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class CsvBarReaderTest {

    private static final String SOURCE = "test.csv";
    private static final String HEADER = "Date,Open,High,Low,Close,Volume";
    private static final String ROW1 = "2020-01-02,10,12,9,11,1000";
    private static final String ROW2 = "2020-01-03,11,13,10.5,12.5,2000";
    private static final Bar BAR1 = new Bar("TST", LocalDate.of(2020, 1, 2), 10, 12, 9, 11, 1000);
    private static final Bar BAR2 = new Bar("TST", LocalDate.of(2020, 1, 3), 11, 13, 10.5, 12.5, 2000);

    private static List<Bar> read(String... lines) throws IOException {
        return CsvBarReader.read(new StringReader(String.join("\n", lines)), "TST", SOURCE);
    }

    private static final CsvBarReader.Options OHLC = new CsvBarReader.Options(false, false);

    private static CsvBarReader.Rows read(CsvBarReader.Options options, String... lines) throws IOException {
        return CsvBarReader.read(new StringReader(String.join("\n", lines)), "TST", SOURCE, options);
    }

    private static CsvFormatException readFails(String... lines) {
        CsvFormatException e = catchThrowableOfType(CsvFormatException.class, () -> read(lines));
        assertThat(e).as("expected a CsvFormatException").isNotNull();
        return e;
    }

    // ---------------------------------------------------------------- reading

    @Test
    void shouldReadRowsInFileOrder() throws IOException {
        assertThat(read(HEADER, ROW1, ROW2)).containsExactly(BAR1, BAR2);
    }

    @Test
    void shouldApplyTheGivenSymbolToEveryBar() throws IOException {
        List<Bar> bars = CsvBarReader.read(new StringReader(String.join("\n", HEADER, ROW1, ROW2)), "MSFT", SOURCE);

        assertThat(bars).extracting(Bar::symbol).containsOnly("MSFT");
    }

    @Test
    void shouldReadColumnsInAnyOrder() throws IOException {
        List<Bar> bars = read(
                "Volume,Close,Date,Low,Open,High",
                "1000,11,2020-01-02,9,10,12",
                "2000,12.5,2020-01-03,10.5,11,13");

        assertThat(bars).containsExactly(BAR1, BAR2);
    }

    @Test
    void shouldIgnoreAdjCloseColumn() throws IOException {
        List<Bar> bars = read(
                "Date,Open,High,Low,Close,Adj Close,Volume",
                "2020-01-02,10,12,9,11,99.9,1000",
                "2020-01-03,11,13,10.5,12.5,-1,2000");

        assertThat(bars).containsExactly(BAR1, BAR2);
    }

    @Test
    void shouldIgnoreUnknownExtraColumnsEvenWithBadValues() throws IOException {
        assertThat(read("Ticker,Date,Open,High,Low,Close,Volume,Note", "XYZ,2020-01-02,10,12,9,11,1000,not a number"))
                .containsExactly(BAR1);
    }

    @Test
    void shouldMatchHeaderCaseInsensitively() throws IOException {
        assertThat(read("DATE,open,HiGh,LOW,Close,VOLUME", ROW1)).containsExactly(BAR1);
    }

    @Test
    void shouldTrimHeaderNamesAndCells() throws IOException {
        assertThat(read(" Date , Open ,High,Low,Close, Volume ", " 2020-01-02 , 10 ,12,9,11, 1000 ")).containsExactly(BAR1);
    }

    @Test
    void shouldAcceptCrLfLineEndings() throws IOException {
        List<Bar> bars = CsvBarReader.read(new StringReader(HEADER + "\r\n" + ROW1 + "\r\n" + ROW2 + "\r\n"), "TST", SOURCE);

        assertThat(bars).containsExactly(BAR1, BAR2);
    }

    @Test
    void shouldSkipBlankLines() throws IOException {
        assertThat(read(HEADER, "", ROW1, "   ", "\t", ROW2, "", "")).containsExactly(BAR1, BAR2);
    }

    @Test
    void shouldCountSkippedBlankLinesInLineNumbers() {
        CsvFormatException e = readFails(HEADER, ROW1, "", "", "2020-01-03,x,13,10.5,12.5,2000");

        assertThat(e.line()).isEqualTo(5);
        assertThat(e).hasMessageStartingWith("test.csv:5: ");
    }

    @Test
    void shouldTolerateByteOrderMark() throws IOException {
        assertThat(read("\uFEFF" + HEADER, ROW1)).containsExactly(BAR1);
    }

    @Test
    void shouldTolerateByteOrderMarkInAFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("bom.csv");
        byte[] body = (HEADER + "\n" + ROW1 + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[body.length + 3];
        bytes[0] = (byte) 0xEF;
        bytes[1] = (byte) 0xBB;
        bytes[2] = (byte) 0xBF;
        System.arraycopy(body, 0, bytes, 3, body.length);
        Files.write(file, bytes);

        assertThat(CsvBarReader.read(file.toString(), "TST")).containsExactly(BAR1);
    }

    @Test
    void shouldReadAFileFromDisk(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("bars.csv");
        Files.writeString(file, HEADER + "\n" + ROW1 + "\n" + ROW2 + "\n");

        assertThat(CsvBarReader.read(file.toString(), "TST")).containsExactly(BAR1, BAR2);
    }

    @Test
    void shouldNameTheFilePathInErrors(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("broken.csv");
        Files.writeString(file, HEADER + "\n" + ROW1 + "\n2020-01-03,11,13,10.5,oops,2000\n");

        assertThatThrownBy(() -> CsvBarReader.read(file.toString(), "TST"))
                .isInstanceOfSatisfying(CsvFormatException.class, e -> assertThat(e.line()).isEqualTo(3))
                .hasMessageStartingWith(file + ":3: ")
                .hasMessageContaining("Close 'oops' is not a number");
    }

    @Test
    void shouldReturnNoBarsForAHeaderOnlyFile() throws IOException {
        assertThat(read(HEADER)).isEmpty();
        assertThat(read(HEADER, "", "")).isEmpty();
    }

    @Test
    void shouldAcceptZeroVolumeAndEqualPrices() throws IOException {
        assertThat(read(HEADER, "2020-01-02,10,10,10,10,0")).singleElement()
                .satisfies(b -> assertThat(b.volume()).isZero());
    }

    // ---------------------------------------------------------------- errors

    @Test
    void shouldRejectAnEmptyFileOnLine1() {
        CsvFormatException e = readFails();

        assertThat(e.line()).isEqualTo(1);
        assertThat(e).hasMessageStartingWith("test.csv:1: ").hasMessageContaining("empty");
    }

    @ParameterizedTest
    @ValueSource(strings = {"date", "open", "high", "low", "close"})
    void shouldRejectAMissingColumnOnLine1(String missing) {
        String header = String.join(",", List.of("Date", "Open", "High", "Low", "Close", "Volume").stream()
                .filter(c -> !c.equalsIgnoreCase(missing)).toList());

        CsvFormatException e = readFails(header, ROW1);

        assertThat(e.line()).isEqualTo(1);
        assertThat(e).hasMessageStartingWith("test.csv:1: ").hasMessageContaining("'" + missing + "'");
    }

    @Test
    void shouldRejectAMissingVolumeColumnOnLine1WhenVolumeIsRequired() {
        CsvFormatException e = readFails("Date,Open,High,Low,Close", "2020-01-02,10,12,9,11");

        assertThat(e.line()).isEqualTo(1);
        assertThat(e).hasMessage("test.csv:1: the header has no Volume column (header: Date,Open,High,Low,Close);"
                + " model.features=OHLCV reads volume: add the column or set model.features=OHLC");
        assertThat(e.skippable()).isFalse();
    }

    @Test
    void shouldReadVolumeAsZeroWithoutAVolumeColumnWhenVolumeIsNotRequired() throws IOException {
        assertThat(read(OHLC, "Date,Open,High,Low,Close", "2020-01-02,10,12,9,11").bars())
                .containsExactly(new Bar("TST", LocalDate.of(2020, 1, 2), 10, 12, 9, 11, 0));
        // a Volume column that is there is read as ever
        assertThat(read(OHLC, HEADER, ROW1).bars()).containsExactly(BAR1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"SplitFactor", "Split Factor", "split_factor", "SPLITFACTOR"})
    void shouldReadTheSplitFactorColumnUnderEachOfItsNames(String name) throws IOException {
        List<Bar> bars = read(HEADER + "," + name, ROW1 + ",1", ROW2 + ",");

        assertThat(bars.get(0).splitFactor()).isEqualTo(1.0);
        assertThat(bars.get(1).tellsSplitFactor()).as("a blank cell tells no split factor").isFalse();
        assertThat(bars.get(1).samePrices(BAR2)).isTrue();
        assertThat(read("Date,Split Factor,Open,High,Low,Close,Volume", "2020-01-02, 0.5 ,10,12,9,11,1000").get(0).splitFactor())
                .isEqualTo(0.5);
    }

    @Test
    void shouldRejectASplitFactorThatIsNotAPositiveNumber() {
        assertThat(readFails(HEADER + ",SplitFactor", ROW1 + ",two")).hasMessage("test.csv:2: SplitFactor 'two' is not a number");
        assertThat(readFails(HEADER + ",SplitFactor", ROW1 + ",0")).hasMessageStartingWith("test.csv:2: ")
                .hasMessageContaining("[INVALID_SPLIT_FACTOR]");
    }

    @ParameterizedTest
    @ValueSource(strings = {";", "\t", "|"})
    void shouldNameTheSeparatorOfAHeaderWithoutCommas(String separator) {
        String header = String.join(separator, "Date", "Open", "High", "Low", "Close", "Volume");

        CsvFormatException e = readFails(header, String.join(separator, "2020-01-02", "10", "12", "9", "11", "1000"));

        assertThat(e.line()).isEqualTo(1);
        assertThat(e).hasMessageStartingWith("test.csv:1: the header is separated by "
                + (separator.equals("\t") ? "tabs" : "'" + separator + "'") + ", not ','")
                .hasMessageContaining("export the file with ',' between columns").hasMessageNotContaining("decimal");
    }

    @Test
    void shouldNameDecimalCommasBesideASemicolonSeparator() {
        CsvFormatException e = readFails("Date;Open;High;Low;Close;Volume", "2020-01-02;1.234,5;1.240,0;1.230,25;1.238,75;1000");

        assertThat(e).hasMessage("test.csv:1: the header is separated by ';', not ',' (header: Date;Open;High;Low;Close;Volume)"
                + " and the numbers have decimal commas ('1.234,5'): export the file with ',' between columns and '.' as the"
                + " decimal point");
    }

    @Test
    void shouldSkipTheRowsThatCannotBeReadAndSayWhichWhenAsked() throws IOException {
        String[] lines = {"Date,Open,High,Low,Close,Adj Close,Volume", "2020-01-02,10,12,9,11,11,1000",
                "2020-01-03,null,null,null,null,null,null", "2020-01-06,11,13", "06/01/2020,11,13,10.5,12.5,12.5,2000",
                "2020-01-07,10,9,11,10,10,2000", "2020-01-08,11,13,10.5,12.5,12.5,2000"};

        CsvBarReader.Rows rows = read(new CsvBarReader.Options(true, true), lines);

        assertThat(rows.bars()).extracting(Bar::date).containsExactly(LocalDate.of(2020, 1, 2), LocalDate.of(2020, 1, 8));
        assertThat(rows.skipped()).extracting(Object::toString).containsExactly(
                "test.csv:3: Open 'null' is not a number", "test.csv:4: has 3 columns, header has 7",
                "test.csv:5: Date '06/01/2020' is not an ISO date (yyyy-MM-dd)",
                "test.csv:6: low 11 is above min(open 10, close 10) [LOW_ABOVE_BODY]");
        // by default the first such row refuses the file, and says it could have been skipped
        CsvFormatException refused = readFails(lines);
        assertThat(refused).hasMessage("test.csv:3: Open 'null' is not a number");
        assertThat(refused.skippable()).isTrue();
    }

    @Test
    void shouldStillRefuseWhatNoRowSkippingCanMend() {
        CsvBarReader.Options skip = new CsvBarReader.Options(true, true);
        assertThatThrownBy(() -> read(skip, HEADER, ROW2, ROW1)).hasMessageContaining("ascending")
                .isInstanceOfSatisfying(CsvFormatException.class, e -> assertThat(e.skippable()).isFalse());
        assertThatThrownBy(() -> CsvBarReader.read(new StringReader(HEADER + "\n" + ROW1), "BAD SYMBOL", SOURCE, skip))
                .hasMessageContaining("[INVALID_SYMBOL]");
        assertThatThrownBy(() -> read(skip, "Date;Open;High;Low;Close;Volume", ROW1)).hasMessageContaining("separated by ';'");
    }

    @Test
    void shouldRejectAHeaderlessFileOnLine1() {
        CsvFormatException e = readFails(ROW1, ROW2);

        assertThat(e.line()).isEqualTo(1);
        assertThat(e).hasMessageContaining("no column 'date'");
    }

    @Test
    void shouldRejectABadNumberNamingItsLine() {
        CsvFormatException e = readFails(HEADER, ROW1, "2020-01-03,11,abc,10.5,12.5,2000");

        assertThat(e.line()).isEqualTo(3);
        assertThat(e).hasMessageStartingWith("test.csv:3: ").hasMessageContaining("High 'abc' is not a number");
    }

    @Test
    void shouldRejectAnEmptyCellNamingItsLine() {
        CsvFormatException e = readFails(HEADER, ROW1, "2020-01-03,11,13,10.5,12.5,");

        assertThat(e.line()).isEqualTo(3);
        assertThat(e).hasMessageContaining("Volume '' is not a number");
    }

    @Test
    void shouldRejectABadDateNamingItsLine() {
        CsvFormatException e = readFails(HEADER, ROW1, "01/03/2020,11,13,10.5,12.5,2000");

        assertThat(e.line()).isEqualTo(3);
        assertThat(e).hasMessageStartingWith("test.csv:3: ").hasMessageContaining("Date '01/03/2020' is not an ISO date");
    }

    @Test
    void shouldRejectARowWithTooFewColumns() {
        CsvFormatException e = readFails(HEADER, ROW1, "2020-01-03,11,13");

        assertThat(e.line()).isEqualTo(3);
        assertThat(e).hasMessageContaining("has 3 columns, header has 6");
    }

    @Test
    void shouldRejectAnInvalidBarNamingItsLineAndReason() {
        // high 9 < low 11
        CsvFormatException e = readFails(HEADER, ROW1, "2020-01-03,10,9,11,10,2000");

        assertThat(e.line()).isEqualTo(3);
        assertThat(e).hasMessageStartingWith("test.csv:3: ")
                .hasMessageContaining("low 11")
                .hasMessageContaining("[LOW_ABOVE_BODY]");
    }

    @Test
    void shouldRejectHighBelowCloseNamingItsLineAndReason() {
        CsvFormatException e = readFails(HEADER, "2020-01-02,10,10.5,9,11,1000");

        assertThat(e.line()).isEqualTo(2);
        assertThat(e).hasMessageContaining("[HIGH_BELOW_BODY]");
    }

    @Test
    void shouldRejectNanPriceNamingItsLineAndReason() {
        CsvFormatException e = readFails(HEADER, ROW1, ROW2, "2020-01-06,NaN,13,10.5,12.5,2000");

        assertThat(e.line()).isEqualTo(4);
        assertThat(e).hasMessageContaining("[NON_FINITE_PRICE]");
    }

    @Test
    void shouldRejectNegativePriceAndVolumeNamingReason() {
        assertThat(readFails(HEADER, "2020-01-02,-10,12,9,11,1000")).hasMessageContaining("[NON_POSITIVE_PRICE]");
        assertThat(readFails(HEADER, "2020-01-02,10,12,9,11,-1")).hasMessageContaining("[INVALID_VOLUME]");
    }

    @Test
    void shouldRejectAnInvalidSymbolOnTheFirstRow() {
        assertThatThrownBy(() -> CsvBarReader.read(new StringReader(HEADER + "\n" + ROW1), "BAD SYMBOL", SOURCE))
                .isInstanceOfSatisfying(CsvFormatException.class, e -> assertThat(e.line()).isEqualTo(2))
                .hasMessageContaining("[INVALID_SYMBOL]");
    }

    @Test
    void shouldRejectOutOfOrderDatesNamingTheLine() {
        CsvFormatException e = readFails(HEADER, ROW1, ROW2, "2020-01-01,10,12,9,11,1000");

        assertThat(e.line()).isEqualTo(4);
        assertThat(e).hasMessageStartingWith("test.csv:4: ")
                .hasMessageContaining("2020-01-01")
                .hasMessageContaining("2020-01-03")
                .hasMessageContaining("ascending");
    }

    @Test
    void shouldRejectDuplicateDatesNamingTheLine() {
        CsvFormatException e = readFails(HEADER, ROW1, ROW2, ROW2);

        assertThat(e.line()).isEqualTo(4);
        assertThat(e).hasMessageStartingWith("test.csv:4: ").hasMessageContaining("duplicates");
    }

    @Test
    void shouldRejectADescendingFileAtItsSecondRow() {
        CsvFormatException e = readFails(HEADER, ROW2, ROW1);

        assertThat(e.line()).isEqualTo(3);
    }

    // ---------------------------------------------------------------- bundled data

    @Test
    void shouldLoadBundledSp500() throws IOException {
        List<Bar> bars = CsvBarReader.read("sp500", "SPX");

        assertThat(bars).hasSize(5105);
        assertThat(bars.get(0).date()).isEqualTo(LocalDate.of(2000, 1, 3));
        assertThat(bars.get(bars.size() - 1).date()).isEqualTo(LocalDate.of(2020, 4, 17));
        assertThat(bars.get(0)).isEqualTo(
                new Bar("SPX", LocalDate.of(2000, 1, 3), 1469.25, 1478.0, 1438.359985, 1455.219971, 931_800_000));
        assertThat(bars).extracting(Bar::symbol).containsOnly("SPX");
    }

    @Test
    void shouldLoadBundledAapl() throws IOException {
        List<Bar> bars = CsvBarReader.read("aapl", "AAPL");

        assertThat(bars).hasSize(1260);
        assertThat(bars.get(0).date()).isEqualTo(LocalDate.of(2013, 5, 13));
        assertThat(bars.get(bars.size() - 1).date()).isEqualTo(LocalDate.of(2018, 5, 11));
        assertThat(bars.get(bars.size() - 1)).isEqualTo(
                new Bar("AAPL", LocalDate.of(2018, 5, 11), 189.490005, 190.059998, 187.449997, 188.589996, 25_806_600));
    }

    @Test
    void shouldLoadBundledDataByFileNamePrefixOrAnyCase() throws IOException {
        List<Bar> byShortName = CsvBarReader.read("aapl", "AAPL");

        assertThat(CsvBarReader.read("aapl_2013-2018.csv", "AAPL")).isEqualTo(byShortName);
        assertThat(CsvBarReader.read("bundled:aapl", "AAPL")).isEqualTo(byShortName);
        assertThat(CsvBarReader.read("AAPL", "AAPL")).isEqualTo(byShortName);
        assertThat(CsvBarReader.read("sp500_2000-2020.csv", "SPX")).hasSize(5105);
    }

    @Test
    void shouldResolveBundledNamesAndDefaultSymbols() {
        assertThat(BundledData.canonicalName("sp500")).isEqualTo("sp500_2000-2020.csv");
        assertThat(BundledData.canonicalName("Bundled:SP500")).isEqualTo("sp500_2000-2020.csv");
        assertThat(BundledData.canonicalName("aapl_2013-2018.csv")).isEqualTo("aapl_2013-2018.csv");
        assertThat(BundledData.canonicalName("msft")).isNull();
        assertThat(BundledData.defaultSymbol("sp500")).isEqualTo("SPX");
        assertThat(BundledData.defaultSymbol("aapl_2013-2018.csv")).isEqualTo("AAPL");
        assertThat(BundledData.defaultSymbol("nope")).isNull();
        assertThat(BundledData.names()).contains("sp500", "aapl");
    }

    @Test
    void shouldRejectAnUnknownFileNameMentioningTheBundledNames() {
        assertThatThrownBy(() -> CsvBarReader.read("no-such-file-xyz.csv", "TST"))
                .isInstanceOfSatisfying(NoSuchFileException.class,
                        e -> assertThat(e.getFile()).isEqualTo("no-such-file-xyz.csv"))
                .hasMessageContaining("no-such-file-xyz.csv")
                .hasMessageContaining("sp500")
                .hasMessageContaining("aapl");
    }

    @Test
    void shouldRejectADirectoryAsNoSuchFile(@TempDir Path dir) {
        assertThatThrownBy(() -> CsvBarReader.read(dir.toString(), "TST")).isInstanceOf(NoSuchFileException.class);
    }
}
