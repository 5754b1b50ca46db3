package io.djangoguard.audit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import jakarta.inject.Inject;

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

/** With django-guard.audit.port the audit has a listener of its own, and admission is not served there. */
@QuarkusTest
@TestProfile(AuditPortTest.OwnPort.class)
@WithTestResource(TlsTestResource.class)
class AuditPortTest {

    public static class OwnPort implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("django-guard.audit.port", "0");
        }
    }

    @Inject
    AuditListener listener;

    @TestHTTPResource(value = AuditResource.PATH, tls = true)
    URL auditOnAdmissionPort;

    @TestHTTPResource(value = AdmissionPaths.VALIDATE, tls = true)
    URL validate;

    private String onAuditPort(String path) {
        return "https://localhost:" + listener.port() + path;
    }

    private static String manifest() throws Exception {
        return Files.readString(Path.of("src/test/resources/cli/debug-on.yaml"));
    }

    @Test
    void theAuditIsServedOnItsOwnPortOverHttps() throws Exception {
        assertTrue(listener.port() > 0);
        given().contentType("application/yaml").body(manifest().getBytes(java.nio.charset.StandardCharsets.UTF_8)).post(onAuditPort(AuditResource.PATH)).then()
                .statusCode(200).body("summary.denied", equalTo(1));
        given().get(onAuditPort("/q/health/ready")).then().statusCode(200);
    }

    @Test
    void theAdmissionPortNoLongerServesTheAudit() throws Exception {
        given().contentType("application/yaml").body(manifest().getBytes(java.nio.charset.StandardCharsets.UTF_8)).post(auditOnAdmissionPort).then().statusCode(404)
                .contentType(ContentType.JSON).body("error", containsString("django-guard.audit.port"));
        given().get(auditOnAdmissionPort + "/cluster").then().statusCode(404);
        // admission itself is untouched
        given().contentType(ContentType.JSON).body(Reviews.create("good-deployment.yaml")).post(validate).then()
                .statusCode(200).body("response.allowed", equalTo(true));
    }

    @Test
    void theAuditPortServesNoAdmission() {
        given().contentType(ContentType.JSON).body(Reviews.create("bad-deployment.yaml")).post(onAuditPort(AdmissionPaths.VALIDATE))
                .then().statusCode(404).body("error", containsString("only the audit"));
    }
}
