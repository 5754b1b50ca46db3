package io.djangoguard.report;

import io.djangoguard.engine.Finding;

/**
 * The one way a finding is written on a line, {@code [rule] (check) subject: message; fix: remediation}:
 * in a denial, the text report, JUnit and SARIF alike, so a person meets the same line at admission
 * and in CI.
 */
final class FindingLine {

    /** Kubernetes shortens warnings longer than this; kubectl shows each on one line. */
    static final int MAX_WARNING_LENGTH = 120;

    private FindingLine() {
    }

    /** {@code [debug-enabled] (security.W018) container "web": <message>; fix: <remediation>}: a line of a denial. */
    static String of(Finding f) {
        String line = line(f.rule(), f.djangoCheck(), f.subject(), f.message(), f.remediation());
        return f.exempt() ? line + "; exempt: " + f.exemptReason() : line;
    }

    static String of(AuditReport.FindingView f) {
        String line = line(f.rule(), f.djangoCheck(), f.subject(), f.message(), f.remediation());
        return f.exempt() == null ? line : line + "; exempt: " + f.exempt();
    }

    /** The short form for {@code response.warnings}: the summary, under {@link #MAX_WARNING_LENGTH} characters. */
    static String warning(Finding f) {
        return warning(f, "");
    }

    /**
     * The same, after {@code lead} ({@code "would deny: "} in warn mode). An exempt finding says so before the rule's
     * subject: {@code [debug-enabled] exempt, <reason> (exempted by the object): container "web": DEBUG is on}.
     */
    static String warning(Finding f, String lead) {
        StringBuilder b = new StringBuilder(160).append(lead);
        if (f.exempt()) {
            b.append('[').append(f.rule()).append("] exempt, ").append(f.exemptReason()).append(": ").append(f.subject())
                    .append(": ").append(f.summary());
        } else {
            b.append(prefix(f.rule(), f.djangoCheck(), f.subject())).append(f.summary());
        }
        String w = b.toString();
        return w.length() < MAX_WARNING_LENGTH ? w : w.substring(0, MAX_WARNING_LENGTH - 4) + "...";
    }

    /** What is wrong and how to fix it, without who: for formats that say the rule and the place apart (SARIF). */
    static String messageAndFix(String message, String remediation) {
        return message + "; fix: " + remediation;
    }

    private static String line(String rule, String djangoCheck, String subject, String message, String remediation) {
        return prefix(rule, djangoCheck, subject).append(messageAndFix(message, remediation)).toString();
    }

    private static StringBuilder prefix(String rule, String djangoCheck, String subject) {
        StringBuilder b = new StringBuilder(256).append('[').append(rule).append("] ");
        if (djangoCheck != null) {
            b.append('(').append(djangoCheck).append(") ");
        }
        return b.append(subject).append(": ");
    }
}
