package io.djangoguard.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.ValidationMessage;

import io.djangoguard.engine.Policy;
import io.djangoguard.report.PolicyReportFormat.Api;

/**
 * Every report django-guard writes, for the real-world corpus and the marker fixture, in both APIs, read back from
 * the YAML it is written as and validated against the upstream CRD's openAPIV3Schema (src/test/resources/policyreport,
 * see its README), closed to unknown fields. And no value of a setting, nor a secret's, reaches a report.
 */
class PolicyReportSchemaTest {

    /** A DNS-1123 subdomain: what metadata.name and metadata.namespace must be. */
    static final Pattern DNS_NAME = Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");

    static Stream<Arguments> audits() {
        List<Arguments> cases = new ArrayList<>();
        List<Path> files = new ArrayList<>(PolicyReportAudits.realWorld());
        files.add(PolicyReportAudits.MARKERS);
        files.add(TroubleAudit.FIXTURE);
        for (Path file : files) {
            for (Api api : Api.values()) {
                cases.add(Arguments.of(file.getParent().getFileName() + "/" + file.getFileName(), file, api));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} as {2}")
    @MethodSource("audits")
    void everyReportIsValidAgainstTheUpstreamCrd(String name, Path file, Api api) throws Exception {
        AuditReport report = PolicyReportAudits.audit(file);
        ReportFormat format = api == Api.WGPOLICYK8S ? ReportFormat.POLICYREPORT : ReportFormat.OPENREPORTS;
        String yaml = format.write(report, Policy.defaults());
        JsonNode list = PolicyReportAudits.YAML.readTree(yaml);
        assertEquals("v1", list.path("apiVersion").asText());
        assertEquals("List", list.path("kind").asText());
        JsonSchema namespaced = PolicyReportAudits.schema(api, false);
        JsonSchema cluster = PolicyReportAudits.schema(api, true);
        int results = 0;
        for (JsonNode item : list.path("items")) {
            boolean isCluster = api.clusterKind().equals(item.path("kind").asText());
            assertEquals(api.apiVersion(), item.path("apiVersion").asText(), name);
            assertEquals(isCluster ? api.clusterKind() : api.kind(), item.path("kind").asText(), name);
            Set<ValidationMessage> problems = (isCluster ? cluster : namespaced).validate(item);
            assertTrue(problems.isEmpty(), name + ": " + item.path("kind").asText() + " "
                    + item.at("/metadata/namespace").asText() + " breaks the CRD's schema: " + problems);
            assertTrue(DNS_NAME.matcher(item.at("/metadata/name").asText()).matches(), name);
            assertEquals(isCluster, item.at("/metadata/namespace").isMissingNode(), name + ": a namespace only on a namespaced report");
            if (!isCluster) {
                assertTrue(DNS_NAME.matcher(item.at("/metadata/namespace").asText()).matches(), name);
            }
            results += item.path("results").size();
        }
        // something to report exactly when a finding, a Django container or a judged kind left unjudged is in the audit
        boolean reportable = report.results().stream().anyMatch(r -> !r.findings().isEmpty()
                || r.django() != null && !r.django().isEmpty()
                || r.reason() != null && !r.reason().equals(io.djangoguard.engine.ObjectResult.NOT_JUDGED));
        assertEquals(reportable, results > 0, name + ": " + results + " results\n" + yaml);
    }

    /** The crd() files are what the test says they are: the kinds and scopes of each API. */
    @Test
    void theCrdsAreTheUpstreamOnes() {
        for (Api api : Api.values()) {
            for (boolean cluster : new boolean[] {false, true}) {
                JsonNode crd = PolicyReportAudits.crd(api, cluster);
                assertEquals(api.group(), crd.at("/spec/group").asText());
                assertEquals(cluster ? api.clusterKind() : api.kind(), crd.at("/spec/names/kind").asText());
                assertEquals(cluster ? api.clusterPlural() : api.plural(), crd.at("/spec/names/plural").asText());
                assertEquals(cluster ? "Cluster" : "Namespaced", crd.at("/spec/scope").asText());
            }
        }
    }

    /** The closed schema refuses what the API server would prune, so the validation above can fail. */
    @Test
    void theSchemaRefusesAFieldTheCrdDoesNotHaveAndAValueOutsideAnEnum() throws Exception {
        JsonSchema schema = PolicyReportAudits.schema(Api.WGPOLICYK8S, false);
        String good = """
                {"apiVersion": "wgpolicyk8s.io/v1alpha2", "kind": "PolicyReport", "metadata": {"name": "x"},
                 "results": [{"policy": "django-guard", "result": "fail", "severity": "high"}]}""";
        assertTrue(schema.validate(PolicyReportAudits.YAML.readTree(good)).isEmpty());
        for (String bad : List.of(good.replace("\"result\": \"fail\"", "\"status\": \"fail\""),
                good.replace("\"high\"", "\"deny\""),
                good.replace("\"policy\": \"django-guard\", ", ""),
                good.replace("\"severity\": \"high\"", "\"properties\": {\"n\": 1}"))) {
            assertFalse(schema.validate(PolicyReportAudits.YAML.readTree(bad)).isEmpty(), bad);
        }
    }

    /** Values planted in the fixture: hosts, a number and an origin Echo would quote, and three secret keys. */
    static final List<String> QUOTABLE = List.of("markerhostq", "1234567", "markerorigin");
    static final List<String> SECRETS = List.of("UNMISTAKABLE", "b9f2c41d7e05a3", "MARKERKEY", "MARKERSECRET",
            "9f8e7d6c5b4a39281706f5e4d3c2b1a0", "0a1b2c3d4e5f60718293a4b5c6d7e8f9");

    @Test
    void noValueOfASettingNorASecretReachesAReport() {
        AuditReport report = PolicyReportAudits.audit(PolicyReportAudits.MARKERS);
        String json = ReportFormat.JSON.write(report, Policy.defaults());
        // the JSON report quotes harmless values: the markers are where a careless report would copy them from
        for (String marker : QUOTABLE) {
            assertTrue(json.contains(marker), marker + " is quoted by the JSON report, so its absence below means something");
        }
        for (ReportFormat format : List.of(ReportFormat.POLICYREPORT, ReportFormat.OPENREPORTS)) {
            String out = format.write(report, Policy.defaults());
            for (String marker : Stream.concat(QUOTABLE.stream(), SECRETS.stream()).toList()) {
                assertFalse(out.contains(marker), format.id() + " wrote " + marker + ":\n" + out);
            }
            assertTrue(out.contains("secret-key-inline") && out.contains("secret-key-committed")
                    && out.contains("secret-key-in-configmap"), "the secret findings are there, without their values:\n" + out);
        }
    }

    /** The same over the corpus: no Secret's value and no value of a key variable is written into a report. */
    @Test
    void theCorpusSecretsStayOut() throws Exception {
        for (Path file : PolicyReportAudits.realWorld()) {
            List<String> secrets = SecretValues.of(PolicyReportAudits.read(file));
            String out = PolicyReportFormat.write(PolicyReportAudits.audit(file), Api.WGPOLICYK8S, Instant.EPOCH);
            for (String s : secrets) {
                assertFalse(out.contains(s), file + ": a secret value reached the report");
            }
        }
    }
}
