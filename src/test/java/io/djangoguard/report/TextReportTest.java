package io.djangoguard.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.djangoguard.engine.ObjectResult;
import io.djangoguard.report.SarifReportTest.ShopAudit;

/** The text report: each object's verdict (an error with what admission would do, a skip with why), one line per finding. */
class TextReportTest {

    static final String TROUBLE = TextReport.write(TroubleAudit.report());

    /** The report's lines but the Django evidence under each workload ({@link #eachWorkloadSaysWhichContainersAreDjango}). */
    static List<String> lines(String text) {
        return text.lines().filter(l -> !l.startsWith("  django ")).toList();
    }

    @Test
    void eachWorkloadSaysWhichContainersAreDjango() {
        List<String> all = TROUBLE.lines().toList();
        assertEquals("  django container \"web\" (web): gunicorn serves shop.wsgi; DJANGO_SETTINGS_MODULE is set; "
                + "Django settings in its environment: DJANGO_DEBUG; web: runs a WSGI/ASGI server", all.get(1));
        assertTrue(all.get(4).startsWith("  django container \"worker\" (worker): "), all.get(4));
        assertEquals(2, all.stream().filter(l -> l.startsWith("  django ")).count(), TROUBLE);
    }

    @Test
    void anObjectInErrorSaysSoAndWhetherAdmissionWouldRefuseIt() {
        List<String> lines = lines(TROUBLE);
        assertEquals("Deployment shop/unreadable (k8s/trouble.yaml:" + TroubleAudit.line(0) + "): ERROR (profile declared, enforcement enforce): could not be fully judged "
                + "(1 error); admission would refuse it", lines.get(0));
        assertTrue(lines.get(1).startsWith("  error  [invalid-setting-value] container \"web\": env DJANGO_DEBUG = \"maybe\" "),
                lines.get(1));
        assertEquals("Deployment shop/unresolved (k8s/trouble.yaml:" + TroubleAudit.line(1) + "): ERROR (profile declared, enforcement enforce): could not be fully judged "
                + "(1 error); admission would let it through with a warning", lines.get(2));
        assertTrue(lines.get(3).startsWith("  error  [reference-unresolved] container \"worker\": ConfigMap \"worker-settings\""),
                lines.get(3));
    }

    @Test
    void aSkippedObjectSaysWhy() {
        List<String> lines = lines(TROUBLE);
        assertEquals("Deployment shop/empty (k8s/trouble.yaml:" + TroubleAudit.line(2) + "): skipped (" + TroubleAudit.NO_TEMPLATE + ")", lines.get(4));
        assertEquals("Service shop/shop (k8s/trouble.yaml:" + TroubleAudit.line(3) + "): skipped (" + ObjectResult.NOT_JUDGED + ")", lines.get(5));
    }

    @Test
    void theSummaryLineCountsErrors() {
        List<String> lines = lines(TROUBLE);
        assertEquals("", lines.get(6));
        assertEquals("4 objects: 0 denied, 2 in error, 0 warned, 0 allowed, 2 skipped", lines.get(7));
        assertEquals(8, lines.size(), TROUBLE);
    }

    @Test
    void aFindingReadsAsInTheDenial() {
        AuditReport report = ShopAudit.report();
        String text = TextReport.write(report);
        String denial = DenialMessage.of(ShopAudit.judged().get(0));
        AuditReport.Result denied = report.results().get(0);
        assertFalse(denied.findings().isEmpty());
        for (AuditReport.FindingView f : denied.findings()) {
            String line = FindingLine.of(f);
            assertTrue(line.endsWith("; fix: " + f.remediation()), line);
            assertTrue(text.contains("\n  " + f.severity().id() + "  " + line + "\n"), line + " in\n" + text);
            assertTrue(denial.contains("\n" + line), line + " in\n" + denial);
        }
    }

    @Test
    void neverHoldsTheSecret() {
        String text = TextReport.write(ShopAudit.report());
        for (String piece : ShopAudit.PIECES) {
            assertFalse(text.contains(piece), "the text report gives away the secret key (" + piece + ")");
        }
    }
}
