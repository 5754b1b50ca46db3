package io.djangoguard.lookup;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.djangoguard.admission.AdmissionPaths;
import io.djangoguard.tls.TlsTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;

import io.restassured.http.ContentType;

/**
 * The API server does not answer (nothing listens on its port): a review that needs a ConfigMap
 * is answered once the lookup timeout has passed, as django-guard.cluster.fail-mode says.
 */
@QuarkusTest
@TestProfile(ClusterUnreachableTest.Unreachable.class)
@WithTestResource(TlsTestResource.class)
class ClusterUnreachableTest {

    public static class Unreachable implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.kubernetes-client.api-server-url", "https://127.0.0.1:1",
                    "django-guard.cluster.lookup-timeout", "300ms");
        }
    }

    static final String REVIEW = """
            {"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview", "request": {
              "uid": "down-1", "operation": "CREATE", "namespace": "shop",
              "object": {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "shop", "namespace": "shop"},
                "spec": {"selector": {"matchLabels": {"app": "shop"}}, "template": {"metadata": {"labels": {"app": "shop"}},
                  "spec": {"containers": [{"name": "web", "image": "shop:1",
                    "env": [{"name": "DJANGO_SETTINGS_MODULE", "value": "shop.settings"}],
                    "envFrom": [{"configMapRef": {"name": "shop-settings"}}]}]}}}}}}
            """;

    /** The client gives up well before the API server's own webhook timeout would. */
    static RestAssuredConfig answersWithinSeconds(int seconds) {
        return io.restassured.RestAssured.config().httpClient(HttpClientConfig.httpClientConfig()
                .setParam("http.socket.timeout", seconds * 1000).setParam("http.connection.timeout", seconds * 1000));
    }

    @Test
    void failModeWarnAllowsWithReferenceUnresolved() {
        given().config(answersWithinSeconds(5)).contentType(ContentType.JSON).body(REVIEW)
                .when().post(AdmissionPaths.VALIDATE).then().statusCode(200)
                .body("response.uid", equalTo("down-1"))
                .body("response.allowed", equalTo(true))
                .body("response.warnings", hasItem(containsString("[reference-unresolved] container \"web\": ConfigMap \"shop-settings\" could not be read")));
    }

    @Test
    void objectsWithoutReferencesDoNotWait() {
        String plain = REVIEW.replace(",\n                    \"envFrom\": [{\"configMapRef\": {\"name\": \"shop-settings\"}}]", "");
        given().config(answersWithinSeconds(5)).contentType(ContentType.JSON).body(plain)
                .when().post(AdmissionPaths.VALIDATE).then().statusCode(200).body("response.allowed", equalTo(true));
    }
}
