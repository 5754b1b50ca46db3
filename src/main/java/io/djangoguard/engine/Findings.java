package io.djangoguard.engine;

import java.util.ArrayList;
import java.util.List;

import io.djangoguard.settings.DjangoSetting;
import io.djangoguard.settings.SettingValue;

/** Collects what rules report about one object, with the severity configuration gives each rule. */
public final class Findings {

    private final Policy policy;
    private final List<Finding> list = new ArrayList<>(4);

    public Findings(Policy policy) {
        this.policy = policy;
    }

    public Policy policy() {
        return policy;
    }

    /**
     * Reports a breach of {@code setting} (null when it is about no setting, e.g. the command):
     * {@code summary} says what is wrong; the message adds where the value came from.
     */
    public void report(Rule rule, Subject subject, DjangoSetting setting, String summary) {
        String path = subject.path();
        String message = summary;
        String remediation = rule.remediation(policy);
        if (setting != null) {
            SettingValue v = subject.settings().declared(setting);
            if (v != null && v.source().path() != null) {
                path = v.source().path();
            }
            // an application's own variable is named as the application's documentation names it
            if (v != null && v.reading() != null && !v.reading().inverted() && !v.isPresetDefault() && summary.startsWith(setting.name() + " ")
                    && !v.variable().equals(setting.name()) && !v.variable().equals("DJANGO_" + setting.name())) {
                summary = v.variable() + summary.substring(setting.name().length());
            }
            message = summary + " (" + subject.settings().where(setting) + ")";
            remediation = fixFor(remediation, setting, v);
        }
        list.add(new Finding(rule.id(), rule.djangoCheck(), rule.kind(), policy.severityOf(rule), subject.label(),
                subject.containerName(), setting == null ? null : setting.name(), path, summary, message, remediation));
    }

    /**
     * The fix in the names the manifest uses: "set DJANGO_DEBUG to False" told to a container that sets {@code DEBUG}
     * would leave DEBUG on in an application that reads {@code DEBUG}, so the variable it declares is named instead;
     * for an inverted flag ({@code DISABLE_SECURE_SSL_REDIRECT}) the value to write is the opposite.
     */
    static String fixFor(String remediation, DjangoSetting setting, SettingValue v) {
        String usual = "DJANGO_" + setting.name();
        if (v == null || v.isPresetDefault() || v.variable() == null || v.variable().equals(usual) || !remediation.contains(usual)) {
            return remediation;
        }
        String fixed = remediation.replace(usual, v.variable());
        if (v.reading() != null && v.reading().inverted()) {
            fixed = fixed.replace("\"True\"", "\u0000").replace("\"False\"", "\"True\"").replace("\u0000", "\"False\"");
        }
        return fixed;
    }

    /** Reports with everything given: for findings whose place is not a setting's. */
    public void report(Rule rule, Subject subject, String setting, String path, String summary, String message) {
        report(rule, subject, setting, path, summary, message, policy.severityOf(rule));
    }

    /** For the rare finding whose severity configuration sets elsewhere (an unreachable API in fail-mode deny). */
    public void report(Rule rule, Subject subject, String setting, String path, String summary, String message,
            Severity severity) {
        list.add(new Finding(rule.id(), rule.djangoCheck(), rule.kind(), severity, subject.label(),
                subject.containerName(), setting, path, summary, message, rule.remediation(policy)));
    }

    public List<Finding> list() {
        return list;
    }
}
