package io.barcast.bar;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
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
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/**
 * JSON encoding of a {@link Bar}:
 * {@code {"symbol":"AAPL","date":"2018-05-11","open":1.0,"high":2.0,"low":0.5,"close":1.5,"volume":100}}, with an
 * optional {@code "splitFactor"} (the cumulative split factor; absent or null when the feed tells none).
 * Decoding is strict: UTF-8 only, one JSON object, every field present with the right type, and
 * all of {@link BarValidator}'s rules; any failure is an {@link InvalidBarException}.
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
