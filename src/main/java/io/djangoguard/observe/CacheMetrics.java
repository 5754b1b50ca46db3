package io.djangoguard.observe;

import java.util.EnumMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import io.djangoguard.lookup.InformerClusterLookups;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;

/**
 * The cluster caches' metrics: their state (one series per phase, 1 for the current one), the objects each holds, and
 * the outcomes of the ConfigMap lookups that reviews make. Gauges are read at scrape time; the lookup counters are
 * handed to the caches at start.
 */
@ApplicationScoped
public class CacheMetrics {

    static final String STATE = "django_guard.cache.state";
    static final String OBJECTS = "django_guard.cache.objects";
    static final String LOOKUPS = "django_guard.configmap.lookups";

    @Inject
    MeterRegistry registry;

    @Inject
    InformerClusterLookups lookups;

    void start(@Observes StartupEvent event) {
        for (String phase : InformerClusterLookups.PHASES) {
            Gauge.builder(STATE, lookups, l -> phase.equals(l.cachePhase()) ? 1 : 0).strongReference(true)
                    .description("The cluster caches' state: 1 for the phase they are in, 0 for the others")
                    .tag("phase", phase).register(registry);
        }
        for (String cache : InformerClusterLookups.CACHES) {
            Gauge.builder(OBJECTS, lookups, l -> l.cacheSize(cache)).strongReference(true)
                    .description("Objects held by a cluster cache (0 while cluster lookups are off)")
                    .tag("cache", cache).register(registry);
        }
        Map<InformerClusterLookups.LookupOutcome, Counter> counters = new EnumMap<>(InformerClusterLookups.LookupOutcome.class);
        for (InformerClusterLookups.LookupOutcome o : InformerClusterLookups.LookupOutcome.values()) {
            counters.put(o, Counter.builder(LOOKUPS).description("ConfigMap references looked up in the cluster caches")
                    .tag("outcome", Labels.id(o)).register(registry));
        }
        lookups.countLookups(o -> counters.get(o).increment());
    }
}
