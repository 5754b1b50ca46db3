package io.djangoguard.report;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.djangoguard.tls.TlsTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** POST /audit?format=policyreport|openreports: the reports as a YAML List, which kubectl apply takes as it is. */
@QuarkusTest
@WithTestResource(TlsTestResource.class)
class PolicyReportEndpointTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({"policyreport, wgpolicyk8s.io/v1alpha2, PolicyReport, ClusterPolicyReport",
        "openreports, openreports.io/v1alpha1, Report, ClusterReport"})
    void theAuditIsAskedForAsPolicyReports(String format, String apiVersion, String kind, String clusterKind) throws Exception {
        byte[] body = Files.readAllBytes(PolicyReportAudits.MARKERS);
        String yaml = given().contentType("application/yaml").body(body).queryParam("format", format)
                .when().post("/audit").then().statusCode(200).contentType(startsWith("application/yaml"))
                .extract().asString();
        JsonNode list = PolicyReportAudits.YAML.readTree(yaml);
        assertEquals("List", list.path("kind").asText());
        List<String> kinds = new java.util.ArrayList<>();
        list.path("items").forEach(i -> {
            assertEquals(apiVersion, i.path("apiVersion").asText());
            kinds.add(i.path("kind").asText() + " " + i.at("/metadata/namespace").asText("-"));
        });
        assertEquals(List.of(kind + " blog", kind + " shop", clusterKind + " -"), kinds);
        assertFalse(yaml.contains("UNMISTAKABLE"), "no secret in the reports");
    }

    @Test
    void anUnknownFormatNamesThePolicyReportOnes() {
        given().contentType("application/yaml").body("kind: List\nitems: []\n".getBytes(StandardCharsets.UTF_8)).queryParam("format", "policyreports")
                .when().post("/audit").then().statusCode(400)
                .body("error", equalTo("unknown format \"policyreports\": use json, text, sarif, junit, policyreport or openreports"));
    }
}
