package io.djangoguard.lookup;

import io.djangoguard.workload.References;
import io.djangoguard.engine.NamespaceProfiles;
import io.djangoguard.settings.ConfigMapLookup;
import java.util.List;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.smallrye.mutiny.Uni;

/**
 * What django-guard knows of the cluster, from watch-backed caches: ConfigMaps (for references),
 * namespaces (for their profile) and workloads (to judge a ConfigMap change against the workloads
 * that use it). Answers never block; {@link #ready()} completes when the caches are loaded or the
 * configured time has passed.
 */
public interface ClusterLookups {

    /** Whether cluster lookups are on (off on a laptop without a cluster, or by configuration). */
    boolean enabled();

    /** References resolved from the cluster's ConfigMaps; {@link ConfigMapLookup.Unavailable} while not loaded. */
    ConfigMapLookup configMaps();

    NamespaceProfiles namespaces();

    /** The workloads in {@code namespace} that reference ConfigMap {@code name} (envFrom, configMapKeyRef, volumes). */
    List<HasMetadata> workloadsReferencing(String namespace, String name);

    /** Completes (never fails) when the caches are loaded, or after the lookup timeout. */
    Uni<Void> ready();

    /** Lookups off: nothing is known of the cluster, and every object is judged alone (a test, a benchmark). */
    ClusterLookups NONE = knowingNamespaces(NamespaceProfiles.NONE);

    /** Lookups off, but namespaces known (their profile, mode and exemptions): a test, a tool. */
    static ClusterLookups knowingNamespaces(NamespaceProfiles namespaces) {
        return new ClusterLookups() {
            @Override
            public boolean enabled() {
                return false;
            }

            @Override
            public ConfigMapLookup configMaps() {
                return ConfigMapLookup.NONE;
            }

            @Override
            public NamespaceProfiles namespaces() {
                return namespaces;
            }

            @Override
            public List<HasMetadata> workloadsReferencing(String namespace, String name) {
                return List.of();
            }

            @Override
            public Uni<Void> ready() {
                return Uni.createFrom().voidItem();
            }
        };
    }
}
