package io.djangoguard.config;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.Config;

import io.djangoguard.engine.Engine;
import io.djangoguard.rules.RuleCatalog;
import io.quarkus.runtime.Startup;

/** The engine every door shares, built once from configuration. */
public class EngineProducer {

    /** Built at start, so that a wrong key or value stops the server before it takes a review. */
    @Produces
    @Singleton
    @Startup
    Engine engine(Config config) {
        return new Engine(PolicyLoader.load(config), RuleCatalog.all());
    }
}
