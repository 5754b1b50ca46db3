package io.djangoguard.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;

import io.djangoguard.engine.Profile;
import io.djangoguard.properties.ReviewBodies.ReviewCase;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Issue 8: whatever AdmissionReview arrives, well-formed or spoilt, the reviewer either refuses
 * it with a {@link io.djangoguard.admission.BadReview} that says clearly what is wrong, or answers
 * with the request's uid. Nothing else comes out: no exception, no error.
 */
class AdmissionReviewPropertiesTest {

    @Provide
    Arbitrary<ReviewCase> reviews() {
        return ReviewBodies.reviews();
    }

    @Provide
    static Arbitrary<Doors.Policy> policies() {
        return Combinators.combine(Arbitraries.of(Profile.values()), Arbitraries.of(true, false), Arbitraries.of(true, false))
                .as(Doors.Policy::new);
    }

    @Property(tries = 1000)
    void answersWithTheRequestsUidOrRefusesClearly(@ForAll("reviews") ReviewCase review, @ForAll("policies") Doors.Policy policy)
            throws Exception {
        Doors.Reviewed r;
        try (LogCapture logs = LogCapture.start()) {
            r = Doors.review(Doors.reviewer(policy, review.cluster()), review.body());
            assertFalse(logs.text().contains("\tat "), "a stack trace was logged: " + Trees.shortened(logs.text(), 3000));
        }
        if (r.refusal() != null) {
            assertFalse(review.wellFormed(), "a well-formed review was refused: " + r.refusal());
            assertClear(r.refusal());
            Statistics.label("outcome").collect("refused (BadReview)");
            return;
        }
        String uid = r.read().getRequest().getUid();
        assertEquals(uid, r.answer().getResponse().getUid(), "the answer's uid");
        if (review.wellFormed()) {
            assertEquals(review.uid(), uid, "the uid read from a well-formed review");
        }
        JsonNode answer = Doors.MAPPER.readTree(r.answerJson());
        assertEquals("admission.k8s.io/v1", answer.path("apiVersion").asText());
        assertEquals("AdmissionReview", answer.path("kind").asText());
        assertEquals(uid, answer.path("response").path("uid").asText(null), "response.uid in the answer's JSON");
        JsonNode allowed = answer.path("response").path("allowed");
        assertTrue(allowed.isBoolean(), "response.allowed is true or false: " + r.answerJson());
        if (!allowed.asBoolean()) {
            assertEquals(403, answer.path("response").path("status").path("code").asInt(), "a denial's status.code");
            assertFalse(answer.path("response").path("status").path("message").asText("").isBlank(), "a denial's message");
        }
        Statistics.label("outcome").collect(allowed.asBoolean() ? "allowed" : "denied");
        Statistics.label("well-formed").collect(review.wellFormed());
    }

    /** One line that says what is wrong: not empty, no stack trace, short enough to read in kubectl's output. */
    static void assertClear(String message) {
        assertTrue(message != null && !message.isBlank(), "a refusal without a message");
        assertFalse(message.contains("\n") || message.contains("\tat "), "a refusal of more than one line: " + message);
        assertTrue(message.length() <= 300, "a refusal of " + message.length() + " characters: " + message);
        assertFalse(message.contains("Exception") || message.contains("com.fasterxml") || message.contains("io.fabric8"),
                "a refusal that shows the implementation: " + message);
    }
}
