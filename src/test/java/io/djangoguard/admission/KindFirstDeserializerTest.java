package io.djangoguard.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.djangoguard.engine.Engine;
import io.djangoguard.engine.Policy;
import io.djangoguard.engine.Profile;
import io.djangoguard.lookup.ClusterLookups;
import io.djangoguard.rules.RuleCatalog;
import io.djangoguard.settings.Aliases;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReview;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.runtime.RawExtension;

/**
 * A review's objects, read in one pass, are bound exactly as fabric8's tree-then-bind reading binds them: for every
 * object of the real-world corpus and the admission fixtures, with kind and apiVersion first (as the API server writes
 * them), last and in the middle, and for the objects fabric8 reads its own way (no kind, an unknown kind, arrays).
 */
class KindFirstDeserializerTest {

    private static final ObjectMapper JSON = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final AdmissionReviewer REVIEWER = new AdmissionReviewer(new Engine(new Policy(Profile.DECLARED, Map.of(),
            Aliases.defaults(), Policy.ONE_YEAR), RuleCatalog.all()), JSON, ClusterLookups.NONE);
    /** fabric8's own reading, with the same managedFields mix-in, as the reference. */
    private static final ObjectMapper FABRIC8 = JSON.copy()
            .setDefaultSetterInfo(com.fasterxml.jackson.annotation.JsonSetter.Value.forContentNulls(
                    com.fasterxml.jackson.annotation.Nulls.SKIP))
            .addMixIn(io.fabric8.kubernetes.api.model.ObjectMeta.class, WithoutManagedFields.class);

    @com.fasterxml.jackson.annotation.JsonIgnoreProperties({"managedFields"})
    private abstract static class WithoutManagedFields {
    }

    static Stream<Arguments> corpusObjects() throws IOException {
        List<Arguments> objects = new ArrayList<>();
        YAMLMapper yaml = new YAMLMapper(new YAMLFactory());
        List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(Path.of("src/test/resources/realworld"))) {
            walk.filter(f -> f.toString().endsWith("manifests.yaml")).sorted().forEach(files::add);
        }
        try (Stream<Path> walk = Files.list(Path.of("src/test/resources/admission"))) {
            walk.filter(f -> f.toString().endsWith(".yaml")).sorted().forEach(files::add);
        }
        for (Path file : files) {
            Iterator<JsonNode> docs = yaml.readerFor(JsonNode.class).readValues(file.toFile());
            int i = 0;
            while (docs.hasNext()) {
                JsonNode doc = docs.next();
                if (doc instanceof ObjectNode o && o.has("kind")) {
                    objects.add(Arguments.of(file.getParent().getFileName() + "/" + file.getFileName() + "#" + i, o));
                }
                i++;
            }
        }
        return objects.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpusObjects")
    void bindsAsFabric8DoesWhateverTheFieldOrder(String where, ObjectNode object) throws Exception {
        for (ObjectNode ordered : List.of(kindFirst(object), kindLast(object), kindInTheMiddle(object))) {
            assertEquals(outcome(() -> fabric8(ordered)), outcome(() -> onePass(ordered)), where + " with fields " + names(ordered));
        }
    }

    @Test
    void readsTheAdmittedObjectTypedWhenKindAndApiVersionComeFirst() throws Exception {
        ObjectNode object = (ObjectNode) JSON.readTree("{\"kind\":\"Deployment\",\"apiVersion\":\"apps/v1\","
                + "\"metadata\":{\"name\":\"web\"},\"spec\":{\"replicas\":2}}");
        long before = KindFirstDeserializer.STREAMED.sum();
        Deployment read = assertInstanceOf(Deployment.class, onePass(object));
        assertTrue(KindFirstDeserializer.STREAMED.sum() - before >= 2, "object and oldObject bound in one pass, not by fabric8's tree");
        assertEquals("web", read.getMetadata().getName());
        assertEquals(2, read.getSpec().getReplicas());
    }

    @Test
    void leavesWhatFabric8ReadsItsOwnWayToFabric8() throws Exception {
        String[] objects = {
            "{\"metadata\":{\"name\":\"no-kind\"},\"data\":{\"a\":\"b\"}}",
            "{\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"kind-only-later\"},\"kind\":\"ConfigMap\"}",
            "{\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"no-api-version\"}}",
            "{\"apiVersion\":\"example.com/v1\",\"kind\":\"Widget\",\"metadata\":{\"name\":\"unknown-kind\"},\"spec\":{\"x\":[1,{}]}}",
            "{\"apiVersion\":1,\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"api-version-not-a-string\"}}",
            "[{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"in-an-array\"}}]",
            "{}",
            "null",
        };
        for (String object : objects) {
            JsonNode node = JSON.readTree(object);
            assertEquals(outcome(() -> fabric8(node)), outcome(() -> onePass(node)), object);
        }
        assertInstanceOf(GenericKubernetesResource.class, onePass(JSON.readTree(objects[3])));
        assertInstanceOf(ConfigMap.class, onePass(JSON.readTree(objects[1])));
        assertInstanceOf(RawExtension.class, onePass(JSON.readTree(objects[0])));
        assertInstanceOf(KubernetesList.class, onePass(JSON.readTree(objects[5])));
        assertNull(onePass(JSON.readTree("null")));
    }

    @Test
    void aTruncatedObjectIsABadReviewAsBefore() {
        String body = "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":{\"uid\":\"u\","
                + "\"operation\":\"CREATE\",\"object\":{\"kind\":\"Deployment\",\"apiVersion\":\"apps/v1\",\"metadata\":{\"na";
        BadReview bad = assertThrows(BadReview.class, () -> REVIEWER.read(body.getBytes()));
        assertTrue(bad.getMessage().startsWith("the request body is not an AdmissionReview in JSON"), bad.getMessage());
    }

    /** What the reviewer binds as request.object and request.oldObject (both must read alike); DELETE, so that read() does not ask for a HasMetadata. */
    private static Object onePass(JsonNode object) throws Exception {
        AdmissionReview read = REVIEWER.read(JSON.writeValueAsBytes(review(object)));
        assertEquals(JSON.writeValueAsString(read.getRequest().getObject()), JSON.writeValueAsString(read.getRequest().getOldObject()),
                "object and oldObject");
        return read.getRequest().getObject();
    }

    interface Read {
        Object get() throws Exception;
    }

    /** The class and JSON of what was bound (not every fabric8 class has equals), or that it could not be read. */
    private static String outcome(Read read) throws Exception {
        Object bound;
        try {
            bound = read.get();
        } catch (BadReview | com.fasterxml.jackson.core.JsonProcessingException e) {
            return "not readable";
        }
        return bound == null ? "null" : bound.getClass().getName() + " " + JSON.writeValueAsString(bound);
    }

    private static Object fabric8(JsonNode object) throws Exception {
        return FABRIC8.readValue(JSON.writeValueAsBytes(review(object)), AdmissionReview.class).getRequest().getObject();
    }

    private static ObjectNode review(JsonNode object) {
        ObjectNode review = JSON.createObjectNode().put("apiVersion", "admission.k8s.io/v1").put("kind", "AdmissionReview");
        ObjectNode request = review.putObject("request").put("uid", "u-1").put("operation", "DELETE").put("namespace", "shop");
        request.set("object", object);
        request.set("oldObject", object);
        return review;
    }

    private static ObjectNode kindFirst(ObjectNode o) {
        return reordered(o, List.of("kind", "apiVersion"), List.of());
    }

    private static ObjectNode kindLast(ObjectNode o) {
        return reordered(o, List.of(), List.of("apiVersion", "kind"));
    }

    private static ObjectNode kindInTheMiddle(ObjectNode o) {
        return reordered(o, List.of("kind", "metadata"), List.of("apiVersion"));
    }

    private static ObjectNode reordered(ObjectNode o, List<String> first, List<String> last) {
        ObjectNode copy = JSON.createObjectNode();
        first.stream().filter(o::has).forEach(f -> copy.set(f, o.get(f)));
        o.fieldNames().forEachRemaining(f -> {
            if (!first.contains(f) && !last.contains(f)) {
                copy.set(f, o.get(f));
            }
        });
        last.stream().filter(o::has).forEach(f -> copy.set(f, o.get(f)));
        return copy;
    }

    private static List<String> names(ObjectNode o) {
        List<String> names = new ArrayList<>();
        o.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
