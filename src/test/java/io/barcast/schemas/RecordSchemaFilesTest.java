package io.barcast.schemas;

import io.barcast.bar.Bar;
import io.barcast.events.DataQualityEvent;
import io.barcast.events.OutcomeEvent;
import io.barcast.events.PredictionEvent;
import io.barcast.events.RejectedBar;
import io.barcast.events.TrainingLossEvent;
import io.barcast.testing.RecordSchemas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

import java.lang.reflect.RecordComponent;
import java.net.URL;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.barcast.testing.RecordSchemas.BARS;
import static io.barcast.testing.RecordSchemas.DATA_QUALITY;
import static io.barcast.testing.RecordSchemas.OUTCOMES;
import static io.barcast.testing.RecordSchemas.PREDICTIONS;
import static io.barcast.testing.RecordSchemas.REJECTED;
import static io.barcast.testing.RecordSchemas.TOPICS;
import static io.barcast.testing.RecordSchemas.TRAINING_LOSS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The schema files themselves: shipped with the main classes at the documented path, valid draft 2020-12 schemas
 * using no keyword outside it, every field described and typed, in step with the record classes that write the
 * values (every field of v1 required, a field added later optional), and enforcing what they say (their own examples pass; without a required field or with a mistyped one
 * they fail; with an added field they pass, which is the compatibility rule).
 */
class RecordSchemaFilesTest {

    static final String DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema";

    /** The record classes whose components are the fields of each topic's values. */
    static final Map<String, Class<? extends Record>> RECORDS = Map.of(BARS, Bar.class, PREDICTIONS, PredictionEvent.class,
            OUTCOMES, OutcomeEvent.class, TRAINING_LOSS, TrainingLossEvent.class, REJECTED, RejectedBar.class,
            DATA_QUALITY, DataQualityEvent.class);

    /**
     * Per topic, the fields added after v1 of the schemas: they are in the record class and in "properties", never in
     * "required" (records of earlier v1 versions lack them).
     */
    static final Map<String, Set<String>> ADDED_AFTER_V1 = Map.of(BARS, Set.of("splitFactor"),
            PREDICTIONS, Set.of("dataQuality", "targetDate", "valueAtRisk975", "valueAtRisk99", "expectedShortfall975", "probabilityUp",
                    "volatilityMembers", "volatilityWeights"),
            OUTCOMES, Set.of("adjustment", "countedInRunning", "dataQuality", "valueAtRisk975", "valueAtRisk99",
                    "expectedShortfall975", "var975Exception", "var99Exception", "varBacktest", "baselZone"));

    /** Every keyword of draft 2020-12 (core, applicator, unevaluated, validation, meta-data, format, content). */
    static final Set<String> KEYWORDS = Set.of("$schema", "$id", "$ref", "$anchor", "$dynamicRef", "$dynamicAnchor",
            "$vocabulary", "$comment", "$defs", "allOf", "anyOf", "oneOf", "not", "if", "then", "else",
            "dependentSchemas", "prefixItems", "items", "contains", "properties", "patternProperties",
            "additionalProperties", "propertyNames", "unevaluatedItems", "unevaluatedProperties", "type", "const", "enum",
            "multipleOf", "maximum", "exclusiveMaximum", "minimum", "exclusiveMinimum", "maxLength", "minLength",
            "pattern", "maxItems", "minItems", "uniqueItems", "maxContains", "minContains", "maxProperties",
            "minProperties", "required", "dependentRequired", "title", "description", "default", "deprecated",
            "readOnly", "writeOnly", "examples", "format", "contentEncoding", "contentMediaType", "contentSchema");
    /** Keywords whose value is a map of names to schemas. */
    static final Set<String> SCHEMA_MAPS = Set.of("$defs", "properties", "patternProperties", "dependentSchemas");
    /** Keywords whose value is a schema. */
    static final Set<String> SCHEMAS = Set.of("not", "if", "then", "else", "items", "contains", "additionalProperties",
            "propertyNames", "unevaluatedItems", "unevaluatedProperties", "contentSchema");
    /** Keywords whose value is an array of schemas. */
    static final Set<String> SCHEMA_ARRAYS = Set.of("allOf", "anyOf", "oneOf", "prefixItems");

    @Test
    void shouldShipEverySchemaWithTheMainClassesAtTheDocumentedResourcePath() {
        for (String topic : TOPICS) {
            URL url = RecordSchemas.class.getResource("/io/barcast/schemas/" + topic + ".schema.json");
            assertThat(url).as(topic + " schema on the class path").isNotNull();
            // From target/classes (src/main/resources, packaged into barcast.jar), not from the test resources.
            assertThat(url.toString()).as(topic).contains("/classes/io/barcast/schemas/").doesNotContain("test-classes");
        }
    }

    @Test
    void shouldBeValidDraft202012SchemasWithDistinctVersionedIds() {
        Set<String> ids = new HashSet<>();
        for (String topic : TOPICS) {
            JsonNode schema = RecordSchemas.tree(topic);
            assertThat(schema.get("$schema").asText()).as(topic).isEqualTo(DRAFT_2020_12);
            assertThat(RecordSchemas.metaSchemaErrors(topic)).as(topic + " against the 2020-12 meta-schema").isEmpty();
            assertThat(schema.get("$id").asText()).as(topic).isEqualTo("urn:barcast:schema:" + topic + ":v1");
            assertThat(ids.add(schema.get("$id").asText())).isTrue();
            assertThat(RecordSchemas.schema(topic)).as(topic + " loads").isNotNull();
        }
        // The meta-schema check has teeth: a mistyped "type" and a "required" that is not an array are refused.
        assertThat(RecordSchemas.metaSchemaErrorsOf("{\"$schema\":\"" + DRAFT_2020_12 + "\",\"type\":\"strnig\"}")).isNotEmpty();
        assertThat(RecordSchemas.metaSchemaErrorsOf("{\"$schema\":\"" + DRAFT_2020_12 + "\",\"required\":\"symbol\"}")).isNotEmpty();
    }

    @Test
    void shouldUseOnlyDraft202012KeywordsAndDescribeAndTypeEveryField() {
        List<String> problems = new ArrayList<>();
        for (String topic : TOPICS) {
            JsonNode schema = RecordSchemas.tree(topic);
            walk(schema, topic, problems);
            if (!schema.get("description").asText().contains("records only gain fields")
                    || !schema.get("description").asText().contains("tolerate fields they do not know")) {
                problems.add(topic + ": the description does not state the compatibility rule");
            }
            if (!schema.get("title").asText().contains("(topic " + topic + ")")) {
                problems.add(topic + ": the title does not name the topic");
            }
            for (JsonNode field : properties(schema, schema)) {
                if (!field.has("type") && !field.has("enum")) {
                    problems.add(topic + ": a field without a type: " + field);
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void shouldListEveryFieldOfTheRecordClassesAndRequireThoseOfV1() {
        SoftAssertions soft = new SoftAssertions();
        for (String topic : TOPICS) {
            JsonNode schema = RecordSchemas.tree(topic);
            List<String> fields = names(RECORDS.get(topic));
            soft.assertThat(names(schema.get("properties"))).as(topic + " properties").containsExactlyInAnyOrderElementsOf(fields);
            Set<String> later = ADDED_AFTER_V1.getOrDefault(topic, Set.of());
            soft.assertThat(texts(schema.get("required"))).as(topic + ": every field of v1 is required, later ones are not")
                    .containsExactlyInAnyOrderElementsOf(fields.stream().filter(f -> !later.contains(f)).toList());
        }
        for (Map.Entry<String, Class<? extends Record>> band : Map.of(PREDICTIONS, PredictionEvent.Band.class,
                OUTCOMES, OutcomeEvent.BandOutcome.class).entrySet()) {
            JsonNode items = RecordSchemas.tree(band.getKey()).get("properties").get("intervals").get("items");
            soft.assertThat(names(items.get("properties"))).as(band.getKey() + " intervals")
                    .containsExactlyInAnyOrderElementsOf(names(band.getValue()));
            soft.assertThat(texts(items.get("required"))).as(band.getKey() + " intervals required")
                    .containsExactlyInAnyOrderElementsOf(names(band.getValue()));
        }
        JsonNode var = RecordSchemas.tree(OUTCOMES).get("properties").get("varBacktest").get("items");
        soft.assertThat(names(var.get("properties"))).as("varBacktest").containsExactlyInAnyOrderElementsOf(names(OutcomeEvent.VarFigures.class));
        soft.assertThat(texts(var.get("required"))).as("varBacktest required").containsExactlyInAnyOrderElementsOf(names(OutcomeEvent.VarFigures.class));
        soft.assertAll();
    }

    @Test
    void shouldAcceptItsExamplesAndAddedFieldsButNotAMissingOrMistypedField() {
        SoftAssertions soft = new SoftAssertions();
        for (String topic : TOPICS) {
            JsonNode examples = RecordSchemas.tree(topic).get("examples");
            soft.assertThat(examples).as(topic + " examples").isNotEmpty();
            for (JsonNode example : examples) {
                soft.assertThat(RecordSchemas.errors(topic, example)).as(topic + " example").isEmpty();

                ObjectNode added = example.deepCopy();
                added.put("aFieldAddedLater", "tolerated");
                soft.assertThat(RecordSchemas.errors(topic, added)).as(topic + ": an added field is tolerated").isEmpty();

                for (String field : texts(RecordSchemas.tree(topic).get("required"))) {
                    ObjectNode without = example.deepCopy();
                    without.remove(field);
                    soft.assertThat(RecordSchemas.errors(topic, without)).as(topic + " without " + field)
                            .anySatisfy(e -> assertThat(e).contains(field));
                    ObjectNode mistyped = example.deepCopy();
                    mistyped.set(field, JsonNodeFactory.instance.objectNode());
                    soft.assertThat(RecordSchemas.errors(topic, mistyped)).as(topic + " with an object as " + field)
                            .anySatisfy(e -> assertThat(e).startsWith("/" + field));
                }
            }
        }
        soft.assertAll();
    }

    // ---- helpers ----

    /** Checks every keyword of a schema and of its subschemas, and that every property has a description. */
    private static void walk(JsonNode schema, String where, List<String> problems) {
        if (schema.isBoolean()) {
            return;
        }
        if (!schema.isObject()) {
            problems.add(where + " is not a schema");
            return;
        }
        schema.properties().forEach(e -> {
            String keyword = e.getKey();
            JsonNode value = e.getValue();
            if (!KEYWORDS.contains(keyword)) {
                problems.add(where + ": " + keyword + " is not a keyword of draft 2020-12");
            }
            if (SCHEMA_MAPS.contains(keyword)) {
                value.properties().forEach(p -> {
                    if (keyword.equals("properties") && p.getValue().path("description").asText().isBlank()) {
                        problems.add(where + "/properties/" + p.getKey() + " has no description");
                    }
                    walk(p.getValue(), where + "/" + keyword + "/" + p.getKey(), problems);
                });
            } else if (SCHEMAS.contains(keyword)) {
                walk(value, where + "/" + keyword, problems);
            } else if (SCHEMA_ARRAYS.contains(keyword)) {
                for (int i = 0; i < value.size(); i++) {
                    walk(value.get(i), where + "/" + keyword + "/" + i, problems);
                }
            }
        });
        if (isObject(schema.path("type"))
                && !(schema.path("additionalProperties").isBoolean() && schema.get("additionalProperties").asBoolean())) {
            problems.add(where + ": additionalProperties is not true (consumers must tolerate added fields)");
        }
    }

    /** Whether a {@code type} is "object" or a list of types with "object" in it (a nullable object). */
    private static boolean isObject(JsonNode type) {
        if (type.isArray()) {
            for (JsonNode t : type) {
                if (t.asText().equals("object")) {
                    return true;
                }
            }
            return false;
        }
        return type.asText().equals("object");
    }

    /** The property schemas of a schema and of its arrays' items, with $refs resolved within the file. */
    private static List<JsonNode> properties(JsonNode root, JsonNode schema) {
        List<JsonNode> out = new ArrayList<>();
        schema.path("properties").properties().forEach(p -> {
            JsonNode field = p.getValue();
            out.add(field.has("$ref") ? root.at(field.get("$ref").asText().substring(1)) : field);
            out.addAll(properties(root, field.path("items")));
        });
        return out;
    }

    private static List<String> names(Class<? extends Record> type) {
        return Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName).toList();
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(t -> texts.add(t.asText()));
        return texts;
    }
}
