package io.djangoguard.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.fabric8.kubernetes.api.model.Secret;

/**
 * Valid YAML as charts and editors write it, which kubectl and helm accept (issue 10: "whatever kubectl and helm
 * accept, django-guard must read"): src/test/resources/audit/awkward/, one case a file, each saying what it
 * exercises and what kubectl 1.32 makes of it. Each reads to the objects kubectl reads (kinds and names, in order)
 * with the values kubectl gives; where kubectl's YAML 1.1 reading makes a value the API server refuses, the file
 * is refused naming the object, the value's path and its line.
 */
class AwkwardYamlTest {

    static final ObjectMapper JSON = new ObjectMapper();

    /** fixture | the objects read, in order | which object | a JSON pointer into it | the value kubectl gives there */
    static Stream<Arguments> read() {
        return Stream.of(
                row("block-scalar-empty-before-separator.yaml", "ConfigMap a, ConfigMap after", 0, "/data/users.acl", ""),
                row("block-scalar-empty-at-end.yaml", "ConfigMap last", 0, "/data/empty", ""),
                row("block-scalar-empty-before-key.yaml", "Deployment web", 0, "/metadata/annotations", Map.of("note", "", "other", "kept")),
                row("block-scalar-empty-before-key.yaml", "Deployment web", 0, "/spec/template/spec/containers/0/env/0/value", ""),
                row("block-scalar-empty-before-key.yaml", "Deployment web", 0, "/spec/replicas", 2),
                row("block-scalar-indicators.yaml", "ConfigMap indicators", 0, "/data", Map.of("clip", "a\nb\n", "keep", "a\nb\n\n\n",
                        "strip", "a\nb", "folded", "a b\n", "folded-strip", "a b", "folded-keep", "a b\n\n\n",
                        "indented", "  indented\nx\n", "strip-indent", "  one", "folded-indent", " folded more\nnext\n")),
                row("documents-only-comments.yaml", "ConfigMap one, ConfigMap two", 1, "/metadata/name", "two"),
                row("separator-comments.yaml", "ConfigMap first, ConfigMap second", 0, "/data/a", "x"),
                row("separator-with-content.yaml", "ConfigMap flow, ConfigMap tagged", 0, "/data/k", "v"),
                row("document-end-markers.yaml", "ConfigMap first, ConfigMap second", 1, "/data/k", "..."),
                row("byte-order-mark.yaml", "ConfigMap bom", 0, "/metadata/name", "bom"),
                row("crlf-line-ends.yaml", "ConfigMap crlf, ConfigMap second", 0, "/data", Map.of("block", "l1\nl2\n", "quoted", "a b")),
                row("tabs-in-scalars.yaml", "ConfigMap tabs", 0, "/data", Map.of("plain", "a\tb", "quoted", "x\ty", "escaped", "x\ty",
                        "block", "x\tindented\n", "commented", "value")),
                row("anchors-across-list-items.yaml", "ConfigMap shop-settings, Deployment shop, Service shop", 1,
                        "/spec/template/metadata/labels", Map.of("app", "shop", "tier", "web")),
                row("anchors-across-list-items.yaml", "ConfigMap shop-settings, Deployment shop, Service shop", 2,
                        "/metadata/labels", Map.of("app", "shop", "tier", "web", "role", "frontend")),
                row("long-line.yaml", "Secret blob", 0, "/data/short", "eA=="),
                row("quoted-keys.yaml", "ConfigMap quoted", 0, "/data", Map.of("DJANGO_SETTINGS_MODULE", "shop.settings", "a:b", "colon",
                        "with space", "space", "hash#key", "hash", "-dash", "dash", "explicit", "question")),
                row("multi-line-plain.yaml", "ConfigMap folded", 0, "/data", Map.of("plain", "a long value over three lines",
                        "paragraph", "one\ntwo", "double", "joined without a space")),
                row("flow-spanning-lines.yaml", "Deployment flow", 0, "/spec/template/spec/containers/0/args", List.of("--bind", "0.0.0.0:8000")),
                row("flow-spanning-lines.yaml", "Deployment flow", 0, "/spec/template/spec/containers/1/name", "worker"),
                row("yaml-directive-1.2.yaml", "ConfigMap directive-1-2", 0, "/data/DEBUG", "yes"),
                row("yaml-directive-1.1.yaml", "ConfigMap directive-1-1", 0, "/data/note", "tagged"),
                row("yaml11-keys.yaml", "ConfigMap yaml11-keys", 0, "/data", Map.of("true", "switch", "false", "norway",
                        "1000", "thousand", "31", "hex", "493", "octal", "1500", "float")),
                row("yaml11-keys.yaml", "ConfigMap yaml11-keys", 0, "/metadata/annotations/true", "axis"),
                row("yaml11-typed-values.yaml", "Deployment yaml11", 0, "/spec/replicas", 10),
                row("yaml11-typed-values.yaml", "Deployment yaml11", 0, "/spec/template/spec/terminationGracePeriodSeconds", 30L),
                row("yaml11-typed-values.yaml", "Deployment yaml11", 0, "/spec/template/spec/volumes/0/configMap/defaultMode", 420),
                row("yaml11-typed-values.yaml", "Deployment yaml11", 0, "/spec/template/spec/containers/0/securityContext",
                        Map.of("privileged", true, "readOnlyRootFilesystem", false)),
                row("yaml11-typed-values.yaml", "Deployment yaml11", 0, "/spec/template/spec/containers/0/env",
                        List.of(Map.of("name", "DJANGO_DEBUG", "value", "yes"), Map.of("name", "UMASK", "value", "0755"))));
    }

    static Arguments row(String fixture, String objects, int index, String pointer, Object value) {
        return Arguments.of(fixture, objects, index, pointer, value);
    }

    @ParameterizedTest(name = "{0} {3}")
    @MethodSource("read")
    void readsWhatKubectlReads(String fixture, String objects, int index, String pointer, Object value) throws Exception {
        List<ManifestReader.Document> read = ManifestReaderTest.READER.read(ManifestReaderTest.text("awkward/" + fixture), fixture);
        assertEquals(objects, String.join(", ", read.stream()
                .map(d -> d.object().getKind() + " " + d.object().getMetadata().getName()).toList()));
        JsonNode found = JSON.valueToTree(read.get(index).object()).at(pointer);
        assertEquals(JSON.valueToTree(value), found, pointer);
    }

    @Test
    void aLineOf200KilobytesIsReadWhole() throws Exception {
        String text = ManifestReaderTest.text("awkward/long-line.yaml");
        assertTrue(text.length() > 200_000, "the fixture holds its long line: " + text.length());
        Secret blob = (Secret) ManifestReaderTest.only("awkward/long-line.yaml");
        assertEquals(200_000, blob.getData().get("keystore.p12").length());
        assertEquals(150_000, Base64.getDecoder().decode(blob.getData().get("keystore.p12")).length);
    }

    static final String BOOLEAN = " is a boolean where the API takes text (unquoted yes, no, on, off, y, n, true and false are"
            + " booleans to kubectl, as in YAML 1.1), which the API server refuses; quote the value";
    static final String NUMBER = " is a number where the API takes text (unquoted 8000, 0755, 0x1F, 1_000 and 1e3 are numbers to"
            + " kubectl), which the API server refuses; quote the value";

    /** fixture | document | line of the value | the problem: what kubectl and the API server refuse, refused alike. */
    static Stream<Arguments> refusedAsKubectlRefuses() {
        return Stream.of(
                Arguments.of("refused-configmap-data-yes.yaml", 1, 9, "ConfigMap \"settings\": data.DJANGO_DEBUG" + BOOLEAN),
                Arguments.of("refused-env-value-on.yaml", 1, 19,
                        "Deployment \"web\": spec.template.spec.containers[0].env[1].value" + BOOLEAN),
                Arguments.of("refused-configmap-data-octal.yaml", 1, 14, "ConfigMap \"modes\": data.UMASK" + NUMBER),
                Arguments.of("refused-quoted-number.yaml", 1, 13, "Pod \"quoted\": spec.volumes[0].configMap.defaultMode is quoted text"
                        + " where the API takes a number, which the API server refuses; write it without quotes"),
                Arguments.of("refused-infinity.yaml", 1, 7,
                        "a number is infinite or not a number (.inf, .nan), which JSON cannot hold; kubectl refuses it too"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedAsKubectlRefuses")
    void refusedWhereKubectlOrTheApiServerRefuses(String fixture, int document, int line, String problem) {
        UnreadableManifest e = assertThrows(UnreadableManifest.class,
                () -> ManifestReaderTest.READER.read(ManifestReaderTest.text("awkward/" + fixture), fixture));
        assertEquals(fixture + ": document " + document + ", line " + line + ": " + problem, e.getMessage());
    }

    /** Go's encoding/json converts no scalar into another (kubectl set env --local -f gives each of these refusals). */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            hostNetwork: 1      | spec.hostNetwork is a number where the API takes true or false (unquoted 8000, 0755, 0x1F, 1_000 and 1e3 are numbers to kubectl), which the API server refuses; write true or false
            hostNetwork: "true" | spec.hostNetwork is quoted text where the API takes true or false, which the API server refuses; write it without quotes
            priority: yes       | spec.priority is a boolean where the API takes a number (unquoted yes, no, on, off, y, n, true and false are booleans to kubectl, as in YAML 1.1), which the API server refuses; write a number
            priority: "5"       | spec.priority is quoted text where the API takes a number, which the API server refuses; write it without quotes
            """)
    void aScalarOfAnotherKindIsRefused(String field, String problem) {
        String yaml = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: w, image: x}]\n  " + field + "\n";
        UnreadableManifest e = assertThrows(UnreadableManifest.class, () -> ManifestReaderTest.READER.read(yaml, "pod.yaml"));
        assertEquals("pod.yaml: document 1, line 6: Pod \"p\": " + problem, e.getMessage());
    }

    @Test
    void aRefusalNamesTheKeyButNeverTheValueNorAKeyLongEnoughToBeOne() {
        String secret = "k".repeat(50);
        String yaml = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata:\n  DJANGO_SECRET_KEY: 12345\n  " + secret + ": true\n";
        UnreadableManifest number = assertThrows(UnreadableManifest.class, () -> ManifestReaderTest.READER.read(yaml, null));
        assertEquals("document 1, line 5: ConfigMap \"c\": data.DJANGO_SECRET_KEY" + NUMBER, number.getMessage());
        UnreadableManifest longKey = assertThrows(UnreadableManifest.class,
                () -> ManifestReaderTest.READER.read(yaml.replace("12345", "'12345'"), null));
        assertEquals("document 1, line 6: ConfigMap \"c\": data[...]" + BOOLEAN, longKey.getMessage());
        assertFalse(number.getMessage().contains("12345") || longKey.getMessage().contains(secret));
    }

    @Test
    void jsonIsHeldToTheSameTypesAtItsDocumentsLine() {
        String json = "[{\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\", \"metadata\": {\"name\": \"a\"}},\n"
                + " {\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\", \"metadata\": {\"name\": \"b\"}, \"data\": {\"DEBUG\": true}}]";
        UnreadableManifest e = assertThrows(UnreadableManifest.class, () -> ManifestReaderTest.READER.read(json, "list.json"));
        assertEquals("list.json: document 2, line 2: ConfigMap \"b\": data.DEBUG" + BOOLEAN, e.getMessage());
    }
}
