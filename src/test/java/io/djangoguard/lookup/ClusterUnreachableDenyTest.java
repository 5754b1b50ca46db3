package io.djangoguard.lookup;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.djangoguard.admission.AdmissionPaths;
import io.djangoguard.tls.TlsTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/** django-guard.cluster.fail-mode=deny: what cannot be checked for want of the API is refused. */
@QuarkusTest
@TestProfile(ClusterUnreachableDenyTest.FailClosed.class)
@WithTestResource(TlsTestResource.class)
class ClusterUnreachableDenyTest {

    public static class FailClosed implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> m = new HashMap<>(new ClusterUnreachableTest.Unreachable().getConfigOverrides());
            m.put("django-guard.cluster.fail-mode", "deny");
            return m;
        }
    }

    @Test
    void failModeDenyRefuses() {
        given().config(ClusterUnreachableTest.answersWithinSeconds(5)).contentType(ContentType.JSON)
                .body(ClusterUnreachableTest.REVIEW).when().post(AdmissionPaths.VALIDATE).then().statusCode(200)
                .body("response.allowed", equalTo(false))
                .body("response.status.message", containsString(
                        "[reference-unresolved] container \"web\": ConfigMap \"shop-settings\" (spec.template.spec.containers[0].envFrom[0]) could not be read: the Kubernetes API did not answer within 300 ms"));
    }
}
