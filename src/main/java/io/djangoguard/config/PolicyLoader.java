package io.djangoguard.config;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.djangoguard.engine.Policy;
import io.djangoguard.engine.Profile;
import io.djangoguard.engine.Severity;
import io.djangoguard.rules.Rule;
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

    public static Policy load(GuardConfig config) {
        return load(config.profile(), config.severity(), config.aliases(), config.hstsMinSeconds());
    }
}
