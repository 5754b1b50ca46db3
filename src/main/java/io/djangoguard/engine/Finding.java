package io.djangoguard.engine;

/**
 * One breach of the checklist, or one thing that could not be evaluated ({@link Kind#ERROR}): which rule, where ({@code subject}: {@code container "web"},
 * {@code ConfigMap "shop-config"}; {@code path} in the object), what is wrong ({@code summary}
 * alone, {@code message} with where the value came from) and how to fix it. Neither ever holds a
 * secret's value.
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
        String remediation) {

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
                remediation);
    }
}
