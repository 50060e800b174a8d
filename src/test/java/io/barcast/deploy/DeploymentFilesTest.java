package io.barcast.deploy;

import io.barcast.config.ConfigReader;
import io.barcast.service.ServiceConfig;
import io.barcast.service.ServiceKeys;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * Every {@code BARCAST_*} variable that the Dockerfile, the compose file, the Kubernetes manifests and the smoke test
 * set is one the service accepts, with a value it accepts; so is the Kubernetes ConfigMap's properties file.
 */
class DeploymentFilesTest {

    private static final Path DOCKERFILE = Path.of("docker/Dockerfile");
    private static final Path COMPOSE = Path.of("docker/docker-compose.yml");
    private static final Path KUBERNETES = Path.of("docker/kubernetes");
    private static final Path SMOKE_TEST = Path.of("docker/smoke-test.sh");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    /** Stand-ins for what Kubernetes substitutes (the downward API's fields) or a secret holds. */
    private static final Map<String, String> KUBERNETES_VALUES = Map.of("$(POD_NAME)", "barcast-0", "$(NAMESPACE)", "default");

    @Test
    void shouldSetOnlyKeysTheServiceAcceptsInTheDockerfile() throws IOException {
        Map<String, String> env = dockerfileEnv(Files.readString(DOCKERFILE));
        assertThat(env).containsKeys("BARCAST_KAFKA_STATE_DIR", "BARCAST_HTTP_PORT_FILE");
        assertAccepted(DOCKERFILE, env);
    }

    @Test
    void shouldSetOnlyKeysTheServiceAcceptsInTheComposeFile() throws IOException {
        Map<String, String> env = new TreeMap<>();
        collectEnvironment(YAML.readTree(COMPOSE.toFile()), env);
        assertThat(env).containsKey("BARCAST_KAFKA_BOOTSTRAP_SERVERS");
        assertAccepted(COMPOSE, env);
    }

    @Test
    void shouldSetOnlyKeysTheServiceAcceptsInTheKubernetesManifests() throws IOException {
        Map<String, String> env = new TreeMap<>();
        for (JsonNode doc : kubernetesDocuments()) {
            collectContainerEnv(doc, env);
        }
        assertThat(env).containsKeys("BARCAST_KAFKA_GROUP_INSTANCE_ID", "BARCAST_HTTP_ADVERTISED_HOST", "BARCAST_KAFKA_SASL_JAAS_CONFIG");
        assertAccepted(KUBERNETES, env);
    }

    @Test
    void shouldSetOnlyKeysTheServiceAcceptsInTheSmokeTest() throws IOException {
        Map<String, String> env = new TreeMap<>();
        Matcher m = Pattern.compile("-e (BARCAST_[A-Z0-9_]+)=\"?([^\" ]*)").matcher(Files.readString(SMOKE_TEST));
        while (m.find()) {
            env.put(m.group(1), m.group(2).contains("$") ? "1" : m.group(2));
        }
        assertThat(env).containsKey("BARCAST_KAFKA_GROUP_INSTANCE_ID");
        assertAccepted(SMOKE_TEST, env);
    }

    @Test
    void shouldAcceptTheKubernetesConfigMapsProperties() throws IOException {
        List<String> files = new ArrayList<>();
        for (JsonNode doc : kubernetesDocuments()) {
            if (doc.path("kind").asText().equals("ConfigMap")) {
                Properties p = new Properties();
                p.load(new StringReader(doc.path("data").path("application.properties").asText()));
                assertThat(p).as("ConfigMap %s", doc.path("metadata").path("name").asText()).isNotEmpty();
                assertThatCode(() -> ServiceConfig.of(p)).doesNotThrowAnyException();
                files.add(doc.path("metadata").path("name").asText());
            }
        }
        assertThat(files).containsExactly("barcast-config");
    }

    @Test
    void shouldCatchAKeyTheServiceDoesNotKnow() {
        assertThat(problems(Map.of("BARCAST_WINDOW_BARZ", "10", "BARCAST_KAFKA_GROUP_INSTANCE_IDS", "x", "BARCAST_WINDOW_BARS", "250")))
                .containsExactly("BARCAST_KAFKA_GROUP_INSTANCE_IDS: group.instance.ids is not a Kafka property",
                        "BARCAST_WINDOW_BARZ: window.barz is not a Barcast key");
    }

    /** Each variable's problem, in name order; none when the service accepts every one. */
    static List<String> problems(Map<String, String> env) {
        List<String> problems = new ArrayList<>();
        new TreeMap<>(env).forEach((name, value) -> {
            if (name.startsWith("BARCAST_KAFKA_")) {
                String key = key(name.substring("BARCAST_KAFKA_".length()));
                if (!ConfigReader.isKafkaKey(key)) {
                    problems.add(name + ": " + key + " is not a Kafka property");
                }
            } else if (name.startsWith("BARCAST_") && !name.equals("BARCAST_LOG_LEVEL")) {
                String key = key(name.substring("BARCAST_".length()));
                if (ServiceKeys.CATALOG.byName(key) == null) {
                    problems.add(name + ": " + key + " is not a Barcast key");
                }
            }
        });
        return problems;
    }

    private static void assertAccepted(Path file, Map<String, String> env) {
        assertThat(problems(env)).as("BARCAST_* variables of %s", file).isEmpty();
        assertThatCode(() -> ServiceConfig.of(new Properties(), env)).as("values of %s", file).doesNotThrowAnyException();
    }

    private static String key(String envName) {
        return envName.toLowerCase(Locale.ROOT).replace('_', '.');
    }

    /** The variables of the Dockerfile's ENV instructions (KEY=VALUE pairs, lines continued with a backslash). */
    static Map<String, String> dockerfileEnv(String dockerfile) {
        Map<String, String> env = new TreeMap<>();
        String joined = dockerfile.replaceAll("\\\\\\r?\\n", " ");
        for (String line : joined.split("\\r?\\n")) {
            String l = line.strip();
            if (l.startsWith("ENV ")) {
                Matcher m = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(\"[^\"]*\"|\\S*)").matcher(l.substring(4));
                while (m.find()) {
                    env.put(m.group(1), m.group(2).replaceAll("^\"|\"$", ""));
                }
            }
        }
        return env;
    }

    /** Every {@code environment} (a map or a list of NAME=VALUE) anywhere in a compose file. */
    private static void collectEnvironment(JsonNode node, Map<String, String> env) {
        node.fields().forEachRemaining(e -> {
            if (e.getKey().equals("environment")) {
                if (e.getValue().isObject()) {
                    e.getValue().fields().forEachRemaining(v -> env.put(v.getKey(), v.getValue().asText()));
                } else {
                    e.getValue().forEach(v -> {
                        String[] kv = v.asText().split("=", 2);
                        env.put(kv[0], kv.length > 1 ? kv[1] : "");
                    });
                }
            } else if (e.getValue().isContainerNode()) {
                collectEnvironment(e.getValue(), env);
            }
        });
    }

    /** Every container's {@code env} entry; a value from a Secret or the downward API gets a stand-in. */
    private static void collectContainerEnv(JsonNode node, Map<String, String> env) {
        if (node.isObject() && node.has("env") && node.path("env").isArray()) {
            for (JsonNode e : node.path("env")) {
                String value = e.has("value") ? e.path("value").asText() : "from-" + e.path("valueFrom").fieldNames().next();
                for (Map.Entry<String, String> s : KUBERNETES_VALUES.entrySet()) {
                    value = value.replace(s.getKey(), s.getValue());
                }
                env.put(e.path("name").asText(), value);
            }
        }
        node.elements().forEachRemaining(child -> collectContainerEnv(child, env));
    }

    private static List<JsonNode> kubernetesDocuments() throws IOException {
        List<JsonNode> docs = new ArrayList<>();
        try (Stream<Path> files = Files.list(KUBERNETES)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                try (var it = YAML.readerFor(JsonNode.class).<JsonNode>readValues(f.toFile())) {
                    while (it.hasNext()) {
                        JsonNode doc = it.next();
                        if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
                            docs.add(doc);
                        }
                    }
                }
            }
        }
        assertThat(docs).isNotEmpty();
        return docs;
    }
}
