package io.barcast.bar;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/**
 * JSON encoding of a {@link Bar}:
 * {@code {"symbol":"AAPL","date":"2018-05-11","open":1.0,"high":2.0,"low":0.5,"close":1.5,"volume":100}}, with an
 * optional {@code "splitFactor"} (the cumulative split factor; absent or null when the feed tells none).
 * Decoding is strict: UTF-8 only, one JSON object, every field present with the right type, and
 * all of {@link BarValidator}'s rules; any failure is an {@link InvalidBarException}.
 *
 * <p>A plain bar (printable ASCII, each known field once with its type, a {@code yyyy-MM-dd} date) is read in one pass
 * of Jackson's streaming parser ({@link #plain}); anything else, valid or not, takes the tree path ({@link #strict}),
 * which gives every error its reason. Both give the same bar for the same bytes ({@code BarJsonTest}).
 */
public final class BarJson {

    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER) // correctly rounded, as Double.parseDouble
            .build())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private BarJson() {
    }

    public static byte[] toBytes(Bar bar) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("symbol", bar.symbol());
        node.put("date", bar.date().toString());
        node.put("open", bar.open());
        node.put("high", bar.high());
        node.put("low", bar.low());
        node.put("close", bar.close());
        node.put("volume", bar.volume());
        if (bar.tellsSplitFactor()) {
            node.put("splitFactor", bar.splitFactor());
        }
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode bar " + bar, e);
        }
    }

    /** Decodes and validates one bar; never returns null. */
    public static Bar fromBytes(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            throw new InvalidBarException(RejectReason.MALFORMED_JSON, null, null, "value is empty");
        }
        Bar bar = plain(bytes);
        return bar != null ? bar : strict(bytes);
    }

    /** Fields of {@link #plain}, one bit each. */
    private static final int SYMBOL = 1;
    private static final int DATE = 2;
    private static final int OPEN = 4;
    private static final int HIGH = 8;
    private static final int LOW = 16;
    private static final int CLOSE = 32;
    private static final int VOLUME = 64;
    private static final int REQUIRED = 127;
    private static final int SPLIT_FACTOR = 128;

    /**
     * The bar in one streaming pass, or null for anything but a plain bar: a byte outside printable ASCII (so no BOM
     * and no other encoding to detect), a field missing, repeated (the parser's duplicate detection) or of another type,
     * a date not written {@code yyyy-MM-dd} or not a day, trailing tokens, malformed JSON. Other fields are skipped, as
     * the tree path ignores them.
     */
    static Bar plain(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0x20 && b != '\t' && b != '\n' && b != '\r' || b == 0x7f) { // negative: not ASCII
                return null;
            }
        }
        String symbol = null;
        LocalDate date = null;
        double open = 0;
        double high = 0;
        double low = 0;
        double close = 0;
        double volume = 0;
        double splitFactor = Double.NaN;
        int seen = 0;
        try (JsonParser p = MAPPER.getFactory().createParser(bytes)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                int field = switch (name) {
                    case "symbol" -> SYMBOL;
                    case "date" -> DATE;
                    case "open" -> OPEN;
                    case "high" -> HIGH;
                    case "low" -> LOW;
                    case "close" -> CLOSE;
                    case "volume" -> VOLUME;
                    case "splitFactor" -> SPLIT_FACTOR;
                    default -> 0;
                };
                if (field == 0) {
                    p.skipChildren();
                    continue;
                }
                seen |= field;
                if (field == SYMBOL || field == DATE) {
                    if (v != JsonToken.VALUE_STRING) {
                        return null;
                    }
                    if (field == SYMBOL) {
                        symbol = p.getText();
                    } else if ((date = isoDate(p.getText())) == null) {
                        return null;
                    }
                    continue;
                }
                if (field == SPLIT_FACTOR && v == JsonToken.VALUE_NULL) {
                    continue;
                }
                if (!v.isNumeric()) {
                    return null;
                }
                double x = p.getDoubleValue();
                switch (field) {
                    case OPEN -> open = x;
                    case HIGH -> high = x;
                    case LOW -> low = x;
                    case CLOSE -> close = x;
                    case VOLUME -> volume = x;
                    default -> splitFactor = x;
                }
            }
            if (t != JsonToken.END_OBJECT || p.nextToken() != null || (seen & REQUIRED) != REQUIRED) {
                return null;
            }
        } catch (IOException | RuntimeException e) {
            return null; // the tree path names the error
        }
        return new Bar(symbol, date, open, high, low, close, volume, splitFactor);
    }

    /** {@code yyyy-MM-dd} with a valid day, as {@code LocalDate.parse} reads it; null for anything else. */
    private static LocalDate isoDate(String s) {
        if (s.length() != 10 || s.charAt(4) != '-' || s.charAt(7) != '-') {
            return null;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 7);
        int day = digits(s, 8, 10);
        if (year < 0 || month < 0 || day < 0) {
            return null;
        }
        try {
            return LocalDate.of(year, month, day);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** The decimal number of {@code s[from, to)}, or -1 when a character is not an ASCII digit. */
    private static int digits(String s, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /** Decodes and validates one bar through a tree, naming whatever is wrong. */
    static Bar strict(byte[] bytes) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new InvalidBarException(RejectReason.MALFORMED_JSON, null, null, "value is not valid UTF-8");
        }
        JsonNode node;
        try {
            // Parse the decoded text, not the bytes: Jackson would otherwise auto-detect UTF-16/32.
            node = MAPPER.readTree(text.startsWith("\uFEFF") ? text.substring(1) : text);
        } catch (IOException e) {
            throw new InvalidBarException(RejectReason.MALFORMED_JSON, null, null,
                    "value is not valid JSON: " + firstLine(e.getMessage()));
        }
        if (node == null || !node.isObject()) {
            throw new InvalidBarException(RejectReason.MALFORMED_JSON, null, null,
                    "value is not a JSON object" + (node == null ? "" : " but " + node.getNodeType()));
        }
        String symbol = text(node, "symbol");
        String dateText = text(node, "date");
        LocalDate date;
        try {
            date = LocalDate.parse(dateText);
        } catch (DateTimeParseException e) {
            throw new InvalidBarException(RejectReason.INVALID_DATE, "date", dateText,
                    "date \"" + dateText + "\" is not an ISO-8601 date (yyyy-MM-dd)");
        }
        JsonNode factor = node.get("splitFactor");
        return new Bar(symbol, date,
                number(node, "open"), number(node, "high"), number(node, "low"), number(node, "close"),
                number(node, "volume"), factor == null || factor.isNull() ? Double.NaN : splitFactor(number(node, "splitFactor")));
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw new InvalidBarException(RejectReason.MISSING_FIELD, field, null, field + " is missing");
        }
        if (!v.isTextual()) {
            throw new InvalidBarException(RejectReason.WRONG_TYPE, field, abbreviate(v.toString()),
                    field + " must be a string, got " + v.getNodeType() + " " + abbreviate(v.toString()));
        }
        return v.textValue();
    }

    /**
     * A number field. JSON has no NaN/Infinity literals, so the strings "NaN", "Infinity" and
     * "-Infinity" are read as those values in order to reject them with the precise reason.
     */
    private static double number(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw new InvalidBarException(RejectReason.MISSING_FIELD, field, null, field + " is missing");
        }
        if (v.isNumber()) {
            return v.doubleValue();
        }
        if (v.isTextual()) {
            switch (v.textValue()) {
                case "NaN":
                    return Double.NaN;
                case "Infinity":
                case "+Infinity":
                    return Double.POSITIVE_INFINITY;
                case "-Infinity":
                    return Double.NEGATIVE_INFINITY;
                default:
                    break;
            }
        }
        throw new InvalidBarException(RejectReason.WRONG_TYPE, field, abbreviate(v.toString()),
                field + " must be a number, got " + v.getNodeType() + " " + abbreviate(v.toString()));
    }

    /** A split factor read as NaN ("NaN") is a wrong value, not an absent one. */
    private static double splitFactor(double v) {
        if (Double.isNaN(v)) {
            throw new InvalidBarException(RejectReason.INVALID_SPLIT_FACTOR, "splitFactor", "NaN",
                    "splitFactor NaN must be a finite number > 0 (or absent)");
        }
        return v;
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
