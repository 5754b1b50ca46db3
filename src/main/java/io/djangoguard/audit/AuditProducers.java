package io.djangoguard.audit;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.djangoguard.config.PolicyReload;

/** The audit's parts, built once on the engine every door shares. */
public class AuditProducers {

    @Produces
    @Singleton
    Auditor auditor(PolicyReload policy) {
        return new Auditor(policy);
    }

    /** The same budgets as the command line's (ManifestReader.Limits.DEFAULTS says why these). */
    @Produces
    @Singleton
    ManifestReader manifestReader() {
        return new ManifestReader(ManifestReader.Limits.DEFAULTS);
    }
}
