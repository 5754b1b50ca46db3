package io.djangoguard.realworld;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import io.djangoguard.audit.Auditor;
import io.djangoguard.audit.ManifestReader;
import io.djangoguard.engine.Engine;
import io.djangoguard.engine.Policy;
import io.djangoguard.engine.Severity;
import io.djangoguard.report.AuditReport;
import io.djangoguard.rules.RuleCatalog;

/**
 * Public Django deployments as their repositories hold them ({@code src/test/resources/realworld/<slug>/}: the
 * manifests or the chart rendered with its default values, and {@code source.yaml} naming repository, commit and
 * paths, with what a reviewer finds there, written by reading the manifests against Django's deployment checklist).
 * Measures how many of the expected findings the audit makes (recall), how many Django containers it recognises,
 * and whether it denies any container that is not Django. Writes its table to target/realworld-report.txt.
 */
class RealWorldTest {

    static final Path ROOT = Path.of("src/test/resources/realworld");
    /** The target: at least 90% of what a reviewer finds (the report lists what is missed). */
    static final double MIN_RECALL = 0.90;

    record Deployment(String slug, List<Map<String, Object>> expected, List<Map<String, Object>> notDjango,
            List<Map<String, Object>> django, AuditReport report) {
    }

    static final List<Deployment> DEPLOYMENTS = new ArrayList<>();
    static final StringBuilder TABLE = new StringBuilder();
    static int expected;
    static int found;
    static int djangoExpected;
    static int djangoFound;
    static final List<String> missed = new ArrayList<>();
    static final List<String> falseDenials = new ArrayList<>();
    static final List<String> unrecognised = new ArrayList<>();

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void auditEveryDeployment() throws IOException {
        Engine engine = new Engine(Policy.defaults(), RuleCatalog.all());
        ManifestReader reader = new ManifestReader(ManifestReader.Limits.DEFAULTS);
        List<Path> folders;
        try (Stream<Path> list = Files.list(ROOT)) {
            folders = list.filter(Files::isDirectory).sorted().toList();
        }
        for (Path folder : folders) {
            Map<String, Object> source = (Map<String, Object>) new Load(LoadSettings.builder().build())
                    .loadFromString(Files.readString(folder.resolve("source.yaml")));
            List<ManifestReader.Document> documents = new ArrayList<>();
            // read document by document, as the command line does, so one a reader refuses does not hide the rest
            for (String doc : Files.readString(folder.resolve("manifests.yaml")).split("(?m)^---\\s*$")) {
                try {
                    documents.addAll(reader.read(doc, folder.getFileName() + "/manifests.yaml"));
                } catch (Exception e) {
                    // an object the reader refuses is not judged; the expectation on it then counts as missed
                }
            }
            AuditReport report = new Auditor(engine).audit(documents, null);
            DEPLOYMENTS.add(new Deployment(folder.getFileName().toString(), list(source, "expected"), list(source, "notDjango"),
                    list(source, "django"), report));
        }
        for (Deployment d : DEPLOYMENTS) {
            int e = 0;
            int f = 0;
            for (Map<String, Object> x : d.expected()) {
                e++;
                if (findingMatches(d.report(), x)) {
                    f++;
                } else {
                    missed.add(d.slug() + ": " + x.get("object") + " " + x.get("container") + " " + x.get("rule") + " (" + x.get("why") + ")");
                }
            }
            for (Map<String, Object> x : d.notDjango()) {
                AuditReport.Result r = result(d.report(), String.valueOf(x.get("object")));
                if (r != null && r.findings().stream().anyMatch(fv -> String.valueOf(x.get("container")).equals(fv.container())
                        && fv.severity() == Severity.DENY)) {
                    falseDenials.add(d.slug() + ": " + x.get("object") + " " + x.get("container"));
                }
            }
            int de = 0;
            int df = 0;
            for (Map<String, Object> x : d.django()) {
                de++;
                AuditReport.Result r = result(d.report(), String.valueOf(x.get("object")));
                if (r != null && r.django() != null && r.django().stream().anyMatch(c -> c.container().equals(String.valueOf(x.get("container"))))) {
                    df++;
                } else {
                    unrecognised.add(d.slug() + ": " + x.get("object") + " " + x.get("container") + " (" + x.get("why") + ")");
                }
            }
            expected += e;
            found += f;
            djangoExpected += de;
            djangoFound += df;
            TABLE.append(String.format("%-45s findings %2d/%-2d  django containers %2d/%-2d%n", d.slug(), f, e, df, de));
        }
        TABLE.append(String.format("%nrecall %d/%d = %.0f%%, Django containers recognised %d/%d = %.0f%%, false denials %d%n",
                found, expected, 100.0 * found / Math.max(1, expected), djangoFound, djangoExpected,
                100.0 * djangoFound / Math.max(1, djangoExpected), falseDenials.size()));
        TABLE.append("\nmissed findings:\n");
        missed.forEach(m -> TABLE.append("  ").append(m).append('\n'));
        TABLE.append("\nDjango containers not recognised:\n");
        unrecognised.forEach(m -> TABLE.append("  ").append(m).append('\n'));
        TABLE.append("\nfalse denials:\n");
        falseDenials.forEach(m -> TABLE.append("  ").append(m).append('\n'));
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target/realworld-report.txt"), TABLE);
        System.out.println(TABLE);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Map<String, Object> source, String key) {
        Object v = source.get(key);
        return v == null ? List.of() : (List<Map<String, Object>>) v;
    }

    /** {@code Kind/name} → its result. */
    private static AuditReport.Result result(AuditReport report, String object) {
        int slash = object.indexOf('/');
        String kind = object.substring(0, slash);
        String name = object.substring(slash + 1);
        return report.results().stream().filter(r -> kind.equals(r.kind()) && name.equals(r.name())).findFirst().orElse(null);
    }

    /**
     * The finding on the object and container named; a finding expected on a ConfigMap also counts where a
     * workload reading that ConfigMap reports it (django-guard judges a ConfigMap with no DJANGO_ key through its readers).
     */
    private static boolean findingMatches(AuditReport report, Map<String, Object> x) {
        String rule = String.valueOf(x.get("rule"));
        String object = String.valueOf(x.get("object"));
        Object container = x.get("container");
        AuditReport.Result r = result(report, object);
        if (r != null && r.findings().stream().anyMatch(f -> f.rule().equals(rule)
                && (container == null || String.valueOf(container).equals(f.container())))) {
            return true;
        }
        if (object.startsWith("ConfigMap/") || object.startsWith("Secret/")) {
            String name = object.substring(object.indexOf('/') + 1);
            return report.results().stream().flatMap(res -> res.findings().stream())
                    .anyMatch(f -> f.rule().equals(rule) && f.message().contains("\"" + name + "\""));
        }
        return false;
    }

    @Test
    void atLeastTwentyFiveDeploymentsFromTwentyRepositories() throws IOException {
        assertTrue(DEPLOYMENTS.size() >= 25, "deployments: " + DEPLOYMENTS.size());
    }

    @Test
    void noContainerThatIsNotDjangoIsDenied() {
        assertEquals(List.of(), falseDenials, TABLE.toString());
    }

    @Test
    void recall() {
        assertTrue(found >= MIN_RECALL * expected, TABLE.toString());
    }
}
