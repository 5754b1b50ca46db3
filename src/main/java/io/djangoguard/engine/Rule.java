package io.djangoguard.engine;


/**
 * One item of the checklist. Its id is used everywhere: configuration
 * ({@code django-guard.severity.<id>}), the fixture folder {@code rules/<id>/}, messages and docs.
 */
public abstract class Rule {

    private final String id;
    private final String djangoCheck;
    private final Severity defaultSeverity;
    private final String looksAt;
    private final String remediation;

    protected Rule(String id, String djangoCheck, Severity defaultSeverity, String looksAt, String remediation) {
        this.id = id;
        this.djangoCheck = djangoCheck;
        this.defaultSeverity = defaultSeverity;
        this.looksAt = looksAt;
        this.remediation = remediation;
    }

    public final String id() {
        return id;
    }

    /** The id of Django's own check for the same thing ({@code security.W018}), or null. */
    public final String djangoCheck() {
        return djangoCheck;
    }

    public final Severity defaultSeverity() {
        return defaultSeverity;
    }

    /** One sentence: what the rule looks at and when it fires. */
    public final String looksAt() {
        return looksAt;
    }

    /**
     * {@code BREACH}: the rule judges the checklist. {@code ERROR}: it reports what could not be
     * evaluated; its severity may be deny or warn, never off, because an error is never a pass.
     */
    public Finding.Kind kind() {
        return Finding.Kind.BREACH;
    }

    /**
     * Whether the rule concerns HTTP responses (cookies, the SSL redirect, HSTS, security headers): the declared
     * profile applies it to web containers only, since a migration Job or a celery worker serves no page.
     */
    public boolean concernsWebOnly() {
        return false;
    }

    /** How to fix a finding; a rule whose fix depends on configuration overrides this. */
    public String remediation(Policy policy) {
        return remediation;
    }

    /** Reports into {@code out} every breach in {@code subject}; reports nothing when it cannot tell. */
    public abstract void check(Subject subject, Findings out);
}
