package io.djangoguard.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.djangoguard.engine.Enforcement;
import io.djangoguard.engine.Engine;
import io.djangoguard.engine.Policy;
import io.djangoguard.engine.Verdict;
import io.djangoguard.report.AuditReport;
import io.djangoguard.report.ReportFormat;
import io.djangoguard.rules.RuleCatalog;

/**
 * The audit honours the rollout mode and exemptions of a Namespace written in the same manifests: what admission will
 * do once the namespace exists, and what every report format says about it.
 */
class AuditRolloutTest {

    private static final Path FILE = Path.of("src/test/resources/rollout/audit-with-namespace.yaml");

    @Test
    void aNamespaceOfTheSameManifestsSetsTheModeAndExemptions() throws Exception {
        Policy policy = Policy.defaults();
        Auditor auditor = new Auditor(new Engine(policy, RuleCatalog.all()));
        AuditReport report = auditor.audit(new ManifestReader(ManifestReader.Limits.DEFAULTS)
                .read(Files.readString(FILE), FILE.toString()), null);
        AuditReport.Result web = report.results().stream().filter(r -> r.kind().equals("Deployment")).findFirst().orElseThrow();
        assertEquals(Verdict.DENY, web.verdict(), "the verdict is what enforce would do");
        assertEquals(Enforcement.WARN, web.enforcement());
        assertFalse(web.refused(), "warn mode refuses nothing");
        assertEquals(0, report.summary().refused());
        assertFalse(report.anyDenied(), "the command line exits 0 under warn");
        AuditReport.FindingView hsts = web.findings().stream().filter(f -> f.rule().equals("hsts-preload-disabled")).findFirst()
                .orElseThrow();
        assertEquals("not on the preload list until the apex domain moves, ticket NET-12 (exempted by namespace \"shop\")",
                hsts.exempt());
        assertNull(web.findings().stream().filter(f -> f.rule().equals("debug-enabled")).findFirst().orElseThrow().exempt());

        Map<ReportFormat, String> expected = Map.of(
                ReportFormat.TEXT, "DENIED (profile declared, enforcement warn: not refused yet)",
                ReportFormat.JSON, "\"exempt\" : \"not on the preload list",
                ReportFormat.SARIF, "\"justification\" : \"not on the preload list",
                ReportFormat.JUNIT, "admission lets it through");
        for (Map.Entry<ReportFormat, String> e : expected.entrySet()) {
            String written = e.getKey().write(report, policy);
            assertTrue(written.contains(e.getValue()), e.getKey() + " should say " + e.getValue() + ":\n" + written);
        }
    }
}
