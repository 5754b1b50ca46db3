package io.djangoguard.config;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.Config;

import io.djangoguard.engine.Engine;
import io.djangoguard.engine.Policy;
import io.djangoguard.rules.RuleCatalog;
import io.quarkus.runtime.Startup;

/** The engine every door shares, built once from configuration. */
public class EngineProducer {

    /** Built at start, so that a wrong key or value stops the server before it takes a review. */
    @Produces
    @Singleton
    @Startup
    Engine engine(Config config) {
        return engine(PolicyLoader.load(config));
    }

    /** The server's engine and the command line's are built the same way. */
    public static Engine engine(Policy policy) {
        return new Engine(policy, RuleCatalog.all());
    }
}
