package io.djangoguard.observe;

import java.util.List;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;

/**
 * Cluster audits ({@code GET /audit/cluster}) by how they were answered, and how long a completed one took. Made at
 * start, so that the series are there (at 0) before the first audit.
 */
@Startup
@ApplicationScoped
public class ClusterAuditMetrics {

    static final String RUNS = "django_guard.cluster.audits";
    static final String DURATION = "django_guard.cluster.audit.duration";

    /** The outcomes, from the HTTP status of the answer. */
    static final List<String> OUTCOMES = List.of("completed", "bad_request", "refused", "busy", "unavailable", "error");

    private final Counter[] runs = new Counter[OUTCOMES.size()];
    private final Timer duration;

    @Inject
    ClusterAuditMetrics(MeterRegistry registry) {
        for (int i = 0; i < runs.length; i++) {
            runs[i] = Counter.builder(RUNS).description("Cluster audits answered, by outcome")
                    .tag("outcome", OUTCOMES.get(i)).register(registry);
        }
        duration = Timer.builder(DURATION).description("Time a completed cluster audit took to list and judge")
                .register(registry);
    }

    /** A cluster audit was answered with {@code status}: 200 completed, 400, 401/403 refused, 429 busy, 503, else error. */
    public void answered(int status) {
        runs[OUTCOMES.indexOf(outcome(status))].increment();
    }

    /** A completed audit took {@code nanos}. */
    public void took(long nanos) {
        duration.record(nanos, TimeUnit.NANOSECONDS);
    }

    static String outcome(int status) {
        switch (status) {
            case 200:
                return "completed";
            case 400:
                return "bad_request";
            case 401:
            case 403:
                return "refused";
            case 429:
                return "busy";
            case 503:
                return "unavailable";
            default:
                return "error";
        }
    }
}
