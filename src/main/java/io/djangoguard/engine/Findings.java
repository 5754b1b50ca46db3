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
        if (setting != null) {
            SettingValue v = subject.settings().declared(setting);
            if (v != null && v.source().path() != null) {
                path = v.source().path();
            }
            message = summary + " (" + subject.settings().where(setting) + ")";
        }
        report(rule, subject, setting == null ? null : setting.name(), path, summary, message);
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
