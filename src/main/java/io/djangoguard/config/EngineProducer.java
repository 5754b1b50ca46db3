package io.djangoguard.config;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.Config;

import io.quarkus.runtime.Startup;

import io.djangoguard.engine.Engine;
import io.djangoguard.rules.Rule;
import io.djangoguard.rules.RuleCatalog;
import io.djangoguard.settings.DjangoSetting;

/** The engine every door shares, built once from configuration. */
public class EngineProducer {

    /** Built at start, so that a wrong key or value stops the server before it takes a review. */
    @Produces
    @Singleton
    @Startup
    Engine engine(GuardConfig config, Config raw) {
        return new Engine(PolicyLoader.load(config.profile(), severities(config, raw), aliases(config, raw),
                config.hstsMinSeconds()), RuleCatalog.all());
    }

    /**
     * Map keys cannot be told apart in environment variable names ({@code DJANGO_GUARD_SEVERITY_DEBUG_ENABLED}),
     * so each known key is also asked for by its exact name, which every config source answers.
     */
    static Map<String, String> severities(GuardConfig config, Config raw) {
        Map<String, String> m = new HashMap<>(config.severity());
        for (Rule rule : RuleCatalog.all()) {
            raw.getOptionalValue("django-guard.severity." + rule.id(), String.class).ifPresent(v -> m.put(rule.id(), v));
        }
        return m;
    }

    static Map<String, List<String>> aliases(GuardConfig config, Config raw) {
        Map<String, List<String>> m = new HashMap<>(config.aliases());
        for (DjangoSetting s : DjangoSetting.values()) {
            raw.getOptionalValues("django-guard.aliases." + s.configKey(), String.class)
                    .ifPresent(v -> m.put(s.configKey(), v));
        }
        return m;
    }

}
