package io.djangoguard.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.djangoguard.engine.Enforcement;
import io.djangoguard.engine.Finding;
import io.djangoguard.engine.Profile;
import io.djangoguard.engine.Severity;
import io.djangoguard.engine.Verdict;
import io.djangoguard.report.PolicyReportFormat.Api;

/** How an audit becomes policy reports: the mapping of each finding to a result, and of objects to reports. */
class PolicyReportFormatTest {

    static final Instant AT = Instant.ofEpochSecond(1_700_000_000L, 123_456_789);

    static AuditReport.FindingView finding(Finding.Kind kind, Severity severity, String exempt) {
        return new AuditReport.FindingView("debug-enabled", "security.W018", kind, severity, "container \"web\"", "web",
                "DEBUG", "spec.template.spec.containers[0].env[1]", "DEBUG is true (env DJANGO_DEBUG = \"True\")",
                "set DJANGO_DEBUG to \"False\" in production", exempt);
    }

    static AuditReport.Result deployment(String namespace, Enforcement enforcement, AuditReport.FindingView... findings) {
        return new AuditReport.Result("apps/v1", "Deployment", namespace, "web", Verdict.DENY, null, Profile.DECLARED, null,
                List.of(findings), List.of(new AuditReport.DjangoContainer("web", "web", List.of("gunicorn serves shop.wsgi"))),
                enforcement);
    }

    static JsonNode only(AuditReport.Result object) {
        List<ObjectNode> results = PolicyReportFormat.results(object, AT);
        assertEquals(1, results.size(), results.toString());
        return results.get(0);
    }

    static Stream<Arguments> mapping() {
        return Stream.of(
                // kind, severity, exempt -> result, severity, scored
                Arguments.of(Finding.Kind.BREACH, Severity.DENY, null, "fail", "high", true),
                Arguments.of(Finding.Kind.BREACH, Severity.WARN, null, "warn", "medium", false),
                Arguments.of(Finding.Kind.ERROR, Severity.DENY, null, "error", "high", true),
                Arguments.of(Finding.Kind.ERROR, Severity.WARN, null, "error", "medium", true),
                Arguments.of(Finding.Kind.BREACH, Severity.DENY, "VPN only (exempted by the object)", "skip", "high", true),
                Arguments.of(Finding.Kind.ERROR, Severity.WARN, "migration (exempted by namespace \"shop\")", "skip", "medium", true));
    }

    @ParameterizedTest(name = "{0} at {1}, exempt {2}: {3}")
    @MethodSource("mapping")
    void aFindingIsOneResult(Finding.Kind kind, Severity severity, String exempt, String result, String level, boolean scored) {
        JsonNode r = only(deployment("shop", Enforcement.ENFORCE, finding(kind, severity, exempt)));
        assertEquals(result, r.path("result").asText());
        assertEquals(level, r.path("severity").asText());
        assertEquals(scored, r.path("scored").asBoolean());
        assertEquals("django-guard", r.path("policy").asText());
        assertEquals("debug-enabled", r.path("rule").asText());
        assertEquals("django-guard", r.path("source").asText());
        assertEquals(PolicyReportFormat.CATEGORY, r.path("category").asText());
        assertEquals(1_700_000_000L, r.at("/timestamp/seconds").asLong());
        assertEquals(123_456_789, r.at("/timestamp/nanos").asInt());
        assertEquals("{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"name\":\"web\",\"namespace\":\"shop\"}",
                r.path("resources").get(0).toString());
        JsonNode p = r.path("properties");
        assertEquals("security.W018", p.path("djangoCheck").asText());
        assertEquals("DEBUG", p.path("setting").asText());
        assertEquals("spec.template.spec.containers[0].env[1]", p.path("path").asText());
        assertEquals("container \"web\"", p.path("subject").asText());
        assertEquals(severity.id(), p.path("severity").asText());
        assertEquals("enforce", p.path("enforcement").asText());
        assertEquals(exempt == null, p.path("exempt").isMissingNode());
        if (exempt != null) {
            assertEquals(exempt, p.path("exempt").asText());
        }
        p.fields().forEachRemaining(e -> assertTrue(e.getValue().isTextual(), e.getKey() + ": properties are strings"));
    }

    @Test
    void theMessageIsTheCatalogsNotTheFindingsSoItQuotesNoValue() {
        JsonNode r = only(deployment("shop", Enforcement.ENFORCE, finding(Finding.Kind.BREACH, Severity.DENY, null)));
        String message = r.path("message").asText();
        assertTrue(message.startsWith("container \"web\": DEBUG is true"), message);
        assertTrue(message.endsWith("; fix: set DJANGO_DEBUG to \"False\" in production"), message);
        assertFalse(message.contains("= \"True\""), message);
    }

    /** The rollout mode does not soften a result, as it does not change the verdict; it is said in the properties. */
    @Test
    void underWarnAndAuditADenyLevelBreachStillFails() {
        for (Enforcement e : Enforcement.values()) {
            JsonNode r = only(deployment("shop", e, finding(Finding.Kind.BREACH, Severity.DENY, null)));
            assertEquals("fail", r.path("result").asText(), e.id());
            assertEquals(e.id(), r.at("/properties/enforcement").asText());
        }
    }

    static Stream<Arguments> wholeObjects() {
        AuditReport.Result clean = deployment("shop", Enforcement.ENFORCE);
        AuditReport.Result noDjango = new AuditReport.Result("apps/v1", "Deployment", "shop", "nginx", Verdict.ALLOW, null,
                Profile.DECLARED, null, List.of(), List.of(), Enforcement.ENFORCE);
        AuditReport.Result configMap = new AuditReport.Result("v1", "ConfigMap", "shop", "settings", Verdict.ALLOW, null,
                Profile.DECLARED, null, List.of(), null, Enforcement.ENFORCE);
        AuditReport.Result service = new AuditReport.Result("v1", "Service", "shop", "web", Verdict.SKIPPED,
                io.djangoguard.engine.ObjectResult.NOT_JUDGED, null, null, List.of(), null, null);
        AuditReport.Result noTemplate = new AuditReport.Result("apps/v1", "Deployment", "shop", "empty", Verdict.SKIPPED,
                TroubleAudit.NO_TEMPLATE, null, null, List.of(), null, null);
        return Stream.of(
                Arguments.of("a Django workload with no finding", clean, "pass"),
                Arguments.of("a workload with no Django in it", noDjango, null),
                Arguments.of("a ConfigMap with nothing wrong", configMap, null),
                Arguments.of("a kind django-guard does not judge", service, null),
                Arguments.of("a judged kind it could not judge", noTemplate, "skip"));
    }

    @ParameterizedTest(name = "{0}: {2}")
    @MethodSource("wholeObjects")
    void anObjectWithoutFindingsIsAPassASkipOrNothing(String what, AuditReport.Result object, String expected) {
        List<ObjectNode> results = PolicyReportFormat.results(object, AT);
        if (expected == null) {
            assertTrue(results.isEmpty(), what + ": " + results);
            return;
        }
        assertEquals(1, results.size());
        JsonNode r = results.get(0);
        assertEquals(expected, r.path("result").asText());
        assertEquals(PolicyReportFormat.WHOLE_OBJECT_RULE, r.path("rule").asText());
        assertEquals("info", r.path("severity").asText());
        if (expected.equals("skip")) {
            assertEquals(TroubleAudit.NO_TEMPLATE, r.at("/properties/reason").asText());
        }
    }

    /** The fixture: two namespaces and an object without one; every count of the summary is the count of its results. */
    @Test
    void oneReportPerNamespaceAndAClusterReportForObjectsWithoutOne() {
        AuditReport report = PolicyReportAudits.audit(PolicyReportAudits.MARKERS);
        for (Api api : Api.values()) {
            List<ObjectNode> reports = PolicyReportFormat.reports(report, api, AT);
            List<String> names = reports.stream().map(r -> r.path("kind").asText() + " "
                    + r.at("/metadata/namespace").asText("-") + "/" + r.at("/metadata/name").asText()).toList();
            assertEquals(List.of(api.kind() + " blog/django-guard", api.kind() + " shop/django-guard",
                    api.clusterKind() + " -/django-guard"), names);
            for (ObjectNode r : reports) {
                assertEquals("django-guard", r.at("/metadata/labels/app.kubernetes.io~1managed-by").asText());
                assertEquals(api == Api.OPENREPORTS, r.has("source"), "only OpenReports has a report-level source");
                Map<String, Integer> counted = new HashMap<>();
                r.path("results").forEach(x -> counted.merge(x.path("result").asText(), 1, Integer::sum));
                for (String outcome : List.of("pass", "fail", "warn", "error", "skip")) {
                    assertEquals(counted.getOrDefault(outcome, 0), r.at("/summary/" + outcome).asInt(), outcome + " in " + r);
                }
                r.path("results").forEach(x -> {
                    String ns = x.at("/resources/0/namespace").asText(null);
                    assertEquals(r.at("/metadata/namespace").asText(null), ns, "a result lies in its own namespace's report");
                });
            }
            JsonNode blog = reports.get(0);
            assertEquals(1, blog.path("results").size(), blog.toString());
            assertEquals("pass", blog.at("/results/0/result").asText());
            JsonNode shop = reports.get(1);
            List<String> shopResults = new ArrayList<>();
            shop.path("results").forEach(x -> shopResults.add(x.at("/resources/0/kind").asText() + " "
                    + x.at("/resources/0/name").asText() + " " + x.path("rule").asText() + " " + x.path("result").asText()));
            assertTrue(shopResults.contains("Deployment web debug-enabled fail"), shopResults.toString());
            assertTrue(shopResults.contains("Deployment web secret-key-inline fail"), shopResults.toString());
            assertTrue(shopResults.contains("Deployment admin debug-enabled skip"), shopResults.toString());
            assertTrue(shopResults.contains("Deployment empty checklist skip"), shopResults.toString());
            assertTrue(shopResults.contains("Secret shop-secrets secret-key-committed fail"), shopResults.toString());
            assertTrue(shopResults.stream().noneMatch(s -> s.startsWith("Service ")), shopResults.toString());
            JsonNode cluster = reports.get(2);
            assertNull(cluster.at("/metadata/namespace").textValue());
            assertEquals("Job", cluster.at("/results/0/resources/0/kind").asText());
        }
    }

    @Test
    void anAuditWithNothingToReportIsAnEmptyList() {
        AuditReport empty = new AuditReport(new AuditReport.Summary(0, 0, 0, 0, 0, 0, 0), List.of());
        assertEquals("---\napiVersion: \"v1\"\nkind: \"List\"\nitems: []\n", PolicyReportFormat.write(empty, Api.WGPOLICYK8S, AT));
    }

    @Test
    void theFormatsAreAskedForByName() {
        assertEquals(ReportFormat.POLICYREPORT, ReportFormat.fromId("policyreport"));
        assertEquals(ReportFormat.OPENREPORTS, ReportFormat.fromId(" OpenReports "));
        assertEquals("application/yaml", ReportFormat.POLICYREPORT.mediaType());
        assertEquals("json, text, sarif, junit, policyreport or openreports", ReportFormat.ids());
    }
}
