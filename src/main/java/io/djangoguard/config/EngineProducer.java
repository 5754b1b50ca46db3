package io.djangoguard.config;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.Config;

import io.djangoguard.audit.Auditor;
import io.djangoguard.audit.ManifestReader;
import io.djangoguard.engine.Engine;
import io.djangoguard.rules.RuleCatalog;
import io.quarkus.runtime.Startup;

/** The engine every door shares, built once from configuration, and the audit built on it. */
public class EngineProducer {

    /** Built at start, so that a wrong key or value stops the server before it takes a review. */
    @Produces
    @Singleton
    @Startup
    Engine engine(Config config) {
        return new Engine(PolicyLoader.load(config), RuleCatalog.all());
    }

    @Produces
    @Singleton
    Auditor auditor(Engine engine) {
        return new Auditor(engine);
    }

    /** The same budgets as the command line's (ManifestReader.Limits.DEFAULTS says why these). */
    @Produces
    @Singleton
    ManifestReader manifestReader() {
        return new ManifestReader(ManifestReader.Limits.DEFAULTS);
    }
}
