package io.barcast.testing;

import io.barcast.bar.Bar;
import io.barcast.bar.BarJson;
import io.barcast.bar.RejectReason;

import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bad-input corpus ({@code src/test/resources/bad-input/corpus.json}, its format in its "description"), resolved
 * to the key and value bytes that are sent. Stateful cases refer to real bars ("SPX[i]", "AAPL[i]") of the series
 * the caller gives.
 */
public final class BadInputCorpus {

    public static final String RESOURCE = "/bad-input/corpus.json";
    static final Pattern BAR_REF = Pattern.compile("(SPX|AAPL)\\[(\\d+)]");

    private BadInputCorpus() {
    }

    /**
     * One case of the corpus, resolved to the bytes that are sent.
     *
     * @param reason     the expected dead-letter reason, or null when the record must not be rejected
     * @param behaviour  REJECTED, DUPLICATE_IGNORED or CORRECTION_REPREDICTED
     * @param afterSymbol for a stateful case, the symbol of the valid bar it is sent right after (else null)
     * @param afterIndex for a stateful case, the index of that bar (else -1)
     */
    public record Case(String name, byte[] key, byte[] value, String reason, String behaviour, String afterSymbol, int afterIndex) {

        public boolean stateful() {
            return afterSymbol != null;
        }

        public boolean rejected() {
            return reason != null;
        }
    }

    /**
     * Loads the corpus; {@code {"bar": "SYM[i]"}} values are the i-th bar of {@code bars.get(SYM)}, and every
     * stateful case must come after a bar below {@code barCount}.
     */
    public static List<Case> load(Map<String, List<Bar>> bars, int barCount) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        JsonNode root;
        try (InputStream in = BadInputCorpus.class.getResourceAsStream(RESOURCE)) {
            assertThat(in).as("bad-input/corpus.json on the test class path").isNotNull();
            root = mapper.readTree(in);
        }
        List<Case> cases = new ArrayList<>();
        for (JsonNode c : root.get("cases")) {
            String name = c.get("name").asText();
            String reason = c.hasNonNull("reason") ? c.get("reason").asText() : null;
            if (reason != null) {
                RejectReason.valueOf(reason); // fails on a typo
            }
            String behaviour = c.hasNonNull("behaviour") ? c.get("behaviour").asText() : "REJECTED";
            String afterSymbol = null;
            int afterIndex = -1;
            if (c.hasNonNull("after")) {
                Matcher m = BAR_REF.matcher(c.get("after").asText());
                assertThat(m.matches()).as(name + ": after").isTrue();
                afterSymbol = m.group(1);
                afterIndex = Integer.parseInt(m.group(2));
                assertThat(afterIndex).as(name + ": after").isLessThan(barCount);
            }
            cases.add(new Case(name, value(mapper, bars, name, c.get("key")), value(mapper, bars, name, c.get("value")),
                    reason, behaviour, afterSymbol, afterIndex));
        }
        return cases;
    }

    /** null, "base64:..." or a string sent as UTF-8. */
    private static byte[] bytes(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        String s = node.asText();
        return s.startsWith("base64:") ? Base64.getDecoder().decode(s.substring("base64:".length()))
                : s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] value(ObjectMapper mapper, Map<String, List<Bar>> bars, String name, JsonNode node) throws IOException {
        if (node == null || node.isNull() || node.isTextual()) {
            return bytes(node);
        }
        if (node.has("repeat")) {
            String text = node.path("prefix").asText("") + node.get("repeat").asText().repeat(node.get("times").asInt())
                    + node.path("suffix").asText("");
            return text.getBytes(StandardCharsets.UTF_8);
        }
        if (node.has("bar")) {
            Matcher m = BAR_REF.matcher(node.get("bar").asText());
            assertThat(m.matches()).as(name + ": bar").isTrue();
            Bar bar = bars.get(m.group(1)).get(Integer.parseInt(m.group(2)));
            ObjectNode o = (ObjectNode) mapper.readTree(BarJson.toBytes(bar));
            node.path("set").properties().forEach(e -> o.set(e.getKey(), e.getValue()));
            node.path("scale").properties().forEach(e -> o.put(e.getKey(), o.get(e.getKey()).asDouble() * e.getValue().asDouble()));
            node.path("plus").properties().forEach(e -> o.put(e.getKey(), o.get(e.getKey()).asDouble() + e.getValue().asDouble()));
            if ("pretty-reordered".equals(node.path("format").asText())) {
                List<String> names = new ArrayList<>();
                o.fieldNames().forEachRemaining(names::add);
                ObjectNode reordered = mapper.createObjectNode();
                for (int i = names.size() - 1; i >= 0; i--) {
                    reordered.set(names.get(i), o.get(names.get(i)));
                }
                return mapper.writer(new DefaultPrettyPrinter()).writeValueAsBytes(reordered);
            }
            return mapper.writeValueAsBytes(o);
        }
        throw new IllegalArgumentException(name + ": unknown value spec " + node);
    }
}
