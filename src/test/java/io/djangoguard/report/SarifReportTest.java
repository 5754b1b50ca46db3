package io.djangoguard.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.djangoguard.Manifests;
import io.djangoguard.report.AuditReport;
import io.djangoguard.engine.Engine;
import io.djangoguard.engine.Finding;
import io.djangoguard.engine.ObjectResult;
import io.djangoguard.engine.Policy;
import io.djangoguard.engine.Profile;
import io.djangoguard.engine.Rule;
import io.djangoguard.engine.Severity;
import io.djangoguard.engine.Verdict;
import io.djangoguard.rules.RuleCatalog;
import io.fabric8.kubernetes.api.model.HasMetadata;

/** The SARIF log is what the 2.1.0 schema and GitHub code scanning want, and holds no secret. */
class SarifReportTest {

    static final Finding.Kind BREACH = Finding.Kind.BREACH;

    static final ObjectMapper JSON = new ObjectMapper();
    static final Set<String> LEVELS = Set.of("error", "warning", "note", "none");

    static AuditReport report;
    static String sarif;
    static JsonNode log;
    static JsonNode run;

    @BeforeAll
    static void write() throws Exception {
        report = ShopAudit.report();
        sarif = SarifReport.write(report, Policy.defaults());
        log = JSON.readTree(sarif);
        run = log.get("runs").get(0);
    }

    @Test
    void hasWhatTheSchemaRequires() {
        // sarifLog: version, runs
        assertEquals("2.1.0", text(log, "version"));
        assertEquals("https://json.schemastore.org/sarif-2.1.0.json", text(log, "$schema"));
        assertTrue(log.get("runs").isArray());
        assertEquals(1, log.get("runs").size());
        // run: tool; tool: driver; toolComponent: name
        JsonNode driver = run.path("tool").path("driver");
        assertTrue(driver.isObject(), "runs[0].tool.driver");
        assertEquals("django-guard", text(driver, "name"));
        assertEquals("https://github.com/django-guard/django-guard", text(driver, "informationUri"));
        assertTrue(text(driver, "semanticVersion").matches("\\d+\\.\\d+\\.\\d+.*"), text(driver, "semanticVersion"));
        assertEquals(text(driver, "semanticVersion"), text(driver, "version"));
        // invocation: executionSuccessful
        assertTrue(run.get("invocations").get(0).get("executionSuccessful").asBoolean());
        // reportingDescriptor: id
        for (JsonNode rule : driver.get("rules")) {
            assertTrue(rule.get("id").isTextual());
            for (String m : List.of("shortDescription", "fullDescription", "help")) {
                assertFalse(text(rule.get(m), "text").isBlank(), rule.get("id") + " " + m);
            }
            assertTrue(LEVELS.contains(text(rule.get("defaultConfiguration"), "level")));
        }
        assertTrue(run.get("results").isArray());
        assertFalse(run.get("results").isEmpty());
        for (JsonNode result : run.get("results")) {
            // result: message; message: text
            assertFalse(text(result.get("message"), "text").isBlank());
            assertTrue(LEVELS.contains(text(result, "level")), result.toString());
            JsonNode locations = result.get("locations");
            assertTrue(locations.isArray() && locations.size() == 1);
            JsonNode physical = locations.get(0).get("physicalLocation");
            assertTrue(physical.isObject());
            JsonNode artifact = physical.get("artifactLocation");
            assertTrue(artifact.isObject());
            assertEquals("k8s/shop.yaml", text(artifact, "uri"));
            JsonNode region = physical.get("region");
            assertTrue(region.get("startLine").isInt());
            assertTrue(region.get("startLine").asInt() >= 1);
            JsonNode logical = locations.get(0).get("logicalLocations").get(0);
            assertEquals("object", text(logical, "kind"));
            assertTrue(text(logical, "fullyQualifiedName").startsWith("Deployment/shop/"));
            assertTrue(result.get("partialFingerprints").get("djangoGuard/v1").asText().matches("[0-9a-f]{32}"));
        }
        JsonNode summary = run.get("properties").get("summary");
        assertEquals(report.summary().objects(), summary.get("objects").asInt());
        assertEquals(report.summary().denied(), summary.get("denied").asInt());
        assertEquals(report.summary().warned(), summary.get("warned").asInt());
        assertEquals(report.summary().allowed(), summary.get("allowed").asInt());
        assertEquals(report.summary().skipped(), summary.get("skipped").asInt());
        assertEquals(report.summary().errors(), summary.get("errors").asInt());
        assertEquals(report.summary().refused(), summary.get("refused").asInt());
    }

    @Test
    void listsEveryRuleInCatalogOrder() {
        JsonNode rules = run.get("tool").get("driver").get("rules");
        List<Rule> catalog = RuleCatalog.all();
        assertEquals(catalog.size(), rules.size());
        for (int i = 0; i < catalog.size(); i++) {
            Rule r = catalog.get(i);
            JsonNode d = rules.get(i);
            assertEquals(r.id(), text(d, "id"));
            assertTrue(text(d, "name").matches("[A-Z][A-Za-z0-9]*"), text(d, "name"));
            assertEquals(r.looksAt(), text(d.get("shortDescription"), "text"));
            assertEquals(r.remediation(Policy.defaults()), text(d.get("help"), "text"));
            assertEquals(SarifReport.level(Policy.defaults().severityOf(r)), text(d.get("defaultConfiguration"), "level"));
            JsonNode p = d.get("properties");
            assertEquals("[\"security\",\"django\"]", p.get("tags").toString());
            assertEquals("high", text(p, "precision"));
            assertEquals(r.djangoCheck(), p.has("djangoCheck") ? text(p, "djangoCheck") : null);
        }
        assertEquals("DebugEnabled", text(rules.get(0), "name"));
    }

    @Test
    void everyResultPointsAtItsRule() {
        JsonNode rules = run.get("tool").get("driver").get("rules");
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < rules.size(); i++) {
            index.put(text(rules.get(i), "id"), i);
        }
        for (JsonNode result : run.get("results")) {
            String id = text(result, "ruleId");
            assertTrue(index.containsKey(id), id);
            assertEquals(index.get(id), result.get("ruleIndex").asInt());
            assertEquals(id, text(rules.get(result.get("ruleIndex").asInt()), "id"));
        }
    }

    @Test
    void oneResultPerFindingInOrder() {
        List<String> expected = new ArrayList<>();
        for (AuditReport.Result r : report.results()) {
            for (AuditReport.FindingView f : r.findings()) {
                expected.add(r.name() + "/" + f.path() + " " + f.rule() + " " + f.severity().id());
            }
        }
        List<String> got = new ArrayList<>();
        for (JsonNode result : run.get("results")) {
            String fqn = text(result.get("locations").get(0).get("logicalLocations").get(0), "fullyQualifiedName");
            String nameAndPath = fqn.substring("Deployment/shop/".length());
            got.add(nameAndPath + " " + text(result, "ruleId") + " "
                    + ("error".equals(text(result, "level")) ? "deny" : "warn"));
        }
        assertEquals(expected, got);
    }

    @Test
    void theDeniedDeploymentsDenyingFindingsAreErrors() {
        Set<String> errors = new LinkedHashSet<>();
        Set<String> warnings = new LinkedHashSet<>();
        int line = -1;
        for (JsonNode result : run.get("results")) {
            String fqn = text(result.get("locations").get(0).get("logicalLocations").get(0), "fullyQualifiedName");
            if (fqn.startsWith("Deployment/shop/shop-web/")) {
                (text(result, "level").equals("error") ? errors : warnings).add(text(result, "ruleId"));
                line = result.get("locations").get(0).get("physicalLocation").get("region").get("startLine").asInt();
            }
        }
        assertEquals(Set.of("debug-enabled", "allowed-hosts-wildcard", "secret-key-inline"), errors);
        assertTrue(warnings.contains("hsts-disabled"), warnings.toString());
        assertEquals(ShopAudit.line(0), line);
        // the message carries the fix
        for (JsonNode result : run.get("results")) {
            assertTrue(text(result.get("message"), "text").contains("; fix: "));
        }
    }

    @Test
    void theWarnedDeploymentOnlyWarns() {
        int n = 0;
        for (JsonNode result : run.get("results")) {
            String fqn = text(result.get("locations").get(0).get("logicalLocations").get(0), "fullyQualifiedName");
            if (fqn.startsWith("Deployment/shop/shop-warn/")) {
                assertEquals("warning", text(result, "level"));
                assertEquals(ShopAudit.line(1),
                        result.get("locations").get(0).get("physicalLocation").get("region").get("startLine").asInt());
                n++;
            }
        }
        assertTrue(n > 0);
    }

    @Test
    void noResultsForAllowedOrSkippedObjects() {
        for (JsonNode result : run.get("results")) {
            String fqn = text(result.get("locations").get(0).get("logicalLocations").get(0), "fullyQualifiedName");
            assertFalse(fqn.contains("shop-good") || fqn.startsWith("Service/"), fqn);
        }
    }

    @Test
    void fingerprintsAreStableAndDistinct() throws Exception {
        assertEquals(sarif, SarifReport.write(report, Policy.defaults()));
        JsonNode again = JSON.readTree(SarifReport.write(ShopAudit.report(), Policy.defaults())).get("runs").get(0);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < run.get("results").size(); i++) {
            String a = run.get("results").get(i).get("partialFingerprints").get("djangoGuard/v1").asText();
            String b = again.get("results").get(i).get("partialFingerprints").get("djangoGuard/v1").asText();
            assertEquals(a, b);
            assertTrue(seen.add(a), "two findings share the fingerprint " + a);
        }
        assertTrue(seen.size() > 1);
    }

    @Test
    void fingerprintIgnoresWhereTheObjectIsInTheFile() {
        AuditReport.FindingView f = new AuditReport.FindingView("debug-enabled", "security.W018", BREACH, Severity.DENY, "container \"web\"", "web", "DEBUG",
                "spec.template.spec.containers[0].env[1]", "DEBUG is on.", "Turn it off.");
        AuditReport.Result here = new AuditReport.Result("apps/v1", "Deployment", "shop", "web", Verdict.DENY, null, Profile.DECLARED,
                new AuditReport.Source("a.yaml", 1, 1), List.of(f));
        AuditReport.Result there = new AuditReport.Result("apps/v1", "Deployment", "shop", "web", Verdict.DENY, null, Profile.DECLARED,
                new AuditReport.Source("b.yaml", 3, 40), List.of(f));
        AuditReport.Result other = new AuditReport.Result("apps/v1", "Deployment", "shop", "worker", Verdict.DENY, null, Profile.DECLARED,
                new AuditReport.Source("a.yaml", 1, 1), List.of(f));
        assertEquals(SarifReport.fingerprint(here, f), SarifReport.fingerprint(there, f));
        assertNotEquals(SarifReport.fingerprint(here, f), SarifReport.fingerprint(other, f));
    }

    @Test
    void objectsFromTheClusterOrStdin() throws Exception {
        AuditReport.FindingView f = new AuditReport.FindingView("debug-enabled", "security.W018", BREACH, Severity.DENY, "container \"web\"", "web", "DEBUG",
                "spec.template.spec.containers[0].env[1]", "DEBUG is on.", "Turn it off.");
        AuditReport r = new AuditReport(new AuditReport.Summary(3, 3, 0, 0, 0, 0, 3), List.of(
                new AuditReport.Result("apps/v1", "Deployment", "shop", "a", Verdict.DENY, null, Profile.DECLARED, null, List.of(f)),
                new AuditReport.Result("apps/v1", "Deployment", "shop", "b", Verdict.DENY, null, Profile.DECLARED,
                        new AuditReport.Source("-", 1, 0), List.of(f)),
                new AuditReport.Result("apps/v1", "Deployment", null, "c", Verdict.DENY, null, Profile.DECLARED,
                        new AuditReport.Source("my dir/ä.yaml", 1, 7), List.of(f))));
        JsonNode results = JSON.readTree(SarifReport.write(r, Policy.defaults())).get("runs").get(0).get("results");
        assertEquals(3, results.size());
        assertEquals("cluster", results.get(0).at("/locations/0/physicalLocation/artifactLocation/uri").asText());
        assertEquals(1, results.get(0).at("/locations/0/physicalLocation/region/startLine").asInt());
        assertEquals("stdin", results.get(1).at("/locations/0/physicalLocation/artifactLocation/uri").asText());
        assertEquals(1, results.get(1).at("/locations/0/physicalLocation/region/startLine").asInt());
        assertEquals("my%20dir/%C3%A4.yaml", results.get(2).at("/locations/0/physicalLocation/artifactLocation/uri").asText());
        assertEquals(7, results.get(2).at("/locations/0/physicalLocation/region/startLine").asInt());
        assertEquals("Deployment/-/c/spec.template.spec.containers[0].env[1]",
                results.get(2).at("/locations/0/logicalLocations/0/fullyQualifiedName").asText());
        assertEquals("DEBUG is on.; fix: Turn it off.", results.get(2).at("/message/text").asText());
    }

    @Test
    void anErrorIsAResultAndANotification() throws Exception {
        AuditReport trouble = TroubleAudit.report();
        JsonNode troubleRun = JSON.readTree(SarifReport.write(trouble, Policy.defaults())).get("runs").get(0);
        JsonNode rules = troubleRun.get("tool").get("driver").get("rules");
        JsonNode invocation = troubleRun.get("invocations").get(0);
        assertTrue(invocation.get("executionSuccessful").asBoolean(), "the run itself succeeded");

        // each error stays a result, where code scanning shows it in the manifest, with its fingerprint
        JsonNode results = troubleRun.get("results");
        assertEquals(2, results.size(), results.toString());
        assertEquals(List.of("invalid-setting-value", "reference-unresolved"),
                List.of(text(results.get(0), "ruleId"), text(results.get(1), "ruleId")));
        assertEquals(List.of("error", "warning"), List.of(text(results.get(0), "level"), text(results.get(1), "level")));

        JsonNode notifications = invocation.get("toolExecutionNotifications");
        assertTrue(notifications.isArray() && notifications.size() == 4, invocation.toString());
        for (int i = 0; i < 2; i++) {
            JsonNode n = notifications.get(i);
            JsonNode result = results.get(i);
            AuditReport.Result object = trouble.results().get(i);
            // notification: message required; level one of SARIF's; associatedRule a reportingDescriptorReference
            assertEquals(text(result, "level"), text(n, "level"));
            assertEquals(object.describe() + ": " + FindingLine.of(object.findings().get(0)), text(n.get("message"), "text"));
            JsonNode rule = n.get("associatedRule");
            assertEquals(text(result, "ruleId"), text(rule, "id"));
            assertEquals(result.get("ruleIndex").asInt(), rule.get("index").asInt());
            assertEquals(text(rule, "id"), text(rules.get(rule.get("index").asInt()), "id"));
            assertEquals(result.get("locations"), n.get("locations"));
            assertEquals(TroubleAudit.FILE, n.at("/locations/0/physicalLocation/artifactLocation/uri").asText());
            assertEquals(TroubleAudit.line(i), n.at("/locations/0/physicalLocation/region/startLine").asInt());
        }
        for (int i = 2; i < 4; i++) {
            JsonNode n = notifications.get(i);
            assertEquals("note", text(n, "level"));
            assertFalse(n.has("associatedRule"), n.toString());
            assertEquals(TroubleAudit.line(i), n.at("/locations/0/physicalLocation/region/startLine").asInt());
        }
        JsonNode summary = troubleRun.get("properties").get("summary");
        assertEquals(2, summary.get("errors").asInt());
        assertEquals(1, summary.get("refused").asInt());
        assertEquals(2, summary.get("skipped").asInt());
    }

    @Test
    void aSkippedObjectIsANoteSayingWhy() throws Exception {
        JsonNode notifications = JSON.readTree(SarifReport.write(TroubleAudit.report(), Policy.defaults()))
                .at("/runs/0/invocations/0/toolExecutionNotifications");
        assertEquals("Deployment shop/empty was skipped: " + TroubleAudit.NO_TEMPLATE, text(notifications.get(2).get("message"), "text"));
        assertEquals("Deployment/shop/empty", notifications.get(2).at("/locations/0/logicalLocations/0/fullyQualifiedName").asText());
        assertEquals("Service shop/shop was skipped: " + ObjectResult.NOT_JUDGED, text(notifications.get(3).get("message"), "text"));
        // the shop: no error, one Service skipped
        JsonNode shop = run.get("invocations").get(0).get("toolExecutionNotifications");
        assertEquals(1, shop.size(), shop.toString());
        assertEquals("note", text(shop.get(0), "level"));
        assertEquals(0, run.get("properties").get("summary").get("errors").asInt());
    }

    @Test
    void anEmptyAuditHasNoNotifications() throws Exception {
        JsonNode empty = JSON.readTree(SarifReport.write(AuditReport.of(List.of(), null), Policy.defaults())).get("runs").get(0);
        assertFalse(empty.get("invocations").get(0).has("toolExecutionNotifications"), empty.toString());
    }

    @Test
    void neverHoldsTheSecret() {
        assertTrue(ShopAudit.YAML.contains(ShopAudit.SECRET), "the fixture carries the secret");
        for (String piece : ShopAudit.PIECES) {
            assertFalse(sarif.contains(piece), "the SARIF log gives away the secret key (" + piece + ")");
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        assertTrue(v != null && v.isTextual(), field + " missing or not a string in " + node);
        return v.asText();
    }

    /**
     * The audit both report tests write: a denied Deployment (DEBUG on, the key inline), a warned
     * one (HSTS off), an allowed one and a Service, judged by the real engine.
     */
    static final class ShopAudit {

        /** The key the denied Deployment carries, and pieces of it long enough to give it away. */
        static final String SECRET = "tZ8#q-UNMISTAKABLE-SECRET-VALUE-b9f2c41d7e05a3-kP0w!xR6yLm2vN4";
        static final List<String> PIECES = List.of(SECRET, "UNMISTAKABLE", "b9f2c41d7e05a3", "kP0w!xR6yLm2vN4");

        static final String YAML = """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: shop-web
                  namespace: shop
                spec:
                  selector:
                    matchLabels: {app: shop}
                  template:
                    metadata:
                      labels: {app: shop}
                    spec:
                      containers:
                        - name: web
                          image: ghcr.io/acme/shop:1.4.2
                          command: ["gunicorn", "shop.wsgi", "--bind", "0.0.0.0:8000"]
                          env:
                            - name: DJANGO_SETTINGS_MODULE
                              value: "shop.settings.production"
                            - name: DJANGO_DEBUG
                              value: "True"
                            - name: DJANGO_ALLOWED_HOSTS
                              value: "shop.example.com,*"
                            - name: DJANGO_SECRET_KEY
                              value: "%s"
                            - name: DJANGO_SECURE_HSTS_SECONDS
                              value: "0"
                ---
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: shop-warn
                  namespace: shop
                spec:
                  selector:
                    matchLabels: {app: warn}
                  template:
                    metadata:
                      labels: {app: warn}
                    spec:
                      containers:
                        - name: web
                          image: ghcr.io/acme/shop:1.4.2
                          env:
                            - {name: DJANGO_SETTINGS_MODULE, value: "shop.settings.production"}
                            - {name: DJANGO_SECURE_HSTS_SECONDS, value: "0"}
                ---
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: shop-good
                  namespace: shop
                spec:
                  selector:
                    matchLabels: {app: good}
                  template:
                    metadata:
                      labels: {app: good}
                    spec:
                      containers:
                        - name: web
                          image: ghcr.io/acme/shop:1.4.2
                          command: ["gunicorn", "shop.wsgi", "--bind", "0.0.0.0:8000"]
                          env:
                            - {name: DJANGO_SETTINGS_MODULE, value: "shop.settings.production"}
                            - {name: DJANGO_DEBUG, value: "False"}
                            - {name: DJANGO_ALLOWED_HOSTS, value: "shop.example.com"}
                            - name: DJANGO_SECRET_KEY
                              valueFrom:
                                secretKeyRef: {name: shop-django, key: secret-key}
                            - {name: DJANGO_SESSION_COOKIE_SECURE, value: "True"}
                            - {name: DJANGO_CSRF_COOKIE_SECURE, value: "True"}
                            - {name: DJANGO_SECURE_SSL_REDIRECT, value: "True"}
                            - {name: DJANGO_SECURE_HSTS_SECONDS, value: "31536000"}
                            - {name: DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS, value: "True"}
                            - {name: DJANGO_SECURE_HSTS_PRELOAD, value: "True"}
                            - {name: DJANGO_CONN_MAX_AGE, value: "60"}
                ---
                apiVersion: v1
                kind: Service
                metadata:
                  name: shop
                  namespace: shop
                spec:
                  selector: {app: shop}
                  ports:
                    - {port: 80, targetPort: 8000}
                """.formatted(SECRET);

        private ShopAudit() {
        }

        /** The first line of document {@code i} (from 0) of {@link #YAML}. */
        static int line(int i) {
            return line(YAML, i);
        }

        /** The first line of document {@code i} (from 0) of {@code yaml}. */
        static int line(String yaml, int i) {
            String[] lines = yaml.split("\n", -1);
            int doc = 0;
            for (int n = 0; n < lines.length; n++) {
                if (doc == i) {
                    return n + 1;
                }
                if (lines[n].equals("---")) {
                    doc++;
                }
            }
            throw new IllegalArgumentException("no document " + i);
        }

        static List<ObjectResult> judged() {
            return new Engine(Policy.defaults(), RuleCatalog.all()).judgeAll(Manifests.parse(YAML), Engine.Context.alone("default"));
        }

        static AuditReport report() {
            List<HasMetadata> objects = Manifests.parse(YAML);
            List<ObjectResult> results = judged();
            List<AuditReport.Source> origins = new ArrayList<>();
            for (int i = 0; i < objects.size(); i++) {
                origins.add(new AuditReport.Source("k8s/shop.yaml", i + 1, line(i)));
            }
            AuditReport report = AuditReport.of(results, origins);
            assertEquals(new AuditReport.Summary(4, 1, 0, 1, 1, 1, 1), report.summary(), "the fixture's verdicts");
            return report;
        }
    }
}
