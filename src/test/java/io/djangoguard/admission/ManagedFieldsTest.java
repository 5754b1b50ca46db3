package io.djangoguard.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.djangoguard.engine.Engine;
import io.djangoguard.engine.Policy;
import io.djangoguard.engine.Profile;
import io.djangoguard.lookup.ClusterLookups;
import io.djangoguard.rules.RuleCatalog;
import io.djangoguard.settings.Aliases;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReview;

/**
 * A review as kubectl apply sends it carries managedFields, often its largest part, which no rule reads: it is left
 * out of what the review binds, and the review is judged the same (DEBUG on is still denied).
 */
class ManagedFieldsTest {

    @Test
    void managedFieldsAreNotBoundAndTheVerdictIsTheSame() throws Exception {
        ObjectMapper mapper = new ObjectMapper().findAndRegisterModules().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        AdmissionReviewer reviewer = new AdmissionReviewer(new Engine(new Policy(Profile.DECLARED, Map.of(), Aliases.defaults(),
                Policy.ONE_YEAR), RuleCatalog.all()), mapper, ClusterLookups.NONE);
        byte[] body = Files.readAllBytes(Path.of("src/test/resources/admission/managed-fields-review.json"));
        AdmissionReview read = reviewer.read(body);
        HasMetadata object = (HasMetadata) read.getRequest().getObject();
        assertTrue(object.getMetadata().getManagedFields() == null || object.getMetadata().getManagedFields().isEmpty(),
                "managedFields is not bound");
        assertFalse(object.getMetadata().getAdditionalProperties().containsKey("managedFields"), "nor kept aside");
        assertEquals("shop", object.getMetadata().getName());
        AdmissionReview answer = reviewer.review(read).await().atMost(Duration.ofSeconds(10));
        assertFalse(answer.getResponse().getAllowed(), "DJANGO_DEBUG=True is still denied");
        assertNotNull(answer.getResponse().getStatus());
        assertTrue(answer.getResponse().getStatus().getMessage().contains("debug-enabled"), answer.getResponse().getStatus().getMessage());
    }
}
