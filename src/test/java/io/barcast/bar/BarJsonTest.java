package io.barcast.bar;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BarJsonTest {

    private static final String VALID =
            "{\"symbol\":\"AAPL\",\"date\":\"2018-05-11\",\"open\":189.49,\"high\":190.06,\"low\":187.45,"
                    + "\"close\":188.59,\"volume\":25806600}";

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** VALID with one field's raw JSON value replaced ({@code null} removes the field). */
    private static String withField(String field, String rawValue) {
        String[] fields = {"symbol", "date", "open", "high", "low", "close", "volume"};
        String[] values = {"\"AAPL\"", "\"2018-05-11\"", "189.49", "190.06", "187.45", "188.59", "25806600"};
        StringBuilder b = new StringBuilder("{");
        for (int i = 0; i < fields.length; i++) {
            String v = fields[i].equals(field) ? rawValue : values[i];
            if (v == null) {
                continue;
            }
            if (b.length() > 1) {
                b.append(',');
            }
            b.append('"').append(fields[i]).append("\":").append(v);
        }
        if (!Arrays.asList(fields).contains(field)) {
            throw new IllegalArgumentException(field);
        }
        return b.append('}').toString();
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

    private static void assertMalformed(byte[] bytes) {
        assertRejected(() -> BarJson.fromBytes(bytes), RejectReason.MALFORMED_JSON, null, null);
    }

    // ---------------------------------------------------------------- encoding and round trip

    @Test
    void shouldDecodeAValidBar() {
        Bar bar = BarJson.fromBytes(utf8(VALID));

        assertThat(bar).isEqualTo(new Bar("AAPL", LocalDate.of(2018, 5, 11), 189.49, 190.06, 187.45, 188.59, 25806600));
    }

    @Test
    void shouldEncodeTheDocumentedLayout() {
        Bar bar = new Bar("AAPL", LocalDate.of(2018, 5, 11), 1.0, 2.0, 0.5, 1.5, 100);

        assertThat(BarJson.toBytes(bar)).isEqualTo(utf8(
                "{\"symbol\":\"AAPL\",\"date\":\"2018-05-11\",\"open\":1.0,\"high\":2.0,\"low\":0.5,\"close\":1.5,\"volume\":100.0}"));
    }

    @Test
    void shouldDecodeTheDocumentedExample() {
        Bar bar = BarJson.fromBytes(utf8(
                "{\"symbol\":\"AAPL\",\"date\":\"2018-05-11\",\"open\":1.0,\"high\":2.0,\"low\":0.5,\"close\":1.5,\"volume\":100}"));

        assertThat(bar).isEqualTo(new Bar("AAPL", LocalDate.of(2018, 5, 11), 1.0, 2.0, 0.5, 1.5, 100));
    }

    @Test
    void shouldRoundTripToBytesAndFromBytes() {
        Bar bar = new Bar("BRK.B", LocalDate.of(2020, 4, 17), 2842.429932, 2879.219971, 2830.879883, 2874.560059, 5_792_140_000.0);

        Bar back = BarJson.fromBytes(BarJson.toBytes(bar));

        assertThat(back).isEqualTo(bar);
        assertThat(back.sameValues(bar)).isTrue();
    }

    @Test
    void shouldRoundTripExtremeButValidValues() {
        Bar bar = new Bar("X".repeat(32), BarValidator.MIN_DATE, Double.MIN_VALUE, Double.MAX_VALUE, Double.MIN_VALUE, 0.1 + 0.2, 0);

        assertThat(BarJson.fromBytes(BarJson.toBytes(bar))).isEqualTo(bar);
    }

    @Test
    void shouldRoundTripNonAsciiSymbol() {
        Bar bar = new Bar("ÄÖÜ€", LocalDate.of(2020, 1, 2), 1, 1, 1, 1, 1);

        assertThat(BarJson.fromBytes(BarJson.toBytes(bar))).isEqualTo(bar);
    }

    @Test
    void shouldRoundTripEveryBundledAaplBar() throws Exception {
        List<Bar> bars = CsvBarReader.read("aapl", "AAPL");

        assertThat(bars).allSatisfy(b -> assertThat(BarJson.fromBytes(BarJson.toBytes(b))).isEqualTo(b));
    }

    @Test
    void shouldAcceptWhitespaceAroundTheObject() {
        assertThat(BarJson.fromBytes(utf8("  \n" + VALID + "\n  "))).isEqualTo(BarJson.fromBytes(utf8(VALID)));
    }

    @Test
    void shouldAcceptNumbersInExponentForm() {
        Bar bar = BarJson.fromBytes(utf8(withField("volume", "2.58066E7")));

        assertThat(bar.volume()).isEqualTo(25806600.0);
    }

    // ---------------------------------------------------------------- MALFORMED_JSON

    @Test
    void shouldRejectMalformedJson() {
        assertMalformed(utf8("{symbol: AAPL}"));
        assertThatThrownBy(() -> BarJson.fromBytes(utf8("{symbol: AAPL}"))).hasMessageContaining("not valid JSON");
    }

    @Test
    void shouldRejectTruncatedJson() {
        assertMalformed(utf8(VALID.substring(0, VALID.length() / 2)));
        assertMalformed(utf8(VALID.substring(0, VALID.length() - 1)));
    }

    @Test
    void shouldRejectAJsonArray() {
        assertMalformed(utf8("[1,2,3]"));
        assertThatThrownBy(() -> BarJson.fromBytes(utf8("[1,2,3]"))).hasMessageContaining("not a JSON object");
    }

    @Test
    void shouldRejectAnArrayHoldingAValidBar() {
        assertMalformed(utf8("[" + VALID + "]"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"null", "42", "\"AAPL\"", "true", "   ", "\n"})
    void shouldRejectJsonThatIsNotAnObject(String json) {
        assertMalformed(utf8(json));
    }

    @Test
    void shouldRejectEmptyBytes() {
        assertMalformed(new byte[0]);
        assertThatThrownBy(() -> BarJson.fromBytes(new byte[0])).hasMessageContaining("empty");
    }

    @Test
    void shouldRejectNullBytes() {
        assertMalformed(null);
    }

    @Test
    void shouldRejectNonUtf8Bytes() {
        assertMalformed(new byte[]{(byte) 0xC3, (byte) 0x28});
        assertThatThrownBy(() -> BarJson.fromBytes(new byte[]{(byte) 0xC3, (byte) 0x28})).hasMessageContaining("UTF-8");
    }

    @Test
    void shouldRejectLatin1EncodedSymbolInsideValidJson() {
        byte[] latin1 = withField("symbol", "\"NESTLÉ\"").getBytes(StandardCharsets.ISO_8859_1);

        assertMalformed(latin1);
    }

    @Test
    void shouldRejectUtf16WithByteOrderMark() {
        assertMalformed(VALID.getBytes(StandardCharsets.UTF_16));
    }

    @Test
    void shouldRejectUtf16WithoutByteOrderMark() {
        assertMalformed(VALID.getBytes(StandardCharsets.UTF_16BE));
        assertMalformed(VALID.getBytes(StandardCharsets.UTF_16LE));
    }

    @Test
    void shouldRejectDuplicateKeys() {
        String json = "{\"symbol\":\"AAPL\",\"symbol\":\"MSFT\",\"date\":\"2018-05-11\",\"open\":189.49,"
                + "\"high\":190.06,\"low\":187.45,\"close\":188.59,\"volume\":25806600}";

        assertMalformed(utf8(json));
    }

    @Test
    void shouldRejectDuplicatePriceKeyEvenWithTheSameValue() {
        String json = VALID.replace("\"open\":189.49,", "\"open\":189.49,\"open\":189.49,");

        assertMalformed(utf8(json));
    }
    @Test
    void shouldRejectTrailingContentAfterTheObject() {
        assertMalformed(utf8(VALID + " garbage"));
        assertMalformed(utf8(VALID + VALID));
        assertMalformed(utf8(VALID + "}"));
    }

    // ---------------------------------------------------------------- MISSING_FIELD

    @ParameterizedTest
    @ValueSource(strings = {"symbol", "date", "open", "high", "low", "close", "volume"})
    void shouldRejectMissingField(String field) {
        assertRejected(() -> BarJson.fromBytes(utf8(withField(field, null))), RejectReason.MISSING_FIELD, field, null);
    }

    @ParameterizedTest
    @ValueSource(strings = {"symbol", "date", "open", "high", "low", "close", "volume"})
    void shouldRejectNullField(String field) {
        assertRejected(() -> BarJson.fromBytes(utf8(withField(field, "null"))), RejectReason.MISSING_FIELD, field, null);
    }

    @Test
    void shouldRejectAnEmptyObjectNamingTheFirstMissingField() {
        assertRejected(() -> BarJson.fromBytes(utf8("{}")), RejectReason.MISSING_FIELD, "symbol", null);
    }

    @Test
    void shouldTreatFieldNamesCaseSensitively() {
        String json = VALID.replace("\"open\"", "\"Open\"");

        assertRejected(() -> BarJson.fromBytes(utf8(json)), RejectReason.MISSING_FIELD, "open", null);
    }

    // ---------------------------------------------------------------- WRONG_TYPE

    @Test
    void shouldRejectPriceAsNonNumericString() {
        assertRejected(() -> BarJson.fromBytes(utf8(withField("open", "\"abc\""))), RejectReason.WRONG_TYPE, "open", "\"abc\"");
    }

    @Test
    void shouldRejectPriceAsNumericString() {
        assertRejected(() -> BarJson.fromBytes(utf8(withField("close", "\"188.59\""))),
                RejectReason.WRONG_TYPE, "close", "\"188.59\"");
    }

    @Test
    void shouldRejectSymbolAsNumber() {
        assertRejected(() -> BarJson.fromBytes(utf8(withField("symbol", "42"))), RejectReason.WRONG_TYPE, "symbol", "42");
    }

    @Test
    void shouldRejectDateAsNumber() {
        assertRejected(() -> BarJson.fromBytes(utf8(withField("date", "20180511"))),
                RejectReason.WRONG_TYPE, "date", "20180511");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "open   | true     | true",
            "high   | [190.06] | [190.06]",
            "low    | {}       | {}",
            "volume | false    | false",
            "symbol | [\"AAPL\"] | [\"AAPL\"]",
            "symbol | {\"s\":1}  | {\"s\":1}",
    })
    void shouldRejectOtherWrongTypes(String field, String raw, String value) {
        assertRejected(() -> BarJson.fromBytes(utf8(withField(field, raw))), RejectReason.WRONG_TYPE, field, value);
    }

    @Test
    void shouldAbbreviateALongWrongTypePriceValue() {
        String raw = "\"" + "x".repeat(100) + "\"";

        assertRejected(() -> BarJson.fromBytes(utf8(withField("high", raw))), RejectReason.WRONG_TYPE, "high",
                raw.substring(0, 40) + "...");
    }

    @Test
    void shouldAbbreviateALongWrongTypeSymbolValue() {
        String raw = "[" + "1,".repeat(100) + "1]";

        assertRejected(() -> BarJson.fromBytes(utf8(withField("symbol", raw))), RejectReason.WRONG_TYPE, "symbol",
                raw.substring(0, 40) + "...");
    }

    // ---------------------------------------------------------------- NaN / Infinity strings

    @ParameterizedTest
    @CsvSource({
            "open,  NaN,       NaN",
            "high,  Infinity,  Infinity",
            "high,  +Infinity, Infinity",
            "low,   -Infinity, -Infinity",
            "close, NaN,       NaN",
    })
    void shouldReadNanAndInfinityStringsAsNonFinitePrice(String field, String text, String value) {
        assertRejected(() -> BarJson.fromBytes(utf8(withField(field, "\"" + text + "\""))),
                RejectReason.NON_FINITE_PRICE, field, value);
    }

    @Test
    void shouldReadNanVolumeStringAsInvalidVolume() {
        assertRejected(() -> BarJson.fromBytes(utf8(withField("volume", "\"NaN\""))), RejectReason.INVALID_VOLUME, "volume", "NaN");
    }

    @Test
    void shouldRejectBareNanLiteralAsMalformed() {
        assertMalformed(utf8(withField("open", "NaN")));
    }

    @Test
    void shouldRejectAnOverflowingNumberAsNonFinite() {
        assertRejected(() -> BarJson.fromBytes(utf8(withField("high", "1e400"))), RejectReason.NON_FINITE_PRICE, "high", "Infinity");
    }

    @Test
    void shouldRejectLowercaseNanStringAsWrongType() {
        assertRejected(() -> BarJson.fromBytes(utf8(withField("open", "\"nan\""))), RejectReason.WRONG_TYPE, "open", "\"nan\"");
    }

    // ---------------------------------------------------------------- dates

    @ParameterizedTest
    @ValueSource(strings = {"2018/05/11", "11.05.2018", "20180511", "2018-5-11", "2018-02-30", "2018-05-11T00:00:00", "", "yesterday"})
    void shouldRejectDateThatIsNotIsoFormat(String date) {
        assertRejected(() -> BarJson.fromBytes(utf8(withField("date", "\"" + date + "\""))), RejectReason.INVALID_DATE, "date", date);
    }

    @Test
    void shouldRejectFarFutureDate() {
        String future = LocalDate.now().plusYears(1).toString();

        assertRejected(() -> BarJson.fromBytes(utf8(withField("date", "\"" + future + "\""))),
                RejectReason.INVALID_DATE, "date", future);
    }

    // ---------------------------------------------------------------- validator rules apply

    @Test
    void shouldApplyTheValidatorRulesAfterDecoding() {
        assertRejected(() -> BarJson.fromBytes(utf8(withField("low", "189.5"))), RejectReason.LOW_ABOVE_BODY, "low", "189.5");
        assertRejected(() -> BarJson.fromBytes(utf8(withField("high", "189"))), RejectReason.HIGH_BELOW_BODY, "high", "189");
        assertRejected(() -> BarJson.fromBytes(utf8(withField("open", "0"))), RejectReason.NON_POSITIVE_PRICE, "open", "0");
        assertRejected(() -> BarJson.fromBytes(utf8(withField("volume", "-5"))), RejectReason.INVALID_VOLUME, "volume", "-5");
        assertRejected(() -> BarJson.fromBytes(utf8(withField("symbol", "\"\""))), RejectReason.INVALID_SYMBOL, "symbol", "\"\"");
        assertRejected(() -> BarJson.fromBytes(utf8(withField("symbol", "\"AA PL\""))), RejectReason.INVALID_SYMBOL, "symbol", "\"AA PL\"");
        assertRejected(() -> BarJson.fromBytes(utf8(withField("symbol", "\"AA\\u0000PL\""))),
                RejectReason.INVALID_SYMBOL, "symbol", "\"AA\\u0000PL\"");
    }
    // ---------------------------------------------------------------- the streaming path and the tree path

    /** Random plain bars in many spellings: shuffled fields, ints, exponents, long fractions, unknown fields, whitespace. */
    private static List<String> plainSpellings(int count) {
        java.util.Random random = new java.util.Random(27);
        List<String> out = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            double low = Math.exp(random.nextGaussian() * 4);
            double high = low * (1 + random.nextDouble() * 0.1);
            double open = low + (high - low) * random.nextDouble();
            double close = low + (high - low) * random.nextDouble();
            List<String> fields = new java.util.ArrayList<>(List.of(
                    "\"symbol\":\"" + (random.nextBoolean() ? "S" + i : "BRK.B\\u002D" + i) + "\"",
                    "\"date\":\"" + LocalDate.of(1990, 1, 1).plusDays(random.nextInt(12_000)) + "\"",
                    "\"open\":" + spell(open, random), "\"high\":" + spell(high, random),
                    "\"low\":" + spell(low, random), "\"close\":" + spell(close, random),
                    "\"volume\":" + switch (random.nextInt(4)) {
                        case 0 -> "0";
                        case 1 -> Long.toString(random.nextLong() & Long.MAX_VALUE);
                        case 2 -> "123456789012345678901234567890";
                        default -> spell(random.nextDouble() * 1e9, random);
                    }));
            switch (random.nextInt(4)) {
                case 0 -> fields.add("\"splitFactor\":null");
                case 1 -> fields.add("\"splitFactor\":" + spell(0.5 + random.nextInt(8), random));
                case 2 -> fields.add("\"source\":{\"feed\":[1,{\"a\":null}],\"open\":\"x\"}");
                default -> { }
            }
            java.util.Collections.shuffle(fields, random);
            String sep = random.nextBoolean() ? "," : " ,\n\t";
            out.add((random.nextBoolean() ? "" : " \r\n") + "{" + String.join(sep, fields) + "}" + (random.nextBoolean() ? "" : "\n"));
        }
        return out;
    }

    private static String spell(double v, java.util.Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> Double.toString(v);
            case 1 -> String.format(java.util.Locale.ROOT, "%.2f", v);
            case 2 -> String.format(java.util.Locale.ROOT, "%.17e", v);
            default -> new java.math.BigDecimal(v).toPlainString();
        };
    }

    /** The bar, or the rejection's reason, field, value and message. */
    private static Object outcome(java.util.function.Supplier<Bar> read) {
        try {
            return read.get();
        } catch (InvalidBarException e) {
            return List.of(e.reason(), String.valueOf(e.field()), String.valueOf(e.value()), e.getMessage());
        }
    }

    @Test
    void shouldReadPlainBarsInOnePassAsTheTreeReadsThem() {
        int bars = 0;
        for (String json : plainSpellings(3_000)) {
            Object plain = outcome(() -> BarJson.plain(utf8(json)));

            assertThat(plain).as(json).isNotNull().isEqualTo(outcome(() -> BarJson.strict(utf8(json))));
            bars += plain instanceof Bar ? 1 : 0;
        }
        assertThat(bars).as("valid bars among the spellings").isGreaterThan(2_000);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "\uFEFF{\"symbol\":\"AAPL\",\"date\":\"2018-05-11\",\"open\":1,\"high\":2,\"low\":1,\"close\":1,\"volume\":1}",
            "{\"symbol\":\"ÄÖÜ\",\"date\":\"2018-05-11\",\"open\":1,\"high\":2,\"low\":1,\"close\":1,\"volume\":1}",
            "{\"symbol\":\"AAPL\",\"date\":\"2018-05-11\",\"open\":\"1\",\"high\":2,\"low\":1,\"close\":1,\"volume\":1}",
            "{\"symbol\":\"AAPL\",\"date\":\"+2018-05-11\",\"open\":1,\"high\":2,\"low\":1,\"close\":1,\"volume\":1}",
            "{\"symbol\":\"AAPL\",\"date\":\"2018-02-29\",\"open\":1,\"high\":2,\"low\":1,\"close\":1,\"volume\":1}",
            "{\"symbol\":\"AAPL\",\"date\":\"2018-05-11\",\"open\":1,\"high\":2,\"low\":1,\"close\":1}",
            "{\"symbol\":\"AAPL\",\"date\":\"2018-05-11\",\"open\":1,\"open\":1,\"high\":2,\"low\":1,\"close\":1,\"volume\":1}",
            "{\"symbol\":\"AAPL\",\"date\":\"2018-05-11\",\"open\":1,\"high\":2,\"low\":1,\"close\":1,\"volume\":1} {}",
            "{\"symbol\":\"AAPL\",\"date\":\"2018-05-11\",\"open\":1,\"high\":2,\"low\":1,\"close\":1,\"volume\":null}",
            "{\"symbol\":\"AAPL\",\"date\":\"2018-05-11\",\"open\":1,\"high\":2,\"low\":1,\"close\":1,\"volume\":1,\"splitFactor\":\"NaN\"}",
            "[{\"symbol\":\"AAPL\"}]"})
    void shouldLeaveAnythingButAPlainBarToTheTreePath(String json) {
        assertThat(BarJson.plain(utf8(json))).isNull();
    }

    @Test
    void shouldGiveTheTreePathsErrorsForWhatThePlainPathLeaves() {
        String json = "{\"symbol\":\"AAPL\",\"date\":\"2018-05-11\",\"open\":1,\"open\":1,\"high\":2,\"low\":1,\"close\":1,\"volume\":1}";

        assertMalformed(utf8(json));
        assertThatThrownBy(() -> BarJson.fromBytes(utf8(json))).hasMessageContaining("Duplicate field 'open'");
    }
}
