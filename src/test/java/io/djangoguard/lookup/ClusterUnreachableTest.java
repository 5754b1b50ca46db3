package io.djangoguard.lookup;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

import java.time.Duration;
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

    /** A review that waited on the caches and gave up must not make them look loaded (it once did). */
    @Test
    void readinessSaysWhatIsTrueAfterAReviewWaited() {
        given().config(answersWithinSeconds(5)).contentType(ContentType.JSON).body(REVIEW)
                .when().post(AdmissionPaths.VALIDATE).then().statusCode(200).body("response.allowed", equalTo(true));
        given().when().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == 'cluster-caches' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'cluster-caches' }.data.state", anyOf(equalTo("unreachable"), equalTo("loading")))
                .body("checks.find { it.name == 'cluster-caches' }.data.since", notNullValue());
        // Once the informers' first attempt has failed (at once: nothing listens), it says so, and why.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().when().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'cluster-caches' }.data.state", equalTo("unreachable"))
                .body("checks.find { it.name == 'cluster-caches' }.data.reason", containsString("Connection refused")));
    }

    @Test
    void objectsWithoutReferencesDoNotWait() {
        String plain = REVIEW.replace(",\n                    \"envFrom\": [{\"configMapRef\": {\"name\": \"shop-settings\"}}]", "");
        given().config(answersWithinSeconds(5)).contentType(ContentType.JSON).body(plain)
                .when().post(AdmissionPaths.VALIDATE).then().statusCode(200).body("response.allowed", equalTo(true));
    }
}
