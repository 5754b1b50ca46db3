package io.djangoguard.cli;

import static io.djangoguard.cli.AuditCommandTest.CLEAN;
import static io.djangoguard.cli.AuditCommandTest.JSON;
import static io.djangoguard.cli.AuditCommandTest.audit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.JsonNode;

import io.djangoguard.WithoutGuardSystemProperties;
import io.djangoguard.cli.AuditCommandTest.Run;

/**
 * {@code django-guard audit CHART [--values F] [--set k=v]}: a chart directory rendered in-process (Helm's library in a
 * child JVM, no helm binary), its objects named by the template they came from, hooks included, lookups answered by
 * an empty cluster, and a chart Helm cannot render reported beside the rest. Fixtures: src/test/resources/charts/.
 */
@ExtendWith(WithoutGuardSystemProperties.class)
class ChartAuditTest {

    static final Path CHARTS = Path.of("src/test/resources/charts");
    static final Path SHOP = CHARTS.resolve("django-shop");
    static final Path STAGING_VALUES = CHARTS.resolve("shop-staging-values.yaml");
    static final Path UNVENDORED = CHARTS.resolve("shop-unvendored");

    /** Object "Kind name" → its result, from a JSON report. */
    static Map<String, JsonNode> results(Run run) {
        Map<String, JsonNode> byObject = new TreeMap<>();
        for (JsonNode r : run.json().get("results")) {
            byObject.put(r.get("kind").asText() + " " + r.get("name").asText(), r);
        }
        return byObject;
    }

    static Set<String> rules(JsonNode result) {
        Set<String> rules = new TreeSet<>();
        result.get("findings").forEach(f -> rules.add(f.get("rule").asText()));
        return rules;
    }

    @Test
    void aChartIsRenderedWithItsDefaultValuesAndEachObjectNamesItsTemplate() {
        Run run = audit("--format", "json", SHOP.toString());
        // secret.yaml calls lookup: it renders only because the lookup was answered (by the empty cluster, with nothing)
        run.assertSucceeded(AuditCommand.OK);
        Map<String, JsonNode> results = results(run);
        assertEquals(Map.of(
                "ConfigMap release-name-shop", "templates/configmap.yaml",
                "Deployment release-name-shop", "templates/deployment.yaml",
                "Deployment release-name-worker", "charts/worker/templates/deployment.yaml",
                "Job release-name-shop-migrate", "templates/migrate-job.yaml", // a pre-install hook: rendered too
                "Secret release-name-shop", "templates/secret.yaml"),
                new TreeMap<>(results.entrySet().stream().collect(java.util.stream.Collectors.toMap(Map.Entry::getKey,
                        e -> SHOP.relativize(Path.of(e.getValue().at("/source/file").asText())).toString()))),
                run.describe());
        results.values().forEach(r -> assertEquals(0, r.at("/source/line").asInt(), "rendered text has no template line: " + r));
        assertEquals("allow", results.get("Deployment release-name-shop").get("verdict").asText(), run.describe());
    }

    @Test
    void aValuesFileChangesTheDefaultsAndTheBreachesNameTheTemplate() {
        Run run = audit("--format", "json", "--values", STAGING_VALUES.toString(), SHOP.toString());
        assertEquals(AuditCommand.DENIED, run.status(), run.describe());
        Map<String, JsonNode> results = results(run);
        assertEquals(Set.of("allowed-hosts-wildcard", "debug-enabled"), rules(results.get("Deployment release-name-shop")), run.describe());
        assertEquals(Set.of("debug-enabled"), rules(results.get("Job release-name-shop-migrate")), run.describe());
        assertEquals("allow", results.get("Deployment release-name-worker").get("verdict").asText(),
                "the subchart keeps its own values: " + run.describe());

        String text = audit("-f", STAGING_VALUES.toString(), SHOP.toString()).out();
        assertTrue(text.contains("Job release-name-shop-migrate (" + SHOP.resolve("templates/migrate-job.yaml") + "): DENIED"), text);
    }

    @Test
    void setComesAfterTheValuesFilesAsInHelm() {
        Run run = audit("--values", STAGING_VALUES.toString(), "--set", "django.debug=false",
                "--set", "django.allowedHosts={shop.example.com,www.shop.example.com}", SHOP.toString());
        run.assertSucceeded(AuditCommand.OK);
    }

    @Test
    void setTakesHelmsSyntaxSeveralPairsAndSubchartValues() {
        Run run = audit("--format", "json", "--set", "migrations.enabled=false,worker.debug=true", SHOP.toString());
        assertEquals(AuditCommand.DENIED, run.status(), run.describe());
        Map<String, JsonNode> results = results(run);
        assertFalse(results.containsKey("Job release-name-shop-migrate"), "migrations.enabled=false: " + run.describe());
        assertEquals(Set.of("debug-enabled"), rules(results.get("Deployment release-name-worker")), run.describe());
    }

    /**
     * A chart's Secret whose key is generated at each install (randAlphaNum: it differs between two renders) is not
     * committed; one set in the values is shared by every install, and weak here too.
     */
    @Test
    void aKeyTheChartGeneratesIsNotCommittedOneInTheValuesIs() {
        Map<String, JsonNode> generated = results(audit("--format", "json", SHOP.toString()));
        assertEquals("allow", generated.get("Secret release-name-shop").get("verdict").asText(), generated.toString());

        Run set = audit("--format", "json", "--set", "secretKey=not-so-secret", SHOP.toString());
        Map<String, JsonNode> results = results(set);
        // "not-so-secret" is also a phrase nobody generated
        assertEquals(Set.of("secret-key-committed", "secret-key-weak", "secret-key-known"), rules(results.get("Secret release-name-shop")),
                set.describe());
        assertEquals(Set.of("secret-key-weak", "secret-key-known"), rules(results.get("Deployment release-name-shop")),
                "the web container reads the Secret of the same render: " + set.describe());
        assertFalse(set.out().contains("not-so-secret"), "a value read from a Secret is never shown: " + set.describe());
    }

    @Test
    void aTemplateThatFailsIsReportedBesideTheRestWithHelmsMessage() {
        Run run = audit("--format", "json", "--set", "image.tag=", SHOP.toString(), CLEAN.toString());
        run.assertRefused();
        JsonNode errors = run.json().get("errors");
        assertEquals(1, errors.size(), run.describe());
        assertEquals(SHOP.toString(), errors.get(0).get("file").asText());
        String message = errors.get(0).get("message").asText();
        assertTrue(message.startsWith("Helm could not render the chart: ") && message.contains("image.tag is required"), message);
        assertFalse(message.contains("--debug"), "advice for a flag this command has not: " + message);
        assertTrue(run.json().get("summary").get("objects").asInt() > 0, "clean.yaml is judged all the same: " + run.describe());
        assertEquals(1, run.err().lines().count(), run.describe());
    }

    @Test
    void aChartWhoseDependenciesAreNotVendoredSaysHowToVendorThem() {
        Run run = audit(UNVENDORED.toString());
        run.assertRefused();
        assertTrue(run.err().contains(UNVENDORED + ": Helm could not render the chart: "), run.describe());
        assertTrue(run.err().contains("postgresql"), run.describe());
        assertTrue(run.err().contains("helm dependency build"), run.describe());
    }

    @Test
    void aChartFoundInADirectoryIsRenderedToo() {
        Run run = audit("--format", "json", CHARTS.toString());
        run.assertRefused(); // shop-unvendored cannot be rendered
        Set<String> files = new TreeSet<>();
        run.json().get("results").forEach(r -> files.add(r.at("/source/file").asText()));
        assertTrue(files.contains(SHOP.resolve("templates/deployment.yaml").toString()), run.describe());
        List<String> skipped = StreamSupport.stream(run.json().get("skippedFiles").spliterator(), false)
                .map(s -> s.get("file").asText()).toList();
        assertEquals(List.of(STAGING_VALUES.toString()), skipped, "a values file beside the charts is no manifest: " + run.describe());
    }

    @Test
    void sarifAndJUnitPointAtTheTemplate() throws Exception {
        JsonNode sarif = JSON.readTree(audit("--format", "sarif", "--values", STAGING_VALUES.toString(), SHOP.toString()).out());
        Set<String> uris = new TreeSet<>();
        sarif.at("/runs/0/results").forEach(r -> uris.add(r.at("/locations/0/physicalLocation/artifactLocation/uri").asText()));
        assertTrue(uris.contains(SHOP.resolve("templates/migrate-job.yaml").toString()), uris.toString());
        // every judged workload says which containers were Django, findings or not
        Set<String> djangoObjects = new TreeSet<>();
        sarif.at("/runs/0/properties/django").forEach(o -> djangoObjects.add(o.get("object").asText() + " "
                + o.at("/containers/0/container").asText() + " " + o.at("/containers/0/role").asText()));
        assertEquals(Set.of("Deployment release-name-shop web web", "Deployment release-name-worker celery worker",
                "Job release-name-shop-migrate migrate worker"), djangoObjects);
        String junit = audit("--format", "junit", "--values", STAGING_VALUES.toString(), SHOP.toString()).out();
        assertTrue(junit.contains("file=\"" + SHOP.resolve("templates/deployment.yaml") + "\""), junit);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--set|novalue|\"novalue\" is not key=value",
        "--set|a=1,=2|\"=2\" is not key=value",
        "--values|src/test/resources/charts/no-such-values.yaml|no such file",
    })
    void aBadValuesOptionIsWrongUsage(String option, String value, String problem) {
        Run run = audit(option, value, SHOP.toString());
        assertEquals(AuditCommand.UNREADABLE, run.status(), run.describe());
        assertEquals("", run.out(), run.describe());
        assertTrue(run.err().contains(problem), run.describe());
    }

    @Test
    void valuesWithoutAChartAreNamedAsDoingNothing() {
        Run run = audit("--set", "django.debug=true", CLEAN.toString());
        assertEquals(AuditCommand.OK, run.status(), run.describe());
        assertTrue(run.err().contains("--values and --set change charts only"), run.describe());
    }
}
