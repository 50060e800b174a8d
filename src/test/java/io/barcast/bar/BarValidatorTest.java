package io.barcast.bar;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The rules of {@link BarValidator}, exercised through the {@link Bar} constructor that enforces them. */
class BarValidatorTest {

    private static final LocalDate DATE = LocalDate.of(2020, 1, 2);

    /** A valid bar (open 10, high 12, low 9, close 11, volume 1000) with one value changed at a time. */
    private static final class BarSpec {
        String symbol = "AAPL";
        LocalDate date = DATE;
        double open = 10;
        double high = 12;
        double low = 9;
        double close = 11;
        double volume = 1000;

        BarSpec symbol(String s) {
            symbol = s;
            return this;
        }

        BarSpec date(LocalDate d) {
            date = d;
            return this;
        }

        BarSpec set(String field, double value) {
            switch (field) {
                case "open" -> open = value;
                case "high" -> high = value;
                case "low" -> low = value;
                case "close" -> close = value;
                case "volume" -> volume = value;
                default -> throw new IllegalArgumentException(field);
            }
            return this;
        }

        BarSpec ohlc(double o, double h, double l, double c) {
            open = o;
            high = h;
            low = l;
            close = c;
            return this;
        }

        Bar build() {
            return new Bar(symbol, date, open, high, low, close, volume);
        }
    }

    private static BarSpec bar() {
        return new BarSpec();
    }

    private static void assertRejected(ThrowingCallable call, RejectReason reason, String field, String value) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(InvalidBarException.class, e -> {
                    assertThat(e.reason()).as("reason").isEqualTo(reason);
                    assertThat(e.field()).as("field").isEqualTo(field);
                    assertThat(e.value()).as("value").isEqualTo(value);
                    assertThat(e.getMessage()).as("message").isNotBlank();
                });
    }

    // ---------------------------------------------------------------- a valid bar

    @Test
    void shouldAcceptAValidBar() {
        Bar b = bar().build();

        assertThat(b.symbol()).isEqualTo("AAPL");
        assertThat(b.date()).isEqualTo(DATE);
        assertThat(b.open()).isEqualTo(10);
        assertThat(b.high()).isEqualTo(12);
        assertThat(b.low()).isEqualTo(9);
        assertThat(b.close()).isEqualTo(11);
        assertThat(b.volume()).isEqualTo(1000);
    }

    @Test
    void shouldAcceptADojiWhereAllPricesAreEqual() {
        assertThatCode(() -> bar().ohlc(5, 5, 5, 5).build()).doesNotThrowAnyException();
    }

    // ---------------------------------------------------------------- finite prices

    @Test
    void shouldRejectNanOpen() {
        assertRejected(() -> bar().set("open", Double.NaN).build(), RejectReason.NON_FINITE_PRICE, "open", "NaN");
    }

    @Test
    void shouldRejectInfiniteHigh() {
        assertRejected(() -> bar().set("high", Double.POSITIVE_INFINITY).build(),
                RejectReason.NON_FINITE_PRICE, "high", "Infinity");
    }

    @Test
    void shouldRejectNegativeInfiniteLow() {
        assertRejected(() -> bar().set("low", Double.NEGATIVE_INFINITY).build(),
                RejectReason.NON_FINITE_PRICE, "low", "-Infinity");
    }

    @Test
    void shouldRejectNanCloseWithAMessageNamingFieldAndValue() {
        assertThatThrownBy(() -> bar().set("close", Double.NaN).build())
                .isInstanceOf(InvalidBarException.class)
                .hasMessageContaining("close")
                .hasMessageContaining("NaN");
        assertRejected(() -> bar().set("close", Double.NaN).build(), RejectReason.NON_FINITE_PRICE, "close", "NaN");
    }

    static Stream<Arguments> nonFinitePrices() {
        return Stream.of("open", "high", "low", "close").flatMap(field -> Stream.of(
                Arguments.of(field, Double.NaN, "NaN"),
                Arguments.of(field, Double.POSITIVE_INFINITY, "Infinity"),
                Arguments.of(field, Double.NEGATIVE_INFINITY, "-Infinity")));
    }

    @ParameterizedTest(name = "{0} = {2}")
    @MethodSource("nonFinitePrices")
    void shouldRejectEveryNonFinitePriceField(String field, double value, String shown) {
        assertRejected(() -> bar().set(field, value).build(), RejectReason.NON_FINITE_PRICE, field, shown);
    }

    @Test
    void shouldReportNanLowAsNonFiniteRatherThanAsLowAboveBody() {
        // NaN compares false with everything, so the finiteness check must come before the body checks.
        assertRejected(() -> bar().set("low", Double.NaN).build(), RejectReason.NON_FINITE_PRICE, "low", "NaN");
        assertRejected(() -> bar().set("high", Double.NaN).build(), RejectReason.NON_FINITE_PRICE, "high", "NaN");
    }

    // ---------------------------------------------------------------- positive prices

    @Test
    void shouldRejectZeroOpen() {
        assertRejected(() -> bar().set("open", 0).build(), RejectReason.NON_POSITIVE_PRICE, "open", "0");
    }

    @Test
    void shouldRejectNegativeClose() {
        assertRejected(() -> bar().set("close", -1.5).build(), RejectReason.NON_POSITIVE_PRICE, "close", "-1.5");
    }

    @Test
    void shouldRejectNegativeZeroPrice() {
        assertRejected(() -> bar().set("low", -0.0).build(), RejectReason.NON_POSITIVE_PRICE, "low", "0");
    }

    static Stream<Arguments> nonPositivePrices() {
        return Stream.of("open", "high", "low", "close").flatMap(field -> Stream.of(
                Arguments.of(field, 0.0, "0"),
                Arguments.of(field, -1.0, "-1"),
                Arguments.of(field, -0.25, "-0.25")));
    }

    @ParameterizedTest(name = "{0} = {2}")
    @MethodSource("nonPositivePrices")
    void shouldRejectEveryNonPositivePriceField(String field, double value, String shown) {
        assertRejected(() -> bar().set(field, value).build(), RejectReason.NON_POSITIVE_PRICE, field, shown);
    }

    @Test
    void shouldAcceptATinyPositivePrice() {
        assertThatCode(() -> bar().ohlc(Double.MIN_VALUE, Double.MIN_VALUE, Double.MIN_VALUE, Double.MIN_VALUE).build())
                .doesNotThrowAnyException();
    }

    // ---------------------------------------------------------------- low <= min(open, close)

    @Test
    void shouldRejectLowAboveOpen() {
        // open 10 < close 11, low 10.5 is above the open
        assertRejected(() -> bar().ohlc(10, 12, 10.5, 11).build(), RejectReason.LOW_ABOVE_BODY, "low", "10.5");
    }

    @Test
    void shouldRejectLowAboveClose() {
        // close 10 < open 11, low 10.5 is above the close
        assertRejected(() -> bar().ohlc(11, 12, 10.5, 10).build(), RejectReason.LOW_ABOVE_BODY, "low", "10.5");
    }

    @Test
    void shouldRejectLowAboveHigh() {
        assertRejected(() -> bar().ohlc(10, 9, 11, 10).build(), RejectReason.LOW_ABOVE_BODY, "low", "11");
    }

    @Test
    void shouldNameOpenAndCloseInTheLowAboveBodyMessage() {
        assertThatThrownBy(() -> bar().ohlc(10, 12, 10.5, 11).build())
                .hasMessageContaining("low 10.5")
                .hasMessageContaining("open 10")
                .hasMessageContaining("close 11");
    }

    @Test
    void shouldAcceptLowEqualToOpen() {
        assertThatCode(() -> bar().ohlc(10, 12, 10, 11).build()).doesNotThrowAnyException();
    }

    @Test
    void shouldAcceptLowEqualToClose() {
        assertThatCode(() -> bar().ohlc(11, 12, 10, 10).build()).doesNotThrowAnyException();
    }

    // ---------------------------------------------------------------- high >= max(open, close)

    @Test
    void shouldRejectHighBelowClose() {
        // close 11 > open 10, high 10.5 is below the close
        assertRejected(() -> bar().ohlc(10, 10.5, 9, 11).build(), RejectReason.HIGH_BELOW_BODY, "high", "10.5");
    }

    @Test
    void shouldRejectHighBelowOpen() {
        // open 11 > close 10, high 10.5 is below the open
        assertRejected(() -> bar().ohlc(11, 10.5, 9, 10).build(), RejectReason.HIGH_BELOW_BODY, "high", "10.5");
    }

    @Test
    void shouldAcceptHighEqualToClose() {
        assertThatCode(() -> bar().ohlc(10, 11, 9, 11).build()).doesNotThrowAnyException();
    }

    @Test
    void shouldAcceptHighEqualToOpen() {
        assertThatCode(() -> bar().ohlc(11, 11, 9, 10).build()).doesNotThrowAnyException();
    }

    // ---------------------------------------------------------------- volume >= 0

    @Test
    void shouldRejectNegativeVolume() {
        assertRejected(() -> bar().set("volume", -1).build(), RejectReason.INVALID_VOLUME, "volume", "-1");
    }

    @Test
    void shouldRejectNanVolume() {
        assertRejected(() -> bar().set("volume", Double.NaN).build(), RejectReason.INVALID_VOLUME, "volume", "NaN");
    }

    @Test
    void shouldRejectInfiniteVolume() {
        assertRejected(() -> bar().set("volume", Double.POSITIVE_INFINITY).build(),
                RejectReason.INVALID_VOLUME, "volume", "Infinity");
    }

    @Test
    void shouldAcceptZeroVolume() {
        assertThat(bar().set("volume", 0).build().volume()).isZero();
    }

    @Test
    void shouldAcceptFractionalAndHugeVolume() {
        assertThatCode(() -> bar().set("volume", 0.5).build()).doesNotThrowAnyException();
        assertThatCode(() -> bar().set("volume", 5_792_140_000.0).build()).doesNotThrowAnyException();
    }

    // ---------------------------------------------------------------- date

    @Test
    void shouldRejectMissingDate() {
        assertRejected(() -> bar().date(null).build(), RejectReason.MISSING_FIELD, "date", null);
    }

    @Test
    void shouldRejectFarFutureDate() {
        // Well past the 7-day margin, so the test cannot flip at midnight.
        LocalDate future = LocalDate.now().plusDays(BarValidator.MAX_FUTURE_DAYS + 30L);
        assertRejected(() -> bar().date(future).build(), RejectReason.INVALID_DATE, "date", future.toString());
    }

    @Test
    void shouldRejectDateInTheYear9999() {
        assertRejected(() -> bar().date(LocalDate.of(9999, 12, 31)).build(),
                RejectReason.INVALID_DATE, "date", "9999-12-31");
    }

    @Test
    void shouldRejectTheDayAfterTheFutureLimitInUtc() {
        LocalDate limit;
        Throwable thrown;
        do { // again if the UTC day changed meanwhile
            limit = LocalDate.now(ZoneOffset.UTC).plusDays(BarValidator.MAX_FUTURE_DAYS);
            LocalDate after = limit.plusDays(1);
            thrown = catchThrowable(() -> bar().date(after).build());
        } while (!limit.equals(LocalDate.now(ZoneOffset.UTC).plusDays(BarValidator.MAX_FUTURE_DAYS)));

        assertThat(thrown).isInstanceOfSatisfying(InvalidBarException.class,
                e -> assertThat(e.reason()).isEqualTo(RejectReason.INVALID_DATE));
        assertThat(BarValidator.latestDate()).isEqualTo(limit);
    }

    @Test
    void shouldMoveTheFutureLimitWithTheUtcDayEitherWay() {
        long midnight = LocalDate.of(2026, 12, 8).toEpochDay() * 86_400_000L;

        assertThat(BarValidator.latestDate(midnight - 1)).isEqualTo(LocalDate.of(2026, 12, 14));
        assertThat(BarValidator.latestDate(midnight)).isEqualTo(LocalDate.of(2026, 12, 15));
        assertThat(BarValidator.latestDate(midnight + 86_399_999L)).isEqualTo(LocalDate.of(2026, 12, 15));
        assertThat(BarValidator.latestDate(midnight - 1)).as("the clock set back").isEqualTo(LocalDate.of(2026, 12, 14));
        assertThat(BarValidator.latestDate()).isEqualTo(LocalDate.now(ZoneOffset.UTC).plusDays(BarValidator.MAX_FUTURE_DAYS));
    }

    @Test
    void shouldAcceptDateAtTheFutureLimit() {
        // If the clock passes midnight between here and the validator, the limit only moves later.
        LocalDate limit = LocalDate.now().plusDays(BarValidator.MAX_FUTURE_DAYS);
        assertThatCode(() -> bar().date(limit).build()).doesNotThrowAnyException();
    }

    @Test
    void shouldAcceptToday() {
        assertThatCode(() -> bar().date(LocalDate.now()).build()).doesNotThrowAnyException();
    }

    @Test
    void shouldRejectDateBeforeTheMinimum() {
        LocalDate tooEarly = BarValidator.MIN_DATE.minusDays(1);
        assertRejected(() -> bar().date(tooEarly).build(), RejectReason.INVALID_DATE, "date", "1799-12-31");
    }

    @Test
    void shouldAcceptTheMinimumDate() {
        assertThatCode(() -> bar().date(BarValidator.MIN_DATE).build()).doesNotThrowAnyException();
    }

    // ---------------------------------------------------------------- symbol

    @Test
    void shouldRejectNullSymbol() {
        assertRejected(() -> bar().symbol(null).build(), RejectReason.MISSING_FIELD, "symbol", null);
    }

    @Test
    void shouldRejectEmptySymbol() {
        assertRejected(() -> bar().symbol("").build(), RejectReason.INVALID_SYMBOL, "symbol", "\"\"");
    }

    @Test
    void shouldRejectBlankSymbol() {
        assertRejected(() -> bar().symbol("   ").build(), RejectReason.INVALID_SYMBOL, "symbol", "\"   \"");
    }

    @Test
    void shouldRejectSymbolLongerThan32Characters() {
        String s = "A".repeat(BarValidator.MAX_SYMBOL_LENGTH + 1);
        assertRejected(() -> bar().symbol(s).build(), RejectReason.INVALID_SYMBOL, "symbol", "\"" + s + "\"");
        assertThatThrownBy(() -> bar().symbol(s).build()).hasMessageContaining("33 characters");
    }

    @Test
    void shouldAbbreviateAVeryLongRejectedSymbol() {
        String s = "B".repeat(100);
        assertRejected(() -> bar().symbol(s).build(), RejectReason.INVALID_SYMBOL, "symbol",
                "\"" + "B".repeat(40) + "\"... (100 chars)");
    }

    @Test
    void shouldAcceptSymbolOfExactly32Characters() {
        String s = "X".repeat(BarValidator.MAX_SYMBOL_LENGTH);
        assertThat(bar().symbol(s).build().symbol()).hasSize(32);
    }

    @Test
    void shouldRejectSymbolWithControlCharacter() {
        assertRejected(() -> bar().symbol("AA\u0001PL").build(), RejectReason.INVALID_SYMBOL, "symbol", "\"AA\\u0001PL\"");
        assertThatThrownBy(() -> bar().symbol("AA\u0001PL").build()).hasMessageContaining("index 2");
    }

    @Test
    void shouldRejectSymbolWithDeleteCharacter() {
        assertRejected(() -> bar().symbol("AAPL\u007F").build(), RejectReason.INVALID_SYMBOL, "symbol", "\"AAPL\\u007f\"");
    }

    @Test
    void shouldRejectSymbolWithNewline() {
        assertRejected(() -> bar().symbol("AAPL\n").build(), RejectReason.INVALID_SYMBOL, "symbol", "\"AAPL\\u000a\"");
    }

    @Test
    void shouldRejectSymbolWithInnerSpace() {
        assertRejected(() -> bar().symbol("AA PL").build(), RejectReason.INVALID_SYMBOL, "symbol", "\"AA PL\"");
    }

    @Test
    void shouldRejectSymbolWithLeadingOrTrailingSpace() {
        assertRejected(() -> bar().symbol(" AAPL").build(), RejectReason.INVALID_SYMBOL, "symbol", "\" AAPL\"");
        assertRejected(() -> bar().symbol("AAPL ").build(), RejectReason.INVALID_SYMBOL, "symbol", "\"AAPL \"");
    }

    @Test
    void shouldRejectSymbolWithTab() {
        assertRejected(() -> bar().symbol("AA\tPL").build(), RejectReason.INVALID_SYMBOL, "symbol", "\"AA\\u0009PL\"");
    }

    @Test
    void shouldRejectSymbolWithUnicodeSpaceSeparator() {
        // U+2003 EM SPACE is whitespace for Character.isWhitespace
        assertRejected(() -> bar().symbol("AA\u2003PL").build(), RejectReason.INVALID_SYMBOL, "symbol", "\"AA\u2003PL\"");
    }
    @Test
    void shouldRejectSymbolWithNoBreakSpace() {
        assertRejected(() -> bar().symbol("AA\u00A0PL").build(), RejectReason.INVALID_SYMBOL, "symbol", "\"AA\u00A0PL\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"A", "AAPL", "BRK.B", "^GSPC", "BTC-USD", "ES=F", "NESN.SW", "7203.T", "ÄÖÜ"})
    void shouldAcceptRealWorldSymbols(String symbol) {
        assertThat(bar().symbol(symbol).build().symbol()).isEqualTo(symbol);
    }

    @Test
    void shouldValidateSymbolOnItsOwn() {
        assertThatCode(() -> BarValidator.validateSymbol("SPX")).doesNotThrowAnyException();
        assertRejected(() -> BarValidator.validateSymbol(null), RejectReason.MISSING_FIELD, "symbol", null);
        assertRejected(() -> BarValidator.validateSymbol("S P X"), RejectReason.INVALID_SYMBOL, "symbol", "\"S P X\"");
    }

    // ---------------------------------------------------------------- rule order, Bar helpers

    @Test
    void shouldCheckSymbolBeforeDateAndPrices() {
        assertRejected(() -> new Bar("", null, Double.NaN, -1, -1, -1, -1),
                RejectReason.INVALID_SYMBOL, "symbol", "\"\"");
    }

    @Test
    void shouldCheckDateBeforePrices() {
        assertRejected(() -> new Bar("AAPL", null, Double.NaN, -1, -1, -1, -1),
                RejectReason.MISSING_FIELD, "date", null);
    }

    @Test
    void shouldTreatEqualBarsAsSameValues() {
        assertThat(bar().build().sameValues(bar().build())).isTrue();
        assertThat(bar().build().sameValues(bar().set("close", 11.5).build())).isFalse();
        assertThat(bar().build().sameValues(null)).isFalse();
    }

    @Test
    void shouldFormatWholeAndFractionalNumbers() {
        assertThat(BarValidator.fmt(100)).isEqualTo("100");
        assertThat(BarValidator.fmt(-3)).isEqualTo("-3");
        assertThat(BarValidator.fmt(0.5)).isEqualTo("0.5");
        assertThat(BarValidator.fmt(1e20)).isEqualTo("1.0E20");
        assertThat(BarValidator.fmt(Double.NaN)).isEqualTo("NaN");
        assertThat(BarValidator.fmt(Double.NEGATIVE_INFINITY)).isEqualTo("-Infinity");
    }
}
