package io.djangoguard.config;

import jakarta.enterprise.inject.Produces;
import jakarta.interceptor.Interceptor;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.Config;

import io.djangoguard.engine.Engine;
import io.quarkus.runtime.Startup;

/** The engine every door of the server shares. */
public class EngineProducer {

    /**
     * Built first at start, so that a configuration the server refuses stops it before anything else starts (the
     * cluster's informers, the audit's listener) and before it takes a review.
     */
    @Produces
    @Singleton
    @Startup(Interceptor.Priority.PLATFORM_BEFORE)
    Engine engine(DjangoGuardConfig mapping, Config config) {
        return EngineFactory.engine(mapping, config);
    }
}
