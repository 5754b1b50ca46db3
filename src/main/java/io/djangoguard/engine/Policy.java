package io.djangoguard.engine;

import java.util.Map;
import java.util.Set;

import io.djangoguard.settings.Aliases;
import io.djangoguard.settings.DjangoVersion;
import io.djangoguard.settings.KnownKeys;
import io.djangoguard.settings.Presets;

/**
 * What configuration decides about judging: the default profile, each rule's severity, the
 * variable names of each setting, the minimum HSTS age, whether an UPDATE may keep a breach the
 * old object already had (as a warning), and whether a reference that cannot be read because the
 * API is unreachable denies, the application presets, the published secret keys, which Django reads values, the rollout
 * mode and the rules no exemption may switch off. Immutable; built once at start.
 */
public record Policy(Profile defaultProfile, Map<String, Severity> severities, Aliases aliases, long hstsMinSeconds,
        boolean ratchetUpdates, boolean denyWhenUnreachable, Presets presets, KnownKeys knownKeys, DjangoVersion djangoVersion,
        Enforcement enforcement, Set<String> unexemptable) {

    public static final long ONE_YEAR = 31_536_000L;

    /**
     * The rules no exemption may switch off by default: a key written into a manifest or known to the world is a
     * breach whatever the reason, and it cannot be taken back once committed.
     */
    public static final Set<String> UNEXEMPTABLE = Set.of("secret-key-inline", "secret-key-committed", "secret-key-known");

    public Policy(Profile defaultProfile, Map<String, Severity> severities, Aliases aliases, long hstsMinSeconds,
            boolean ratchetUpdates, boolean denyWhenUnreachable, Presets presets, KnownKeys knownKeys, DjangoVersion djangoVersion) {
        this(defaultProfile, severities, aliases, hstsMinSeconds, ratchetUpdates, denyWhenUnreachable, presets, knownKeys,
                djangoVersion, Enforcement.ENFORCE, UNEXEMPTABLE);
    }

    public Policy(Profile defaultProfile, Map<String, Severity> severities, Aliases aliases, long hstsMinSeconds) {
        this(defaultProfile, severities, aliases, hstsMinSeconds, true, false);
    }

    public Policy(Profile defaultProfile, Map<String, Severity> severities, Aliases aliases, long hstsMinSeconds,
            boolean ratchetUpdates, boolean denyWhenUnreachable) {
        this(defaultProfile, severities, aliases, hstsMinSeconds, ratchetUpdates, denyWhenUnreachable, Presets.builtIn());
    }

    public Policy(Profile defaultProfile, Map<String, Severity> severities, Aliases aliases, long hstsMinSeconds,
            boolean ratchetUpdates, boolean denyWhenUnreachable, Presets presets) {
        this(defaultProfile, severities, aliases, hstsMinSeconds, ratchetUpdates, denyWhenUnreachable, presets,
                KnownKeys.builtIn(), DjangoVersion.DJANGO_5_2);
    }

    /** This policy with values read by another Django and django-environ. */
    public Policy readBy(DjangoVersion version) {
        return new Policy(defaultProfile, severities, aliases, hstsMinSeconds, ratchetUpdates, denyWhenUnreachable, presets,
                knownKeys, version, enforcement, unexemptable);
    }

    /** This policy under another rollout mode and list of rules that cannot be exempted. */
    public Policy rolledOut(Enforcement mode, Set<String> notExemptable) {
        return new Policy(defaultProfile, severities, aliases, hstsMinSeconds, ratchetUpdates, denyWhenUnreachable, presets,
                knownKeys, djangoVersion, mode, Set.copyOf(notExemptable));
    }

    public static Policy defaults() {
        return new Policy(Profile.DECLARED, Map.of(), Aliases.defaults(), ONE_YEAR);
    }

    public Severity severityOf(Rule rule) {
        return severities.getOrDefault(rule.id(), rule.defaultSeverity());
    }
}
