package io.djangoguard.report;

import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

import io.djangoguard.engine.Severity;
import io.djangoguard.engine.Verdict;

/**
 * The audit as JUnit XML, the test report Jenkins, GitLab and GitHub Actions read: one test case
 * per object. A denied object fails, one in error is an error (never a pass), a warned one passes
 * with its warnings on system-out, a skipped one is skipped with its reason. Written only from the
 * report, so it never holds a secret's value.
 */
public final class JUnitReport {

    public static final String SUITES = "django-guard";
    public static final String SUITE = "django-guard audit";

    private static final XMLOutputFactory XML = XMLOutputFactory.newFactory();

    private JUnitReport() {
    }

    /** Opens {@code <testsuites>} or {@code <testsuite>} with the counts CI servers read. */
    private static void suite(XMLStreamWriter w, String element, String name, AuditReport report) throws XMLStreamException {
        AuditReport.Summary s = report.summary();
        int unreadable = report.errors() == null ? 0 : report.errors().size();
        int skippedFiles = report.skippedFiles() == null ? 0 : report.skippedFiles().size();
        w.writeStartElement(element);
        attribute(w, "name", name);
        attribute(w, "tests", s.objects() + unreadable + skippedFiles);
        attribute(w, "failures", s.denied());
        attribute(w, "errors", s.errors() + unreadable);
        attribute(w, "skipped", s.skipped() + skippedFiles);
    }

    /** A file that was not judged, as a test case: in error when unreadable, skipped when not a manifest. */
    private static void input(XMLStreamWriter w, AuditReport.Input input, boolean unreadable) throws XMLStreamException {
        w.writeStartElement("testcase");
        attribute(w, "classname", unreadable ? "unreadable" : "not-a-manifest");
        attribute(w, "name", input.file() == null ? "-" : input.file());
        if (isFile(input.file())) {
            attribute(w, "file", input.file());
            if (input.line() > 0) {
                attribute(w, "line", input.line());
            }
        }
        w.writeCharacters("\n      ");
        if (unreadable) {
            w.writeEmptyElement("error");
            attribute(w, "type", "unreadable");
        } else {
            w.writeEmptyElement("skipped");
        }
        attribute(w, "message", input.where() + ": " + input.message());
        w.writeCharacters("\n    ");
        w.writeEndElement();
    }

    public static String write(AuditReport report) {
        StringWriter out = new StringWriter(4096);
        try {
            XMLStreamWriter w = XML.createXMLStreamWriter(out);
            w.writeStartDocument("UTF-8", "1.0");
            w.writeCharacters("\n");
            suite(w, "testsuites", SUITES, report);
            w.writeCharacters("\n  ");
            suite(w, "testsuite", SUITE, report);
            for (AuditReport.Result r : report.results()) {
                w.writeCharacters("\n    ");
                testcase(w, r);
            }
            for (AuditReport.Input i : report.errors()) {
                w.writeCharacters("\n    ");
                input(w, i, true);
            }
            for (AuditReport.Input i : report.skippedFiles()) {
                w.writeCharacters("\n    ");
                input(w, i, false);
            }
            w.writeCharacters("\n  ");
            w.writeEndElement();
            w.writeCharacters("\n");
            w.writeEndElement();
            w.writeCharacters("\n");
            w.writeEndDocument();
            w.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write the JUnit report", e);
        }
        return out.toString();
    }

    private static void testcase(XMLStreamWriter w, AuditReport.Result r) throws XMLStreamException {
        List<AuditReport.FindingView> findings = r.findings() == null ? List.of() : r.findings();
        boolean empty = (r.verdict() == Verdict.ALLOW || r.verdict() == Verdict.WARN) && findings.isEmpty()
                && r.djangoLines().isEmpty();
        if (empty) {
            w.writeEmptyElement("testcase");
        } else {
            w.writeStartElement("testcase");
        }
        attribute(w, "classname", orDash(r.namespace()) + "." + orDash(r.kind()));
        attribute(w, "name", r.name() == null ? "(unnamed)" : r.name());
        AuditReport.Source src = r.source();
        if (src != null && isFile(src.file())) {
            attribute(w, "file", src.file());
            if (src.line() > 0) {
                attribute(w, "line", src.line());
            }
        }
        if (empty) {
            return;
        }
        if (!r.djangoLines().isEmpty()) {
            djangoProperties(w, r);
        }
        if (r.verdict() == Verdict.ALLOW && findings.isEmpty()) {
            w.writeCharacters("\n    ");
            w.writeEndElement();
            return;
        }
        w.writeCharacters("\n      ");
        switch (r.verdict()) {
            case SKIPPED -> {
                w.writeEmptyElement("skipped");
                attribute(w, "message", r.skippedBecause());
            }
            case DENY -> {
                long count = findings.stream().filter(f -> f.severity() == Severity.DENY && f.exempt() == null).count();
                w.writeStartElement("failure");
                attribute(w, "type", "deny");
                attribute(w, "message", count + " finding(s) deny this object" + (r.refused() ? ""
                        : " under enforce (" + r.judgedUnder() + ": admission lets it through)"));
                text(w, lines(findings));
                w.writeEndElement();
            }
            case ERROR -> {
                // an error is never a pass: CI servers count it apart from failures, as a test that could not run
                w.writeStartElement("error");
                attribute(w, "type", errorType(r.errors()));
                attribute(w, "message", r.inError());
                text(w, lines(findings));
                w.writeEndElement();
            }
            case WARN, ALLOW -> {
                w.writeStartElement("system-out");
                text(w, lines(findings));
                w.writeEndElement();
            }
        }

        w.writeCharacters("\n    ");
        w.writeEndElement();
    }

    /**
     * Which containers were judged as Django and why, as the test case's properties (JUnit's place for facts about a
     * test that are neither its output nor its outcome): {@code django} = {@code container "web" (web): evidence}.
     */
    private static void djangoProperties(XMLStreamWriter w, AuditReport.Result r) throws XMLStreamException {
        w.writeCharacters("\n      ");
        w.writeStartElement("properties");
        for (String line : r.djangoLines()) {
            w.writeCharacters("\n        ");
            w.writeEmptyElement("property");
            attribute(w, "name", "django");
            attribute(w, "value", line);
        }
        w.writeCharacters("\n      ");
        w.writeEndElement();
    }

    /** The rule when every error comes from one, else just {@code error}. */
    static String errorType(List<AuditReport.FindingView> errors) {
        List<String> rules = errors.stream().map(AuditReport.FindingView::rule).distinct().toList();
        return rules.size() == 1 ? rules.get(0) : "error";
    }

    /** Every finding, one a line: {@code [rule] (check) container "web": message; fix: remediation}. */
    static String lines(List<AuditReport.FindingView> findings) {
        List<String> lines = new ArrayList<>(findings.size());
        for (AuditReport.FindingView f : findings) {
            lines.add(FindingLine.of(f));
        }
        return String.join("\n", lines);
    }

    /** "-" (standard input) and "request" (a request body) name no file a CI server could link to. */
    private static boolean isFile(String file) {
        return file != null && !file.isEmpty() && !file.equals("-") && !file.equals("request");
    }

    private static void attribute(XMLStreamWriter w, String name, int value) throws XMLStreamException {
        w.writeAttribute(name, Integer.toString(value));
    }

    private static void attribute(XMLStreamWriter w, String name, String value) throws XMLStreamException {
        w.writeAttribute(name, legal(value));
    }

    private static void text(XMLStreamWriter w, String value) throws XMLStreamException {
        w.writeCharacters(legal(value));
    }

    /**
     * StAX escapes markup but writes any character; XML 1.0 cannot hold most control characters,
     * even escaped, so they become U+FFFD rather than making the document unreadable.
     */
    static String legal(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            int c = s.codePointAt(i);
            boolean ok = c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF)
                    || (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
            if (!ok && b == null) {
                b = new StringBuilder(s.length()).append(s, 0, i);
            }
            if (b != null) {
                if (ok) {
                    b.appendCodePoint(c);
                } else {
                    b.append('\uFFFD');
                }
            }
            if (c > 0xFFFF) {
                i++;
            }
        }
        return b == null ? s : b.toString();
    }

    private static String orDash(String s) {
        return s == null || s.isEmpty() ? "-" : s;
    }
}
