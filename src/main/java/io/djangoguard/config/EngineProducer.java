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

    /** Large enough for any body the HTTP limit lets through. */
    @Produces
    @Singleton
    ManifestReader manifestReader() {
        return new ManifestReader(AUDIT_MAX_CODE_POINTS);
    }

    static final int AUDIT_MAX_CODE_POINTS = 8 * 1024 * 1024;
}
