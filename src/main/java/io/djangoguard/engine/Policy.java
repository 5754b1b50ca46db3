package io.djangoguard.engine;

import java.util.Map;

import io.djangoguard.rules.Rule;
import io.djangoguard.settings.Aliases;

/**
 * What configuration decides about judging: the default profile, each rule's severity, the
 * variable names of each setting and the minimum HSTS age. Immutable; built once at start.
 */
public record Policy(Profile defaultProfile, Map<String, Severity> severities, Aliases aliases, long hstsMinSeconds) {

    public static final long ONE_YEAR = 31_536_000L;

    public static Policy defaults() {
        return new Policy(Profile.DECLARED, Map.of(), Aliases.defaults(), ONE_YEAR);
    }

    public Severity severityOf(Rule rule) {
        return severities.getOrDefault(rule.id(), rule.defaultSeverity());
    }
}
