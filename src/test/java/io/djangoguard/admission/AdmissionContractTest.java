package io.djangoguard.admission;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.djangoguard.tls.TlsTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/** The AdmissionReview contract, over real HTTPS, as the API server sees it. */
@QuarkusTest
@WithTestResource(TlsTestResource.class)
class AdmissionContractTest {

    @TestHTTPResource(value = AdmissionPaths.VALIDATE, tls = true)
    URL validate;

    @BeforeAll
    static void trustTheSelfSignedCertificate() {
        RestAssured.useRelaxedHTTPSValidation();
    }

    private ValidatableResponse post(String body) {
        assertEquals("https", validate.getProtocol());
        return given().contentType(ContentType.JSON).body(body).when().post(validate).then();
    }

    @Test
    void deniesABadDeploymentWithOneLinePerFindingAndItsWarnings() {
        String uid = "7d3b6e0c-1111-4c1e-9a53-000000000001";
        ValidatableResponse r = post(Reviews.review(uid, "CREATE", Reviews.manifest("bad-deployment.yaml"), null, false))
                .statusCode(200).contentType(ContentType.JSON)
                .body("apiVersion", equalTo("admission.k8s.io/v1"))
                .body("kind", equalTo("AdmissionReview"))
                .body("response.uid", equalTo(uid))
                .body("response.allowed", equalTo(false))
                .body("response.status.code", equalTo(403))
                .body("response.status.message", startsWith(
                        "Deployment shop/shop breaks Django's deployment checklist (django-guard, profile declared, enforcement enforce):\n"))
                .body("response.status.message", containsString(
                        "\n[debug-enabled] (security.W018) container \"web\": DEBUG is true (env DJANGO_DEBUG = \"True\"); fix: set DJANGO_DEBUG to \"False\" in production"))
                .body("response.status.message", containsString("\n[allowed-hosts-wildcard] container \"web\": "))
                .body("response.status.message", containsString("\n[secret-key-inline] container \"web\": "))
                .body("response.status.message", containsString("\nand warns:\n[hsts-disabled] (security.W004) container \"web\": "))
                .body("response.warnings", hasItem("[hsts-disabled] (security.W004) container \"web\": SECURE_HSTS_SECONDS is 0 (HSTS off)"));
        String message = r.extract().path("response.status.message");
        long lines = message.lines().filter(l -> l.startsWith("[")).count();
        assertEquals(4, lines, "debug, wildcard, inline key and the HSTS warning, one line each:\n" + message);
    }

    @Test
    void allowsAGoodDeploymentWithoutStatusOrWarnings() {
        post(Reviews.create("good-deployment.yaml")).statusCode(200)
                .body("response.allowed", equalTo(true))
                .body("response.status", nullValue())
                .body("response.warnings", nullValue());
    }

    @Test
    void warnOnlyFindingsAllowWithShortWarnings() {
        post(Reviews.create("warn-only-deployment.yaml")).statusCode(200)
                .body("response.allowed", equalTo(true))
                .body("response.status", nullValue())
                .body("response.warnings", hasSize(3))
                .body("response.warnings", everyItem(startsWith("[")))
                .body("response.warnings.collect { it.length() }", everyItem(lessThan(120)))
                .body("response.warnings", hasItem(startsWith("[hsts-too-short] container ")));
    }

    @Test
    void aNodeAppWithDebugIsNotDjango() {
        post(Reviews.create("node-app.yaml")).statusCode(200).body("response.allowed", equalTo(true))
                .body("response.warnings", nullValue());
    }

    @Test
    void kindsThatAreNotJudgedAreAllowed() {
        post(Reviews.create("service.yaml")).statusCode(200).body("response.allowed", equalTo(true));
    }

    @Test
    void aDjangoConfigMapIsJudgedByItsData() {
        post(Reviews.create("django-configmap.yaml")).statusCode(200)
                .body("response.allowed", equalTo(false))
                .body("response.status.message", containsString("[debug-enabled] (security.W018) ConfigMap \"shop-settings\": DEBUG is true"))
                .body("response.status.message", containsString("[secret-key-in-configmap] ConfigMap \"shop-settings\": "));
    }

    @Test
    void theProfileAnnotationSwitchesToDjangosDefaults() {
        post(Reviews.create("strict-pod.yaml")).statusCode(200)
                .body("response.allowed", equalTo(false))
                .body("response.status.message", containsString("(django-guard, profile strict, enforcement enforce)"))
                .body("response.status.message", containsString("[session-cookie-insecure] (security.W012) container \"web\": SESSION_COOKIE_SECURE is false (not set; Django's default)"))
                .body("response.status.message", containsString("[runserver-in-production] container \"web\": runs the development server (runserver)"))
                .body("response.status.message", not(containsString("[secret-key-weak]")));
    }

    @Test
    void dryRunIsJudgedLikeAnyOtherRequest() {
        String body = Reviews.review("dry-1", "CREATE", Reviews.manifest("bad-deployment.yaml"), null, true);
        post(body).statusCode(200).body("response.uid", equalTo("dry-1")).body("response.allowed", equalTo(false));
    }

    @Test
    void updatesAreJudged() {
        String body = Reviews.review("upd-1", "UPDATE", Reviews.manifest("bad-deployment.yaml"),
                Reviews.manifest("good-deployment.yaml"), false);
        post(body).statusCode(200).body("response.allowed", equalTo(false));
    }

    @Test
    void deleteAndConnectAreAllowedAtOnce() {
        for (String op : List.of("DELETE", "CONNECT")) {
            String body = Reviews.review("op-" + op, op, null, Reviews.manifest("bad-deployment.yaml"), false);
            post(body).statusCode(200).body("response.uid", equalTo("op-" + op)).body("response.allowed", equalTo(true))
                    .body("response.status", nullValue());
        }
    }

    @Test
    void badBodiesAre400WithAJsonError() {
        List<String> bodies = List.of(
                "",
                "this is not json",
                "{\"apiVersion\": \"admission.k8s.io/v1\", \"kind\": \"AdmissionReview\", \"request\": {",
                "[1, 2, 3]",
                "null",
                "{\"apiVersion\": \"admission.k8s.io/v1beta1\", \"kind\": \"AdmissionReview\", \"request\": {\"uid\": \"x\"}}",
                "{\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\"}",
                "{\"apiVersion\": \"admission.k8s.io/v1\", \"kind\": \"AdmissionReview\"}",
                "{\"apiVersion\": \"admission.k8s.io/v1\", \"kind\": \"AdmissionReview\", \"request\": {\"operation\": \"CREATE\"}}",
                "{\"apiVersion\": \"admission.k8s.io/v1\", \"kind\": \"AdmissionReview\", \"request\": {\"uid\": \"u\", \"object\": 42}}");
        for (String body : bodies) {
            given().contentType(ContentType.JSON).body(body).when().post(validate).then()
                    .statusCode(400).contentType(ContentType.JSON)
                    .body("status", equalTo(400))
                    .body("error", notNullValue())
                    .body("error", not(containsString("Exception")))
                    .body("error", not(containsString("\tat ")));
        }
        given().contentType(ContentType.JSON).body("{\"apiVersion\": \"admission.k8s.io/v1beta1\", \"kind\": \"AdmissionReview\"}")
                .when().post(validate).then().statusCode(400)
                .body("error", containsString("expected apiVersion admission.k8s.io/v1"));
    }

    @Test
    void theWebhookIsNotServedOverPlainHttp() throws Exception {
        URL plain = new URL("http", validate.getHost(), validate.getPort(), validate.getPath());
        try {
            given().contentType(ContentType.JSON).body(Reviews.create("good-deployment.yaml")).when().post(plain)
                    .then().statusCode(not(200));
        } catch (Exception refused) {
            assertTrue(true, "a plain HTTP connection to the TLS port is refused");
        }
    }
}
