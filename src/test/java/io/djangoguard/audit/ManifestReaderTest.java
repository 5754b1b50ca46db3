package io.djangoguard.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;

/**
 * The reader against hostile and awkward input (src/test/resources/audit/hostile/ and awkward/, each file saying
 * why it is there): bombs, recursion and depth are refused naming the limit, the document and the line; anchors
 * and merge keys read to the same objects as before the reader built its trees itself, scalars as kubectl reads
 * them. The corpus of valid YAML kubectl accepts is {@link AwkwardYamlTest}'s.
 */
class ManifestReaderTest {

    static final Path FIXTURES = Path.of("src/test/resources/audit");
    static final ManifestReader READER = new ManifestReader(ManifestReader.Limits.DEFAULTS);

    static final String NODES = "YAML expands beyond 1,000,000 nodes (aliases and merge keys count each time they are used); split the input";
    static final String CHARACTERS = "YAML expands beyond 16,777,216 characters of text (aliases and merge keys count each time they"
            + " are used); split the input";
    static final String DEPTH = "YAML nests deeper than 200 levels (an alias counts at the depth of what it names)";
    static final String RECURSIVE = "an alias names a node that contains it (recursive aliases are refused)";

    // ---- refused

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of("hostile/alias-bomb.yaml", 1, 12, NODES),
                Arguments.of("hostile/merge-key-bomb.yaml", 1, 9, NODES),
                Arguments.of("hostile/text-bomb.yaml", 1, 4, CHARACTERS),
                Arguments.of("hostile/many-documents.yaml", 26, 182, NODES),
                Arguments.of("hostile/recursive-sequence.yaml", 1, 6, RECURSIVE),
                Arguments.of("hostile/recursive-mapping.yaml", 1, 6, RECURSIVE),
                Arguments.of("hostile/recursive-merge.yaml", 1, 6, RECURSIVE),
                Arguments.of("hostile/deep-block.yaml", 1, 2, DEPTH),
                Arguments.of("hostile/deep-flow.yaml", 1, 2, DEPTH),
                Arguments.of("hostile/deep-flow-mapping.yaml", 1, 2, DEPTH),
                Arguments.of("hostile/deep-by-alias.yaml", 1, 3, DEPTH),
                Arguments.of("hostile/deep-json.json", 1, 1, "JSON nests deeper than 200 levels"),
                Arguments.of("hostile/deep-json-objects.json", 1, 1, "JSON nests deeper than 200 levels"),
                Arguments.of("awkward/duplicate-key.yaml", 1, 7, "a mapping has the same key twice"),
                Arguments.of("awkward/duplicate-merge-key.yaml", 1, 8,
                        "a mapping has two merge keys (<<); give one a list of mappings instead"),
                Arguments.of("awkward/merge-of-a-scalar.yaml", 1, 6, "a merge key (<<) takes a mapping or a list of mappings"),
                Arguments.of("awkward/key-is-a-list.yaml", 1, 6,
                        "a mapping key is a list or a mapping; keys must be text, numbers or booleans"),
                Arguments.of("awkward/key-is-null.yaml", 1, 6, "a mapping key is null or empty; keys must be text, numbers or booleans"),
                Arguments.of("awkward/alias-undefined.yaml", 1, 6,
                        "an alias names an anchor that is not defined before it in this document"),
                Arguments.of("awkward/alias-from-another-document.yaml", 2, 10,
                        "an alias names an anchor that is not defined before it in this document"),
                Arguments.of("awkward/tag-does-not-fit.yaml", 1, 5, "the tag !!str does not fit a mapping"),
                Arguments.of("awkward/invalid-int.yaml", 1, 6, "a scalar is not a valid !!int"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void refusedNamingTheProblemTheDocumentAndTheLine(String fixture, int document, int line, String problem) {
        UnreadableManifest e = assertThrows(UnreadableManifest.class, () -> READER.read(text(fixture), fixture));
        assertEquals(fixture + ": document " + document + ", line " + line + ": " + problem, e.getMessage());
        assertEquals(document, e.document());
        assertEquals(line, e.line());
        assertFalse(e.getMessage().contains("SNITCH"), "a value is never quoted: " + e.getMessage());
    }

    /** The issue: a 384 MiB server died on these in 8 to 48 s. Refused at once, with next to no memory. */
    @ParameterizedTest
    @ValueSource(strings = {"hostile/alias-bomb.yaml", "hostile/merge-key-bomb.yaml"})
    void aBombIsRefusedQuicklyAndWithLittleMemory(String fixture) throws Throwable {
        String text = text(fixture);
        assertTrue(text.length() < 1024, "a bomb this small: " + text.length());
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try {
            Future<Long> allocated = thread.submit(() -> {
                long before = threads.getCurrentThreadAllocatedBytes();
                UnreadableManifest e = assertThrows(UnreadableManifest.class, () -> READER.read(text, null));
                assertEquals("document 1, line " + e.line() + ": " + NODES, e.getMessage());
                return threads.getCurrentThreadAllocatedBytes() - before;
            });
            // Generous for a shared machine and a cold JVM; it takes milliseconds when warm.
            long bytes = allocated.get(5, TimeUnit.SECONDS);
            assertTrue(bytes < 64L * 1024 * 1024, "allocated " + bytes + " bytes");
        } catch (TimeoutException e) {
            fail(fixture + " was not refused within 5 s");
        } catch (ExecutionException e) {
            throw e.getCause();
        } finally {
            thread.shutdownNow();
        }
    }

    /** Found by ManifestReaderPropertiesTest: an edited line made the whole document the kind, and the message quoted it. */
    @Test
    void aKindOrNameThatIsNoKubernetesOneIsNotQuotedBack() {
        String secret = "pbS6V/BdzHXFV4K8cVNIXHEJ2veYmHALWAo4vqm/x21";
        for (String yaml : List.of("kind: List:[{\"value\": \"" + secret + "\"}]\n",
                "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: \"" + secret + "\"}\ndata: [1]\n")) {
            UnreadableManifest e = assertThrows(UnreadableManifest.class, () -> READER.read(yaml, "x.yaml"));
            assertFalse(e.getMessage().contains("pbS6V"), e.getMessage());
        }
    }

    @Test
    void theBudgetsAreForTheWholeInputNotEachDocument() throws Exception {
        // Every document of many-documents.yaml fits alone.
        String[] documents = text("hostile/many-documents.yaml").split("\n---\n");
        assertEquals(30, documents.length);
        assertEquals(1, READER.read(documents[29], null).size());
    }

    @Test
    void anInputOverTheCodePointLimitIsRefusedBeforeItIsParsed() {
        ManifestReader small = new ManifestReader(new ManifestReader.Limits(64, 1000, 1000, 10));
        String yaml = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata: {a: \"" + "x".repeat(40) + "\"}\n";
        UnreadableManifest e = assertThrows(UnreadableManifest.class, () -> small.read(yaml, "big.yaml"));
        assertEquals("big.yaml: the input is longer than 64 characters", e.getMessage());
        assertEquals(0, e.document());
        UnreadableManifest json = assertThrows(UnreadableManifest.class, () -> small.read("{\"a\": \"" + "x".repeat(64) + "\"}", null));
        assertEquals("the input is longer than 64 characters", json.getMessage());
    }

    @Test
    void jsonCountsItsNodesOverAllItsDocuments() throws Exception {
        // Each object: itself, 3 keys, 2 scalar values, metadata, its key and its value: 9 nodes.
        String object = "{\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\", \"metadata\": {\"name\": \"x\"}}";
        assertEquals(1, new ManifestReader(new ManifestReader.Limits(1000, 9, 1000, 10)).read(object, null).size());
        UnreadableManifest one = assertThrows(UnreadableManifest.class,
                () -> new ManifestReader(new ManifestReader.Limits(1000, 8, 1000, 10)).read(object, null));
        assertEquals("document 1, line 1: JSON has more than 8 nodes; split the input", one.getMessage());

        String array = "[" + object + ",\n" + object + "]";
        assertEquals(2, new ManifestReader(new ManifestReader.Limits(1000, 18, 1000, 10)).read(array, null).size());
        UnreadableManifest two = assertThrows(UnreadableManifest.class,
                () -> new ManifestReader(new ManifestReader.Limits(1000, 17, 1000, 10)).read(array, null));
        assertEquals("document 2, line 2: JSON has more than 17 nodes; split the input", two.getMessage());
    }

    @Test
    void jsonDepthIsTheSameLimitAsYamls() throws Exception {
        ManifestReader reader = new ManifestReader(new ManifestReader.Limits(1000, 1000, 1000, 3));
        String three = "{\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\", \"metadata\": {\"name\": \"x\", \"labels\": {\"a\": \"b\"}}}";
        assertEquals(1, reader.read(three, null).size());
        UnreadableManifest e = assertThrows(UnreadableManifest.class, () -> reader.read(three.replace("\"b\"", "[\"b\"]"), null));
        assertEquals("document 1, line 1: JSON nests deeper than 3 levels", e.getMessage());
        UnreadableManifest yaml = assertThrows(UnreadableManifest.class,
                () -> reader.read("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  labels:\n    a: [b]\n", null));
        assertEquals("document 1, line 5: YAML nests deeper than 3 levels (an alias counts at the depth of what it names)",
                yaml.getMessage());
    }

    @Test
    void everyFixtureSaysWhyItIsThereAndIsUsed() throws Exception {
        Set<String> used = new TreeSet<>();
        refused().forEach(a -> used.add((String) a.get()[0]));
        used.addAll(READ);
        AwkwardYamlTest.read().forEach(a -> used.add("awkward/" + a.get()[0]));
        AwkwardYamlTest.refusedAsKubectlRefuses().forEach(a -> used.add("awkward/" + a.get()[0]));
        Set<String> present = new TreeSet<>();
        for (String dir : List.of("hostile", "awkward")) {
            try (Stream<Path> files = Files.list(FIXTURES.resolve(dir))) {
                files.forEach(f -> present.add(dir + "/" + f.getFileName()));
            }
        }
        assertEquals(present, used, "every fixture is in a table");
        for (String fixture : present) {
            String text = text(fixture).replace("\uFEFF", "");
            assertTrue(fixture.endsWith(".json") ? text.startsWith("{\"why\": ") : text.startsWith("# "),
                    fixture + " starts by saying why it is there");
        }
    }

    // ---- read, to the same objects as before

    static final List<String> READ = List.of("awkward/chart-anchors.yaml", "awkward/merge-chain.yaml",
            "awkward/merge-key-forms.yaml", "awkward/scalars.yaml", "awkward/unknown-tags.yaml", "awkward/keys.yaml",
            "awkward/documents.yaml", "awkward/byte-order-mark.yaml");

    @Test
    void anchorsAndMergeKeysAsChartsWriteThem() throws Exception {
        Deployment d = (Deployment) only("awkward/chart-anchors.yaml");
        Map<String, String> labels = Map.of("app.kubernetes.io/name", "shop", "app.kubernetes.io/part-of", "store");
        assertEquals(labels, d.getMetadata().getLabels());
        assertEquals(labels, d.getSpec().getSelector().getMatchLabels());
        Map<String, String> podLabels = new LinkedHashMap<>(labels);
        podLabels.put("tier", "web");
        assertEquals(podLabels, d.getSpec().getTemplate().getMetadata().getLabels());
        assertEquals(List.of("tier", "app.kubernetes.io/name", "app.kubernetes.io/part-of"),
                List.copyOf(d.getSpec().getTemplate().getMetadata().getLabels().keySet()), "own keys first, then merged ones");

        List<Container> containers = d.getSpec().getTemplate().getSpec().getContainers();
        assertEquals(List.of("web", "worker", "beat"), containers.stream().map(Container::getName).toList());
        Container web = containers.get(0);
        Container worker = containers.get(1);
        Container beat = containers.get(2);
        List<EnvVar> env = List.of(new EnvVar("DJANGO_DEBUG", "False", null), new EnvVar("DJANGO_ALLOWED_HOSTS", "shop.example.com", null));
        assertEquals(env, web.getEnv());
        assertEquals("shop:1.4", worker.getImage(), "merged from the web container");
        assertEquals(env, worker.getEnv());
        assertEquals(List.of("celery", "-A", "shop", "worker"), worker.getCommand());
        assertEquals(new Quantity("500m"), worker.getResources().getLimits().get("cpu"));
        assertTrue(web.getCommand().isEmpty(), "merging into worker did not change web");
        assertEquals("beat:2", beat.getImage(), "the first mapping of a merge list wins");
        assertEquals(env, beat.getEnv());
        assertEquals(new Quantity("256Mi"), beat.getResources().getLimits().get("memory"));
        assertEquals(new Quantity("100m"), beat.getResources().getRequests().get("cpu"));
        assertTrue(web.getResources().getRequests().isEmpty(), "merging into beat's resources did not change web's");
    }

    @Test
    void aMergedMappingMayItselfMerge() throws Exception {
        ConfigMap c = (ConfigMap) only("awkward/merge-chain.yaml");
        assertEquals(Map.of("k1", "a1", "k2", "b2", "k3", "b3", "k4", "own"), c.getData());
        assertEquals(List.of("k4", "k2", "k3", "k1"), List.copyOf(c.getData().keySet()));
    }

    @Test
    void aQuotedOrTaggedMergeKeyMerges() throws Exception {
        ConfigMap c = (ConfigMap) only("awkward/merge-key-forms.yaml");
        assertEquals(Map.of("a", "from-d", "b", "own"), c.getMetadata().getLabels());
        assertEquals(Map.of("a", "from-d", "c", "own"), c.getMetadata().getAnnotations());
    }

    @Test
    void scalarsKeepTheirMeaning() throws Exception {
        Map<String, Object> fields = ((ConfigMap) only("awkward/scalars.yaml")).getAdditionalProperties();
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("int", 12);
        expected.put("negative", -3);
        expected.put("long", 12345678901L);
        expected.put("big", 1.2345678901234568e29);
        expected.put("float", 1.5);
        expected.put("exponent", 1000.0);
        expected.put("true-value", true);
        expected.put("null-value", null);
        expected.put("empty", null);
        expected.put("tilde", null);
        expected.put("yes-word", true);
        expected.put("on-word", true);
        expected.put("octal-looking", 10);
        expected.put("hex-looking", 31);
        expected.put("quoted-number", "12");
        expected.put("quoted-bool", "true");
        expected.put("env-like", "${HOME}");
        expected.put("explicit-str", "12");
        expected.put("explicit-int", 42);
        expected.put("explicit-float", 7.0);
        expected.put("non-specific", "12");
        expected.put("folded", "a b c\n");
        expected.put("literal", "line1\nline2\n");
        assertEquals(expected, fields);
        // Equal maps could still hold an Integer where a Long was: the types are the point.
        expected.forEach((k, v) -> assertEquals(v == null ? null : v.getClass(), fields.get(k) == null ? null : fields.get(k).getClass(), k));
    }

    @Test
    void unknownTagsAreReadByTheNodesKind() throws Exception {
        ConfigMap c = (ConfigMap) only("awkward/unknown-tags.yaml");
        assertEquals(Map.of("ref", "my-bucket", "when", "2001-12-14"), c.getData());
    }

    @Test
    void numberAndBooleanKeysBecomeTheirText() throws Exception {
        ConfigMap c = (ConfigMap) only("awkward/keys.yaml");
        assertEquals(List.of("1", "1.5", "true", "2"), List.copyOf(c.getData().keySet()));
        assertEquals("one-and-a-half", c.getData().get("1.5"));
        assertEquals("yes", c.getData().get("true"));
    }

    @Test
    void documentsAreNumberedWithTheLineEachObjectStartsOn() throws Exception {
        List<ManifestReader.Document> read = READER.read(text("awkward/documents.yaml"), "documents.yaml");
        List<String> seen = new ArrayList<>();
        for (ManifestReader.Document d : read) {
            seen.add(d.object().getKind() + " " + d.object().getMetadata().getName() + " @" + d.origin().document() + ":" + d.origin().line());
        }
        assertEquals(List.of("ConfigMap first @1:3", "ConfigMap second @4:11", "Secret third @4:11", "ConfigMap fourth @5:19"), seen);
        assertEquals(Map.of("a", "x", "b", "x"), ((ConfigMap) read.get(0).object()).getData());
        assertEquals(Map.of("name", "fourth"), ((ConfigMap) read.get(3).object()).getData());
        assertEquals("documents.yaml", read.get(0).origin().file());
    }

    @Test
    void aByteOrderMarkIsSkipped() throws Exception {
        assertTrue(text("awkward/byte-order-mark.yaml").startsWith("\uFEFF"));
        assertEquals("bom", only("awkward/byte-order-mark.yaml").getMetadata().getName());
    }

    @Test
    void theRealChartsOfTheRepositoryStillRead() throws Exception {
        // The audit fixtures that the endpoint and the command line use, read directly.
        assertEquals(3, READER.read(Files.readString(FIXTURES.resolve("multi-document.yaml")), null).size());
        assertEquals(List.of("ConfigMap", "Deployment"),
                READER.read(Files.readString(FIXTURES.resolve("list.json")), null).stream().map(d -> d.object().getKind()).toList());
    }

    static HasMetadata only(String fixture) throws UnreadableManifest {
        List<ManifestReader.Document> read = READER.read(text(fixture), fixture);
        assertEquals(1, read.size(), fixture);
        return read.get(0).object();
    }

    static String text(String fixture) {
        try {
            return Files.readString(FIXTURES.resolve(fixture), StandardCharsets.UTF_8);
        } catch (Exception e) {
            throw new AssertionError("fixture " + fixture + " cannot be read (is the working directory the project root?)", e);
        }
    }
}
