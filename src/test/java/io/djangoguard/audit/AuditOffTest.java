package io.djangoguard.audit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.net.URL;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.djangoguard.admission.AdmissionPaths;
import io.djangoguard.admission.Reviews;
import io.djangoguard.tls.TlsTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/** With django-guard.audit.enabled=false the server only admits: both audit endpoints answer 404. */
@QuarkusTest
@TestProfile(AuditOffTest.Off.class)
@WithTestResource(TlsTestResource.class)
class AuditOffTest {

    public static class Off implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("django-guard.audit.enabled", "false");
        }
    }

    @TestHTTPResource(value = AuditResource.PATH, tls = true)
    URL audit;

    @TestHTTPResource(value = AdmissionPaths.VALIDATE, tls = true)
    URL validate;

    @Test
    void bothAuditEndpointsAreGone() {
        given().contentType("application/yaml").body("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n".getBytes(java.nio.charset.StandardCharsets.UTF_8)).post(audit)
                .then().statusCode(404).contentType(ContentType.JSON)
                .body("error", containsString("django-guard.audit.enabled=false"));
        given().get(audit + "/cluster").then().statusCode(404);
    }

    @Test
    void admissionStillWorks() {
        given().contentType(ContentType.JSON).body(Reviews.create("bad-deployment.yaml")).post(validate).then()
                .statusCode(200).body("response.allowed", equalTo(false));
    }
}
