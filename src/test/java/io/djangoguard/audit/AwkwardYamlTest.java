package io.djangoguard.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.fabric8.kubernetes.api.model.Secret;

/**
 * Valid YAML as charts and editors write it, which kubectl and helm accept (issue 10: "whatever kubectl and helm
 * accept, django-guard must read"): src/test/resources/audit/awkward/, one case a file, each saying what it
 * exercises and what kubectl 1.32 makes of it. Each reads to the objects kubectl reads (kinds and names, in order)
 * with the values kubectl gives.
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
                row("yaml-directive-1.1.yaml", "ConfigMap directive-1-1", 0, "/data/note", "tagged"));
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
}
