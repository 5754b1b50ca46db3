package io.djangoguard.engine;

import java.util.Map;

import io.djangoguard.settings.Aliases;

/**
 * What configuration decides about judging: the default profile, each rule's severity, the
 * variable names of each setting, the minimum HSTS age, whether an UPDATE may keep a breach the
 * old object already had (as a warning), and whether a reference that cannot be read because the
 * API is unreachable denies. Immutable; built once at start.
 */
public record Policy(Profile defaultProfile, Map<String, Severity> severities, Aliases aliases, long hstsMinSeconds,
        boolean ratchetUpdates, boolean denyWhenUnreachable) {

    public static final long ONE_YEAR = 31_536_000L;

    public Policy(Profile defaultProfile, Map<String, Severity> severities, Aliases aliases, long hstsMinSeconds) {
        this(defaultProfile, severities, aliases, hstsMinSeconds, true, false);
    }

    public static Policy defaults() {
        return new Policy(Profile.DECLARED, Map.of(), Aliases.defaults(), ONE_YEAR);
    }

    public Severity severityOf(Rule rule) {
        return severities.getOrDefault(rule.id(), rule.defaultSeverity());
    }
}
