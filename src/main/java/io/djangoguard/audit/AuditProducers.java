package io.djangoguard.audit;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.djangoguard.engine.Engine;

/** The audit's parts, built once on the engine every door shares. */
public class AuditProducers {

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
