package io.djangoguard.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import io.djangoguard.engine.Finding;
import io.djangoguard.engine.ObjectResult;
import io.djangoguard.engine.Profile;
import io.djangoguard.engine.Severity;
import io.djangoguard.engine.Verdict;
import io.djangoguard.report.SarifReportTest.ShopAudit;

/** The JUnit XML is what CI servers read: one test case per object, and no secret. */
class JUnitReportTest {

    static AuditReport report;
    static String xml;
    static Element suites;
    static Element suite;
    static List<Element> cases;

    @BeforeAll
    static void write() throws Exception {
        report = ShopAudit.report();
        xml = JUnitReport.write(report);
        suites = parse(xml).getDocumentElement();
        suite = only(suites, "testsuite");
        cases = children(suite, "testcase");
    }

    @Test
    void countsMatchTheSummary() {
        AuditReport.Summary s = report.summary();
        assertEquals("testsuites", suites.getTagName());
        assertEquals("django-guard", suites.getAttribute("name"));
        for (Element e : List.of(suites, suite)) {
            assertEquals(Integer.toString(s.objects()), e.getAttribute("tests"));
            assertEquals(Integer.toString(s.denied()), e.getAttribute("failures"));
            assertEquals(Integer.toString(s.skipped()), e.getAttribute("skipped"));
        }
        assertEquals("django-guard audit", suite.getAttribute("name"));
        assertEquals(Integer.toString(s.errors()), suite.getAttribute("errors"));
        assertEquals("0", suite.getAttribute("errors"));
        assertEquals(s.objects(), cases.size());
        assertEquals(s.denied(), count("failure"));
        assertEquals(s.skipped(), count("skipped"));
        assertEquals(0, count("error"));
    }

    @Test
    void oneTestCasePerObjectInOrder() {
        List<String> names = new ArrayList<>();
        for (Element c : cases) {
            names.add(c.getAttribute("classname") + " " + c.getAttribute("name"));
        }
        assertEquals(List.of("shop.Deployment shop-web", "shop.Deployment shop-warn", "shop.Deployment shop-good",
                "shop.Service shop"), names);
        for (int i = 0; i < cases.size(); i++) {
            assertEquals("k8s/shop.yaml", cases.get(i).getAttribute("file"));
            assertEquals(Integer.toString(ShopAudit.line(i)), cases.get(i).getAttribute("line"));
        }
    }

    @Test
    void theDeniedObjectFailsWithEveryFinding() {
        Element failure = only(cases.get(0), "failure");
        AuditReport.Result denied = report.results().get(0);
        long denying = denied.findings().stream().filter(f -> f.severity() == Severity.DENY).count();
        assertEquals("deny", failure.getAttribute("type"));
        assertEquals(denying + " finding(s) deny this object", failure.getAttribute("message"));
        String[] lines = failure.getTextContent().split("\n");
        assertEquals(denied.findings().size(), lines.length, failure.getTextContent());
        for (int i = 0; i < lines.length; i++) {
            AuditReport.FindingView f = denied.findings().get(i);
            assertTrue(lines[i].startsWith("[" + f.rule() + "] "), lines[i]);
            assertTrue(lines[i].contains(" container \"web\": " + f.message() + "; fix: " + f.remediation()), lines[i]);
        }
        String text = failure.getTextContent();
        for (String rule : List.of("debug-enabled", "allowed-hosts-wildcard", "secret-key-inline", "hsts-disabled")) {
            assertTrue(text.contains("[" + rule + "]"), rule + " missing from " + text);
        }
        assertTrue(text.contains("[debug-enabled] (security.W018) container \"web\": "), text);
        assertTrue(children(cases.get(0), "system-out").isEmpty());
    }

    @Test
    void theWarnedObjectPassesWithItsWarnings() {
        Element warned = cases.get(1);
        assertTrue(children(warned, "failure").isEmpty());
        assertTrue(children(warned, "skipped").isEmpty());
        String out = only(warned, "system-out").getTextContent();
        assertTrue(out.contains("[hsts-disabled]"), out);
        assertEquals(report.results().get(1).findings().size(), out.split("\n").length, out);
    }

    @Test
    void theAllowedObjectJustPasses() {
        for (String outcome : List.of("failure", "error", "skipped", "system-out")) {
            assertTrue(children(cases.get(2), outcome).isEmpty(), outcome);
        }
        // what it holds is which container was judged as Django, and why
        Element property = only(only(cases.get(2), "properties"), "property");
        assertEquals("django", property.getAttribute("name"));
        assertTrue(property.getAttribute("value").startsWith("container \"web\" (web): "), property.getAttribute("value"));
    }

    @Test
    void theServiceIsSkipped() {
        Element skipped = only(cases.get(3), "skipped");
        assertEquals("not a kind django-guard judges", skipped.getAttribute("message"));
        assertTrue(children(cases.get(3), "failure").isEmpty());
    }

    @Test
    void anObjectInErrorIsAnErrorCountedApartFromFailures() throws Exception {
        AuditReport trouble = TroubleAudit.report();
        Element root = parse(JUnitReport.write(trouble)).getDocumentElement();
        Element troubleSuite = only(root, "testsuite");
        for (Element e : List.of(root, troubleSuite)) {
            assertEquals("4", e.getAttribute("tests"));
            assertEquals("0", e.getAttribute("failures"));
            assertEquals("2", e.getAttribute("errors"), "errors is the count of objects in error, never 0 by fiat");
            assertEquals("2", e.getAttribute("skipped"));
        }
        List<Element> tc = children(troubleSuite, "testcase");
        Element atDeny = only(tc.get(0), "error");
        assertEquals("invalid-setting-value", atDeny.getAttribute("type"));
        assertEquals("could not be fully judged (1 error); admission would refuse it", atDeny.getAttribute("message"));
        assertEquals(FindingLine.of(trouble.results().get(0).findings().get(0)), atDeny.getTextContent());
        Element atWarn = only(tc.get(1), "error");
        assertEquals("reference-unresolved", atWarn.getAttribute("type"));
        assertEquals("could not be fully judged (1 error); admission would let it through with a warning",
                atWarn.getAttribute("message"));
        assertTrue(atWarn.getTextContent().startsWith("[reference-unresolved] container \"worker\": "), atWarn.getTextContent());
        for (Element c : tc.subList(0, 2)) {
            assertTrue(children(c, "failure").isEmpty() && children(c, "system-out").isEmpty(), "an error is no pass");
        }
    }

    @Test
    void errorsFromSeveralRulesAreTypedError() {
        AuditReport.FindingView a = new AuditReport.FindingView("invalid-setting-value", null, Finding.Kind.ERROR,
                Severity.DENY, "container \"web\"", "web", "DEBUG", "p", "m", "r");
        AuditReport.FindingView b = new AuditReport.FindingView("reference-unresolved", null, Finding.Kind.ERROR,
                Severity.WARN, "container \"web\"", "web", null, "p", "m", "r");
        assertEquals("invalid-setting-value", JUnitReport.errorType(List.of(a, a)));
        assertEquals("error", JUnitReport.errorType(List.of(a, b)));
    }

    @Test
    void aSkippedObjectCarriesItsReason() throws Exception {
        Element root = parse(JUnitReport.write(TroubleAudit.report())).getDocumentElement();
        List<Element> tc = children(only(root, "testsuite"), "testcase");
        assertEquals(TroubleAudit.NO_TEMPLATE, only(tc.get(2), "skipped").getAttribute("message"));
        assertEquals(ObjectResult.NOT_JUDGED, only(tc.get(3), "skipped").getAttribute("message"));
    }

    @Test
    void escapesMarkup() throws Exception {
        String nasty = "a <b> & \"c\" 'd' ]]> e";
        AuditReport.FindingView f = new AuditReport.FindingView("debug-enabled", null, Finding.Kind.BREACH, Severity.DENY,
                "container \"w<&\">\"", "w<&\">", "DEBUG", "spec.containers[0]", "message " + nasty, "fix " + nasty + "\u0001");
        AuditReport.FindingView w = new AuditReport.FindingView("hsts-disabled", "security.W004", Finding.Kind.BREACH,
                Severity.WARN, "ConfigMap \"cm<&\">\"", null, "SECURE_HSTS_SECONDS", "data.X", "warn " + nasty, "fix");
        AuditReport r = new AuditReport(new AuditReport.Summary(3, 1, 0, 1, 0, 1, 1), List.of(
                new AuditReport.Result("apps/v1", "Deployment", "n<&\">", "name " + nasty, Verdict.DENY, null, Profile.DECLARED,
                        new AuditReport.Source("dir/<&\">.yaml", 2, 9), List.of(f)),
                new AuditReport.Result("v1", "ConfigMap", null, "cm<&\">", Verdict.WARN, null, Profile.DECLARED,
                        new AuditReport.Source("-", 1, 1), List.of(w)),
                new AuditReport.Result("v1", "Service", null, null, Verdict.SKIPPED, ObjectResult.NOT_JUDGED, null, null,
                        List.of())));
        String out = JUnitReport.write(r);
        Element root = parse(out).getDocumentElement();
        List<Element> tc = children(only(root, "testsuite"), "testcase");
        assertEquals(3, tc.size());
        assertEquals("n<&\">.Deployment", tc.get(0).getAttribute("classname"));
        assertEquals("name " + nasty, tc.get(0).getAttribute("name"));
        assertEquals("dir/<&\">.yaml", tc.get(0).getAttribute("file"));
        assertEquals("9", tc.get(0).getAttribute("line"));
        assertEquals("[debug-enabled] container \"w<&\">\": message " + nasty + "; fix: fix " + nasty + "\uFFFD",
                only(tc.get(0), "failure").getTextContent());
        assertEquals("-.ConfigMap", tc.get(1).getAttribute("classname"));
        assertFalse(tc.get(1).hasAttribute("file"), "standard input is no file");
        assertEquals("[hsts-disabled] (security.W004) ConfigMap \"cm<&\">\": warn " + nasty + "; fix: fix",
                only(tc.get(1), "system-out").getTextContent());
        assertEquals("(unnamed)", tc.get(2).getAttribute("name"));
        assertFalse(tc.get(2).hasAttribute("file"));
        assertEquals(1, children(tc.get(2), "skipped").size());
    }

    @Test
    void neverHoldsTheSecret() {
        assertTrue(ShopAudit.YAML.contains(ShopAudit.SECRET), "the fixture carries the secret");
        for (String piece : ShopAudit.PIECES) {
            assertFalse(xml.contains(piece), "the JUnit report gives away the secret key (" + piece + ")");
        }
    }

    private static int count(String tag) {
        return suite.getElementsByTagName(tag).getLength();
    }

    static Document parse(String xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    static List<Element> children(Element parent, String tag) {
        List<Element> out = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            Node n = nodes.item(i);
            if (n instanceof Element e && e.getTagName().equals(tag)) {
                out.add(e);
            }
        }
        return out;
    }

    static Element only(Element parent, String tag) {
        List<Element> found = children(parent, tag);
        assertEquals(1, found.size(), "<" + tag + "> under <" + parent.getTagName() + ">");
        return found.get(0);
    }
}
