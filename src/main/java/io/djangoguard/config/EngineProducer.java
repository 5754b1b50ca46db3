package io.djangoguard.config;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.djangoguard.engine.Engine;
import io.djangoguard.rules.RuleCatalog;

/** The engine every door shares, built once from configuration. */
public class EngineProducer {

    @Produces
    @Singleton
    Engine engine(GuardConfig config) {
        return new Engine(PolicyLoader.load(config), RuleCatalog.all());
    }
}
