package io.djangoguard.config;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.djangoguard.admission.AdmissionPaths;
import io.djangoguard.tls.TlsTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/** Severity, aliases, the default profile and the HSTS minimum all come from django-guard.* configuration. */
@QuarkusTest
@TestProfile(ConfiguredPolicyTest.Operator.class)
@WithTestResource(TlsTestResource.class)
class ConfiguredPolicyTest {

    public static class Operator implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "django-guard.profile", "strict",
                    "django-guard.severity.debug-enabled", "warn",
                    "django-guard.severity.allowed-hosts-wildcard", "off",
                    "django-guard.severity.hsts-disabled", "deny",
                    "django-guard.aliases.secret-key", "APP_SECRET_KEY",
                    "django-guard.hsts-min-seconds", "63072000");
        }
    }

    private static final String DEPLOYMENT = """
            {"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview", "request": {
              "uid": "cfg-1", "operation": "CREATE", "namespace": "shop",
              "object": {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "shop"},
                "spec": {"selector": {"matchLabels": {"app": "shop"}}, "template": {"metadata": {"labels": {"app": "shop"}},
                  "spec": {"containers": [{"name": "web", "image": "shop:1", "env": [
                    {"name": "DJANGO_DEBUG", "value": "True"},
                    {"name": "DJANGO_ALLOWED_HOSTS", "value": "*"},
                    {"name": "DJANGO_SECRET_KEY", "value": "changeme"},
                    {"name": "APP_SECRET_KEY", "valueFrom": {"secretKeyRef": {"name": "shop", "key": "key"}}},
                    {"name": "DJANGO_SECURE_HSTS_SECONDS", "value": "31536000"}]}]}}}}}}
            """;

    @Test
    void configurationDecidesSeverityNamesProfileAndHstsMinimum() {
        given().contentType(ContentType.JSON).body(DEPLOYMENT).when().post(AdmissionPaths.VALIDATE).then()
                .statusCode(200)
                .body("response.allowed", equalTo(false))
                .body("response.status.message", containsString("(django-guard, profile strict, enforcement enforce)"))
                // strict by configuration: Django's default for SESSION_COOKIE_SECURE applies
                .body("response.status.message", containsString("[session-cookie-insecure] (security.W012)"))
                // warn instead of deny
                .body("response.warnings", hasItem(containsString("[debug-enabled] (security.W018)")))
                .body("response.status.message", not(containsString("[allowed-hosts-wildcard]")))
                // the key is read from APP_SECRET_KEY (a Secret), so DJANGO_SECRET_KEY is not the key
                .body("response.status.message", not(containsString("[secret-key-inline]")))
                .body("response.status.message", not(containsString("[secret-key-weak]")))
                .body("response.warnings", hasItem(containsString("[hsts-too-short] container \"web\": SECURE_HSTS_SECONDS is 31536000, under 63072000")));
    }
}
