package io.djangoguard.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.djangoguard.engine.Enforcement;
import io.djangoguard.engine.Engine;
import io.djangoguard.engine.NamespaceProfiles;
import io.djangoguard.engine.Policy;
import io.djangoguard.engine.Profile;
import io.djangoguard.lookup.ClusterLookups;
import io.djangoguard.observe.ReviewRecord;
import io.djangoguard.rules.RuleCatalog;
import io.djangoguard.Manifests;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReview;

/**
 * Rollout modes (global and per namespace) and exemptions (the object's and the namespace's, with and without a
 * reason, naming an unknown or a forbidden rule), as admission answers them: table-driven from
 * {@code src/test/resources/rollout/cases.yaml} over the shop's web Deployment.
 */
class RolloutTest {

    private static final Path DIR = Path.of("src/test/resources/rollout");
    private static final ObjectMapper JSON = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    record Expect(boolean allowed, List<String> message, List<String> warnings, Integer warningCount) {
    }

    record Case(String name, String enforcement, Map<String, String> namespaceLabels, Map<String, String> namespaceAnnotations,
            Map<String, String> objectAnnotations, List<String> forbidden, Expect expect) {
    }

    @TestFactory
    Stream<DynamicTest> cases() throws Exception {
        List<Case> cases = new YAMLMapper().readValue(DIR.resolve("cases.yaml").toFile(), new TypeReference<List<Case>>() { });
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> check(c)));
    }

    private static void check(Case c) throws Exception {
        Enforcement mode = Enforcement.fromId(c.enforcement());
        Policy policy = Policy.defaults().rolledOut(mode, c.forbidden() == null ? Policy.UNEXEMPTABLE : Set.copyOf(c.forbidden()));
        List<ReviewRecord> told = new ArrayList<>();
        AdmissionReviewer reviewer = new AdmissionReviewer(new Engine(policy, RuleCatalog.all()), JSON,
                namespace("shop", c.namespaceLabels(), c.namespaceAnnotations()), told::add);
        HasMetadata web = Manifests.load(DIR.resolve("shop-web.yaml")).get(0);
        if (c.objectAnnotations() != null) {
            Map<String, String> a = new HashMap<>(c.objectAnnotations());
            web.getMetadata().setAnnotations(a);
        }
        AdmissionReview answer = reviewer.review(reviewer.read(Reviews.review("u-1", "CREATE", web, null, false).getBytes()))
                .await().atMost(Duration.ofSeconds(5));
        AdmissionResponse r = answer.getResponse();
        Expect e = c.expect();
        String message = r.getStatus() == null ? "" : r.getStatus().getMessage();
        List<String> warnings = r.getWarnings() == null ? List.of() : r.getWarnings();
        String seen = "\nmessage: " + message + "\nwarnings: " + warnings;
        assertEquals(e.allowed(), r.getAllowed(), "allowed" + seen);
        for (String m : e.message() == null ? List.<String>of() : e.message()) {
            assertTrue(message.contains(m), "the denial should say " + m + seen);
        }
        for (String w : e.warnings() == null ? List.<String>of() : e.warnings()) {
            assertTrue(warnings.stream().anyMatch(x -> x.contains(w)), "a warning should say " + w + seen);
        }
        if (e.warningCount() != null) {
            assertEquals(e.warningCount().intValue(), warnings.size(), "warnings" + seen);
        }
        assertEquals(1, told.size(), "one review told");
        assertEquals(e.allowed(), told.get(0).allowed());
        assertTrue(told.get(0).enforcement() != null, "the record names the mode");
    }

    /** A cluster that knows one namespace's labels and annotations (annotation first, as the informer's copy answers). */
    private static ClusterLookups namespace(String name, Map<String, String> labels, Map<String, String> annotations) {
        NamespaceProfiles namespaces = new NamespaceProfiles() {
            @Override
            public Profile profileOf(String namespace) {
                return null;
            }

            @Override
            public String valueOf(String namespace, String key) {
                if (!name.equals(namespace)) {
                    return null;
                }
                String v = annotations == null ? null : annotations.get(key);
                return v != null || labels == null ? v : labels.get(key);
            }
        };
        return ClusterLookups.knowingNamespaces(namespaces);
    }
}
