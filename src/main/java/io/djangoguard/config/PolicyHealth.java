package io.djangoguard.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * The policy in readiness: always UP (a refused policy leaves the last good one judging, so the pod can serve), with
 * where the policy comes from, when it was loaded, its rollout mode and, after a refused reload, why.
 */
@Readiness
@ApplicationScoped
public class PolicyHealth implements HealthCheck {

    @Inject
    PolicyReload policy;

    @Override
    public HealthCheckResponse call() {
        PolicyReload.State s = policy.state();
        HealthCheckResponseBuilder r = HealthCheckResponse.named("policy").up()
                .withData("source", policy.dir() == null ? "configuration at start" : policy.dir().toString())
                .withData("loaded", s.loaded().toString())
                .withData("enforcement", s.engine().policy().enforcement().id());
        if (s.refused() != null) {
            r.withData("refused", s.refused()).withData("refusedAt", s.refusedAt().toString());
        }
        return r.build();
    }
}
