package io.djangoguard.lookup;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Says how far the cluster caches are, but stays UP while they load: a webhook that is not ready
 * gets no traffic, and with failurePolicy Fail that would block the cluster, while a loading cache
 * only makes reviews that need it wait (at most the lookup timeout) and then follow the fail mode.
 */
@Readiness
@ApplicationScoped
public class CacheHealth implements HealthCheck {

    @Inject
    InformerClusterLookups lookups;

    @Override
    public HealthCheckResponse call() {
        String state = !lookups.enabled() ? "off" : lookups.loaded() ? "loaded" : "loading";
        return HealthCheckResponse.named("cluster-caches").up().withData("state", state).build();
    }
}
