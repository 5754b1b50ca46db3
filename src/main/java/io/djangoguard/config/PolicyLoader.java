package io.djangoguard.config;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.eclipse.microprofile.config.Config;

import io.djangoguard.engine.Policy;
import io.djangoguard.engine.Profile;
import io.djangoguard.engine.Severity;
import io.djangoguard.engine.Rule;
import io.djangoguard.rules.RuleCatalog;
import io.djangoguard.settings.Aliases;
import io.djangoguard.settings.DjangoSetting;

/** Turns configuration into a {@link Policy}, refusing anything it does not understand. */
public final class PolicyLoader {

    private PolicyLoader() {
    }

    /** A configuration value that makes no sense; the message names the key and what it accepts. */
    public static final class InvalidConfigException extends io.quarkus.runtime.configuration.ConfigurationException {
        public InvalidConfigException(String message) {
            super(message);
        }
    }

    public static Policy load(String profile, Map<String, String> severity, Map<String, List<String>> aliases,
            long hstsMinSeconds) {
        Profile p = Profile.fromId(profile);
        if (p == null) {
            throw new InvalidConfigException("django-guard.profile=" + profile + ": use declared or strict");
        }
        Map<String, Severity> severities = new HashMap<>();
        for (Map.Entry<String, String> e : severity.entrySet()) {
            Rule rule = RuleCatalog.byId(e.getKey());
            if (rule == null) {
                throw new InvalidConfigException("django-guard.severity." + e.getKey() + ": no such rule (rules: "
                        + RuleCatalog.all().stream().map(Rule::id).collect(Collectors.joining(", ")) + ")");
            }
            try {
                severities.put(rule.id(), Severity.parse(e.getValue()));
            } catch (IllegalArgumentException ex) {
                throw new InvalidConfigException("django-guard.severity." + e.getKey() + ": " + ex.getMessage());
            }
        }
        Map<DjangoSetting, List<String>> names = new EnumMap<>(DjangoSetting.class);
        for (Map.Entry<String, List<String>> e : aliases.entrySet()) {
            DjangoSetting s = DjangoSetting.fromConfigKey(e.getKey());
            if (s == null) {
                throw new InvalidConfigException("django-guard.aliases." + e.getKey() + ": no such setting (settings: "
                        + java.util.Arrays.stream(DjangoSetting.values()).map(DjangoSetting::configKey)
                                .collect(Collectors.joining(", ")) + ")");
            }
            names.put(s, e.getValue().stream().map(String::strip).filter(n -> !n.isEmpty()).toList());
        }
        if (hstsMinSeconds < 0) {
            throw new InvalidConfigException("django-guard.hsts-min-seconds=" + hstsMinSeconds + ": must not be negative");
        }
        return new Policy(p, Map.copyOf(severities), Aliases.of(names), hstsMinSeconds);
    }

    /**
     * Reads the policy from any MicroProfile Config: the server's, or one the command line builds
     * without starting a server. Map keys cannot be told apart in environment variable names
     * ({@code DJANGO_GUARD_SEVERITY_DEBUG_ENABLED}), so each known key is asked for by its exact
     * name, which every config source answers; the other names under the prefix are checked too,
     * so that a misspelt key is refused rather than ignored.
     */
    public static Policy load(Config config) {
        Map<String, String> severity = new HashMap<>();
        Map<String, List<String>> aliases = new HashMap<>();
        for (String name : config.getPropertyNames()) {
            if (name.startsWith(SEVERITY)) {
                config.getOptionalValue(name, String.class).ifPresent(v -> severity.put(name.substring(SEVERITY.length()), v));
            } else if (name.startsWith(ALIASES)) {
                config.getOptionalValues(name, String.class).ifPresent(v -> aliases.put(name.substring(ALIASES.length()), v));
            }
        }
        for (Rule rule : RuleCatalog.all()) {
            config.getOptionalValue(SEVERITY + rule.id(), String.class).ifPresent(v -> severity.put(rule.id(), v));
        }
        for (DjangoSetting s : DjangoSetting.values()) {
            config.getOptionalValues(ALIASES + s.configKey(), String.class).ifPresent(v -> aliases.put(s.configKey(), v));
        }
        String profile = config.getOptionalValue("django-guard.profile", String.class).orElse("declared");
        String hsts = config.getOptionalValue("django-guard.hsts-min-seconds", String.class).orElse(String.valueOf(Policy.ONE_YEAR));
        long hstsMin;
        try {
            hstsMin = Long.parseLong(hsts.strip());
        } catch (NumberFormatException e) {
            throw new InvalidConfigException("django-guard.hsts-min-seconds=" + hsts + ": must be a whole number of seconds");
        }
        Policy p = load(profile, severity, aliases, hstsMin);
        String ratchet = config.getOptionalValue("django-guard.ratchet-updates", String.class).orElse("true").strip();
        if (!ratchet.equalsIgnoreCase("true") && !ratchet.equalsIgnoreCase("false")) {
            throw new InvalidConfigException("django-guard.ratchet-updates=" + ratchet + ": use true or false");
        }
        String failMode = config.getOptionalValue("django-guard.cluster.fail-mode", String.class).orElse("warn").strip();
        if (!failMode.equalsIgnoreCase("warn") && !failMode.equalsIgnoreCase("deny")) {
            throw new InvalidConfigException("django-guard.cluster.fail-mode=" + failMode + ": use warn or deny");
        }
        return new Policy(p.defaultProfile(), p.severities(), p.aliases(), p.hstsMinSeconds(),
                Boolean.parseBoolean(ratchet), failMode.equalsIgnoreCase("deny"));
    }

    private static final String SEVERITY = "django-guard.severity.";
    private static final String ALIASES = "django-guard.aliases.";
}
