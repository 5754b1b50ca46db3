package io.djangoguard.engine;

/**
 * One breach of the checklist, or one thing that could not be evaluated ({@link Kind#ERROR}): which rule, where ({@code subject}: {@code container "web"},
 * {@code ConfigMap "shop-config"}; {@code path} in the object), what is wrong ({@code summary}
 * alone, {@code message} with where the value came from) and how to fix it. Neither ever holds a
 * secret's value. {@code exemptReason}: null, or why an exemption covers it.
 */
public record Finding(
        String rule,
        String djangoCheck,
        Kind kind,
        Severity severity,
        String subject,
        String container,
        String setting,
        String path,
        String summary,
        String message,
        String remediation,
        String exemptReason) {

    /** A finding no exemption covers. */
    public Finding(String rule, String djangoCheck, Kind kind, Severity severity, String subject, String container,
            String setting, String path, String summary, String message, String remediation) {
        this(rule, djangoCheck, kind, severity, subject, container, setting, path, summary, message, remediation, null);
    }

    /**
     * Whether an exemption ({@code django-guard.io/exempt} with a reason) covers it: it never denies, and comes back
     * as a warning that says it is exempt and why.
     */
    public boolean exempt() {
        return exemptReason != null;
    }

    /** This finding, exempted for {@code reason} (where the exemption was written, and the reason given). */
    public Finding exemptFor(String reason) {
        return new Finding(rule, djangoCheck, kind, severity, subject, container, setting, path, summary, message,
                remediation, reason);
    }

    /** Whether it denies under {@code enforce}: at deny and not exempt. */
    public boolean denies() {
        return severity == Severity.DENY && exemptReason == null;
    }

    /** A breach of the checklist, or an error: something that could not be evaluated, which is never a pass. */
    public enum Kind {
        BREACH, ERROR;

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The same finding about another subject: a workload that a ConfigMap change breaks. */
    public Finding about(String otherSubject) {
        return new Finding(rule, djangoCheck, kind, severity, otherSubject, container, setting, path, summary, message,
                remediation, exemptReason);
    }
}
