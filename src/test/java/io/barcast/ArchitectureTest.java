package io.barcast;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shape of {@code src/main}: every package sits on a layer and uses only packages of lower layers (so there is no
 * package cycle), and no class grows past {@value #MAX_LINES} lines. References are read from the code itself
 * (imports and fully qualified names; comments and string literals left out).
 */
class ArchitectureTest {

    private static final Path MAIN = Path.of("src/main/java/io/barcast");
    private static final int MAX_LINES = 350;

    /** Bottom to top: configuration machinery, the Kafka-free domain, the records, Kafka Streams, the service, the commands. */
    private static final List<List<String>> LAYERS = List.of(
            List.of("config"),
            List.of("bar"),
            List.of("window", "feature", "evaluation", "interval", "quality"),
            List.of("model"),
            List.of("forecast"),
            List.of("backtest"),
            List.of("events"),
            List.of("stream"),
            List.of("metrics"),
            List.of("service"),
            List.of("broker", "replay", "options"),
            List.of("bench"),
            List.of("cli"));

    private static final Pattern REFERENCE = Pattern.compile("\\bio\\.barcast\\.([a-z][a-z0-9]*)\\b");

    @Test
    void shouldPlaceEveryPackageOnALayer() throws IOException {
        TreeSet<String> onLayers = new TreeSet<>();
        LAYERS.forEach(onLayers::addAll);
        assertThat(packages()).as("packages of src/main/java/io/barcast; add a new one to LAYERS").isEqualTo(onLayers);
    }

    @Test
    void shouldOnlyUsePackagesOfLowerLayers() throws IOException {
        List<String> upward = new ArrayList<>();
        for (Map.Entry<Path, String> file : sources().entrySet()) {
            String from = MAIN.relativize(file.getKey()).getName(0).toString();
            Matcher m = REFERENCE.matcher(code(file.getValue()));
            TreeSet<String> to = new TreeSet<>();
            while (m.find()) {
                to.add(m.group(1));
            }
            to.remove(from);
            for (String p : to) {
                if (layer(p) >= layer(from)) {
                    upward.add(MAIN.relativize(file.getKey()) + " (" + from + ", layer " + layer(from) + ") uses " + p
                            + " (layer " + layer(p) + ")");
                }
            }
        }
        assertThat(upward).as("references to a package on the same or a higher layer").isEmpty();
    }

    @Test
    void shouldKeepEveryProductionClassShort() throws IOException {
        List<String> long_ = new ArrayList<>();
        for (Map.Entry<Path, String> file : sources().entrySet()) {
            long lines = file.getValue().lines().count();
            if (lines > MAX_LINES) {
                long_.add(MAIN.relativize(file.getKey()) + ": " + lines + " lines");
            }
        }
        assertThat(long_).as("classes over " + MAX_LINES + " lines: split them by job").isEmpty();
    }

    @Test
    void shouldTagEveryTestThatNeedsABrokerAProcessOrABrowserAsIntegration() throws IOException {
        // mvn -Pfast leaves out @Tag("integration"): a test that starts one of these must carry it
        Pattern heavy = Pattern.compile("\\b(EmbeddedKafka|ServiceProcess|ProcessBuilder|HeadlessChromium|PrometheusProcess|BrokerKit)\\b");
        List<String> untagged = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("src/test/java/io/barcast"))) {
            for (Path f : files.filter(p -> p.toString().endsWith("Test.java")).toList()) {
                String text = Files.readString(f);
                if (heavy.matcher(code(text)).find() && !text.contains("@Tag(\"integration\")")) {
                    untagged.add(f.toString());
                }
            }
        }
        assertThat(untagged).as("tests that start a broker, a JVM, a browser or Prometheus without @Tag(\"integration\")").isEmpty();
    }

    @Test
    void shouldSeeAnUpwardReferenceInCode() {
        // the reader itself: a reference in code counts, one in a comment or a string does not
        String sample = "import io.barcast.cli.Main; // io.barcast.bench\nString s = \"io.barcast.service.X\"; /* io.barcast.stream */";
        Matcher m = REFERENCE.matcher(code(sample));
        List<String> found = new ArrayList<>();
        while (m.find()) {
            found.add(m.group(1));
        }
        assertThat(found).containsExactly("cli");
    }

    private static int layer(String pkg) {
        for (int i = 0; i < LAYERS.size(); i++) {
            if (LAYERS.get(i).contains(pkg)) {
                return i;
            }
        }
        throw new AssertionError("package " + pkg + " is on no layer");
    }

    private static TreeSet<String> packages() throws IOException {
        try (Stream<Path> dirs = Files.list(MAIN)) {
            return dirs.filter(Files::isDirectory).map(d -> d.getFileName().toString())
                    .collect(java.util.stream.Collectors.toCollection(TreeSet::new));
        }
    }

    private static Map<Path, String> sources() throws IOException {
        Map<Path, String> all = new TreeMap<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                all.put(f, Files.readString(f));
            }
        }
        return all;
    }

    /** The text without comments, string and character literals. */
    static String code(String java) {
        StringBuilder out = new StringBuilder(java.length());
        int i = 0;
        int n = java.length();
        while (i < n) {
            char c = java.charAt(i);
            if (c == '/' && i + 1 < n && java.charAt(i + 1) == '/') {
                i = java.indexOf('\n', i);
                i = i < 0 ? n : i;
            } else if (c == '/' && i + 1 < n && java.charAt(i + 1) == '*') {
                int end = java.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
            } else if (c == '"' || c == '\'') {
                int j = i + 1;
                boolean block = c == '"' && java.startsWith("\"\"\"", i);
                if (block) {
                    int end = java.indexOf("\"\"\"", i + 3);
                    i = end < 0 ? n : end + 3;
                    continue;
                }
                while (j < n && java.charAt(j) != c) {
                    j += java.charAt(j) == '\\' ? 2 : 1;
                }
                i = j + 1;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }
}
