package io.djangoguard.admission;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertFalse;

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

/** A secret key's value never comes back: not in a denial, a warning, nor an error about a bad body. */
@QuarkusTest
@WithTestResource(TlsTestResource.class)
class SecretsNeverEchoedTest {

    /** The key the fixtures carry, and pieces of it long enough to give it away. */
    static final String SECRET = "tZ8#q-UNMISTAKABLE-SECRET-VALUE-b9f2c41d7e05a3-kP0w!xR6yLm2vN4";
    static final List<String> PIECES = List.of(SECRET, "UNMISTAKABLE", "b9f2c41d7e05a3", "kP0w!xR6yLm2vN4");

    @TestHTTPResource(value = AdmissionPaths.VALIDATE, tls = true)
    URL validate;

    @BeforeAll
    static void trust() {
        RestAssured.useRelaxedHTTPSValidation();
    }

    @Test
    void notInDenialsOrWarnings() {
        for (String manifest : List.of("bad-deployment.yaml", "django-configmap.yaml")) {
            assertNoSecret(given().contentType(ContentType.JSON).body(Reviews.create(manifest)).post(validate).asString());
        }
    }

    @Test
    void notInTheErrorForABrokenBody() {
        List<String> bodies = List.of(
                SECRET,
                "{\"apiVersion\": \"admission.k8s.io/v1\", \"kind\": \"AdmissionReview\", \"request\": {\"uid\": \"u\", \"object\": " + SECRET + "}}",
                "{\"apiVersion\": \"" + SECRET + "\", \"kind\": \"AdmissionReview\"}",
                "{\"apiVersion\": \"admission.k8s.io/v1\", \"kind\": \"AdmissionReview\", \"request\": {\"uid\": \"u\", \"object\": {\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\", \"data\": [\"" + SECRET + "\"]}}}");
        for (String body : bodies) {
            assertNoSecret(given().contentType(ContentType.JSON).body(body).post(validate).then().statusCode(400)
                    .extract().asString());
        }
    }

    static void assertNoSecret(String response) {
        for (String piece : PIECES) {
            assertFalse(response.contains(piece), "the response gives away the secret key (" + piece + "): " + response);
        }
    }
}
