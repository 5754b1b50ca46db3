package io.djangoguard.lookup;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Says what the cluster caches really hold ({@code off}, {@code loading}, {@code loaded}, or {@code unreachable} with
 * since when and why), but stays UP whatever it is: a webhook that is not ready gets no traffic, and with failurePolicy
 * Fail that would block the cluster, while a cache that is loading or cannot reach the API only makes reviews that need
 * it wait (at most the lookup timeout) and then follow the fail mode.
 */
@Readiness
@ApplicationScoped
public class CacheHealth implements HealthCheck {

    @Inject
    InformerClusterLookups lookups;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("cluster-caches").up();
        if (!lookups.enabled()) {
            return response.withData("state", CacheState.Phase.OFF.id()).build();
        }
        CacheState.Snapshot state = lookups.cacheState();
        response.withData("state", state.phase().id()).withData("since", state.since().toString());
        if (state.reason() != null) {
            response.withData("reason", state.reason());
        }
        return response.build();
    }
}
