package io.barcast.testing;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The JSON Schemas of the topics' values as the jar ships them ({@code /io/barcast/schemas/<topic>.schema.json}),
 * applied with a maintained validator (networknt json-schema-validator; draft 2020-12, {@code format} asserted, as
 * Barcast asserts dates) the way a careful consumer applies them: the bytes are decoded as strict UTF-8, parsed as
 * exactly one JSON text with unique member names (I-JSON, RFC 7493: a lenient parser would keep the last of two
 * equal names and ignore trailing data), and the value is validated against the schema.
 */
public final class RecordSchemas {

    public static final String BARS = "bars";
    public static final String PREDICTIONS = "predictions";
    public static final String OUTCOMES = "prediction-outcomes";
    public static final String TRAINING_LOSS = "training-loss";
    public static final String REJECTED = "bars-rejected";
    public static final String DATA_QUALITY = "data-quality";
    /** The topics (default names), each the name of its schema file. */
    public static final List<String> TOPICS = List.of(BARS, PREDICTIONS, OUTCOMES, TRAINING_LOSS, REJECTED, DATA_QUALITY);

    /** Where the jar and the class path hold the schemas. */
    public static final String FOLDER = "/io/barcast/schemas/";

    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            b -> b.schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));
    private static final Map<String, Schema> SCHEMAS = new ConcurrentHashMap<>();
    private static final ObjectMapper STRICT = new ObjectMapper(JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** How far a value got: not UTF-8, not one JSON text, valid JSON that the schema refuses, or valid. */
    public enum Stage { NOT_UTF8, NOT_JSON, SCHEMA_INVALID, VALID }

    /** The verdict on one value: its stage and the reasons it went no further (empty when valid). */
    public record Verdict(Stage stage, List<String> errors) {

        public boolean valid() {
            return stage == Stage.VALID;
        }
    }

    private RecordSchemas() {
    }

    /** The class-path resource of a topic's schema. */
    public static String resource(String topic) {
        return FOLDER + topic + ".schema.json";
    }

    /** A schema file's text; fails when it is not on the class path. */
    public static String text(String topic) {
        try (InputStream in = RecordSchemas.class.getResourceAsStream(resource(topic))) {
            if (in == null) {
                throw new IllegalStateException(resource(topic) + " is not on the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A schema file parsed as JSON (to inspect it). */
    public static JsonNode tree(String topic) {
        try {
            return STRICT.readTree(text(topic));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The loaded schema of a topic's values. */
    public static Schema schema(String topic) {
        return SCHEMAS.computeIfAbsent(topic, t -> REGISTRY.getSchema(text(t), InputFormat.JSON));
    }

    /** Decodes, parses and validates one record value (null is a tombstone: no JSON text). */
    public static Verdict check(String topic, byte[] value) {
        if (value == null) {
            return new Verdict(Stage.NOT_JSON, List.of("no value (a tombstone)"));
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(value)).toString();
        } catch (CharacterCodingException e) {
            return new Verdict(Stage.NOT_UTF8, List.of("not UTF-8: " + e));
        }
        JsonNode node;
        try {
            node = STRICT.readTree(text.startsWith("\uFEFF") ? text.substring(1) : text); // a BOM may be ignored (RFC 8259)
        } catch (IOException e) {
            return new Verdict(Stage.NOT_JSON, List.of("not one JSON text: " + firstLine(e.getMessage())));
        }
        if (node == null || node.isMissingNode()) {
            return new Verdict(Stage.NOT_JSON, List.of("no JSON text"));
        }
        List<String> errors = errors(topic, node);
        return new Verdict(errors.isEmpty() ? Stage.VALID : Stage.SCHEMA_INVALID, errors);
    }

    /** The schema's complaints about one record value, including not being UTF-8 JSON; empty when valid. */
    public static List<String> errors(String topic, byte[] value) {
        return check(topic, value).errors();
    }

    /** The schema's complaints about an already parsed value, as "location: message" lines; empty when valid. */
    public static List<String> errors(String topic, JsonNode value) {
        return schema(topic).validate(value).stream().map(RecordSchemas::describe).toList();
    }

    /** The draft 2020-12 meta-schema's complaints about a schema file; empty when it is a valid schema. */
    public static List<String> metaSchemaErrors(String topic) {
        return metaSchemaErrorsOf(text(topic));
    }

    /** The draft 2020-12 meta-schema's complaints about a schema given as text; empty when it is a valid schema. */
    public static List<String> metaSchemaErrorsOf(String schemaText) {
        Schema meta = REGISTRY.getSchema(SchemaLocation.of(SpecificationVersion.DRAFT_2020_12.getDialectId()));
        return meta.validate(schemaText, InputFormat.JSON).stream().map(RecordSchemas::describe).toList();
    }

    private static String describe(Error e) {
        return e.getInstanceLocation() + ": " + e.getMessage();
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
