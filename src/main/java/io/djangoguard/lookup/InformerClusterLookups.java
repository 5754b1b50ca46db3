package io.djangoguard.lookup;

import io.djangoguard.workload.References;
import io.djangoguard.engine.NamespaceProfiles;
import io.djangoguard.settings.DjangoVersion;
import io.djangoguard.settings.ConfigMapLookup;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.djangoguard.config.DjangoGuardConfig;
import io.djangoguard.config.RefusedConfiguration;
import io.djangoguard.engine.Profile;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Informable;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;

/**
 * Cluster lookups from informers: one list and then a watch per kind, so that an admission costs
 * no API round trip. Never reads a Secret. The caches keep slimmed objects (see {@link Slim}).
 */
@ApplicationScoped
public class InformerClusterLookups implements ClusterLookups {

    private static final Logger LOG = Logger.getLogger(InformerClusterLookups.class);
    static final String BY_CONFIG_MAP = "configmaps";

    /** The caches' phases, as {@link #cachePhase()} names them (metrics). */
    public static final List<String> PHASES = java.util.Arrays.stream(CacheState.Phase.values()).map(CacheState.Phase::id)
            .toList();
    /** The caches by resource, as {@link #cacheSize(String)} knows them (metrics). */
    public static final List<String> CACHES = List.of("configmaps", "namespaces", "deployments", "statefulsets",
            "daemonsets", "cronjobs");

    /** What a ConfigMap lookup found, counted for metrics (never which ConfigMap). */
    public enum LookupOutcome {
        FOUND, MISSING, UNAVAILABLE
    }

    private final KubernetesClient client;
    private final DjangoGuardConfig.ClusterEnabled enabledSetting;
    private final Duration timeout;

    private volatile boolean enabled;
    /** Null until start; then what readiness reports. */
    private volatile CacheState state;
    private ScheduledExecutorService observer;
    private SharedIndexInformer<ConfigMap> configMaps;
    private SharedIndexInformer<Namespace> namespaces;
    private final List<SharedIndexInformer<? extends HasMetadata>> workloads = new ArrayList<>();
    private final CompletableFuture<Void> loaded = new CompletableFuture<>();
    /** Each cache's store, by resource ({@link #CACHES}); filled at start. */
    private final Map<String, SlimStore<?>> stores = new java.util.concurrent.ConcurrentHashMap<>();
    /** Told of each ConfigMap lookup's outcome: a counter, or nobody. */
    private volatile java.util.function.Consumer<LookupOutcome> lookupCounter = o -> { };

    @Inject
    public InformerClusterLookups(KubernetesClient client, DjangoGuardConfig config) {
        this.client = client;
        this.enabledSetting = config.cluster().enabled();
        this.timeout = config.cluster().lookupTimeout();
    }

    void start(@Observes StartupEvent event) {
        Optional<ClusterSource.Found> source = switch (enabledSetting) {
            case FALSE -> Optional.empty();
            case AUTO -> configuredCluster();
            case TRUE -> {
                Optional<ClusterSource.Found> found = configuredCluster();
                if (found.isEmpty()) {
                    throw new RefusedConfiguration("django-guard.cluster.enabled=true but no cluster is configured: not in a "
                            + "pod (KUBERNETES_SERVICE_HOST unset), no KUBECONFIG, no ~/.kube/config and no "
                            + "quarkus.kubernetes-client.api-server-url; configure one, or set "
                            + "django-guard.cluster.enabled=auto (on only when a cluster is configured) or false");
                }
                yield found;
            }
        };
        enabled = source.isPresent();
        if (!enabled) {
            state = new CacheState(CacheState.Phase.OFF, Instant.now());
            LOG.infof("Cluster lookups are off (%s): ConfigMap references are reported as unresolved",
                    enabledSetting == DjangoGuardConfig.ClusterEnabled.FALSE ? "django-guard.cluster.enabled=false" : "no cluster configured");
            loaded.complete(null);
            return;
        }
        state = new CacheState(CacheState.Phase.LOADING, Instant.now());
        LOG.infof("Cluster lookups read from %s", source.get().description());
        configMaps = informer("configmaps", client.configMaps().inAnyNamespace(), Slim::configMap, Map.of());
        namespaces = informer("namespaces", client.namespaces(), Slim::namespace, Map.of());
        Map<String, Function<HasMetadata, List<String>>> index = Map.of(BY_CONFIG_MAP, w -> References.configMapsOf(w, null));
        workloads.add(informer("deployments", client.apps().deployments().inAnyNamespace(), Slim::workload, index));
        workloads.add(informer("statefulsets", client.apps().statefulSets().inAnyNamespace(), Slim::workload, index));
        workloads.add(informer("daemonsets", client.apps().daemonSets().inAnyNamespace(), Slim::workload, index));
        workloads.add(informer("cronjobs", client.batch().v1().cronjobs().inAnyNamespace(), Slim::workload, index));
        List<CompletableFuture<Void>> all = new ArrayList<>();
        all.add(configMaps.start().toCompletableFuture());
        all.add(namespaces.start().toCompletableFuture());
        workloads.forEach(w -> all.add(w.start().toCompletableFuture()));
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).whenComplete((v, e) -> {
            if (e == null) {
                loaded.complete(null);
                observe();
            }
        });
        // The informers report failures, not recoveries: their sync and watch state is looked at every second.
        observer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "django-guard-cache-state");
            t.setDaemon(true);
            return t;
        });
        observer.scheduleWithFixedDelay(this::observe, 1, 1, TimeUnit.SECONDS);
    }

    /** Where the API comes from, or empty; a kubeconfig that is named but unusable stops the server. */
    private static Optional<ClusterSource.Found> configuredCluster() {
        org.eclipse.microprofile.config.Config config = org.eclipse.microprofile.config.ConfigProvider.getConfig();
        // An API server named in configuration (fabric8's own kubernetes.master included, as the mock server sets it).
        // (The setting is named, not its value: a URL can carry credentials.)
        Optional<ClusterSource.Found> url = Optional.<ClusterSource.Found> empty()
                .or(() -> config.getOptionalValue("quarkus.kubernetes-client.api-server-url", String.class)
                        .map(u -> new ClusterSource.Found("the API server in quarkus.kubernetes-client.api-server-url")))
                .or(() -> config.getOptionalValue("kubernetes.master", String.class)
                        .map(u -> new ClusterSource.Found("the API server in kubernetes.master")))
                .or(() -> Optional.ofNullable(System.getenv("KUBERNETES_MASTER"))
                        .map(u -> new ClusterSource.Found("the API server in KUBERNETES_MASTER")));
        if (io.quarkus.runtime.LaunchMode.current() == io.quarkus.runtime.LaunchMode.TEST) {
            // Tests get a cluster only from the mock server, never from a developer's kubeconfig.
            return url;
        }
        try {
            // Checked even beside an API server URL: fabric8 still reads the kubeconfig for credentials.
            Optional<ClusterSource.Found> found = ClusterSource.ofThisProcess().find();
            return url.isPresent() ? url : found;
        } catch (ClusterSource.Unusable e) {
            throw new RefusedConfiguration(e.getMessage());
        }
    }

    private void observe() {
        try {
            boolean synced = configMaps.hasSynced() && namespaces.hasSynced();
            boolean watching = configMaps.isWatching() && namespaces.isWatching();
            for (SharedIndexInformer<? extends HasMetadata> w : workloads) {
                synced &= w.hasSynced();
                watching &= w.isWatching();
            }
            state.observed(synced, watching, Instant.now(), () -> configMaps.getStore().list().size() + " ConfigMaps, "
                    + namespaces.getStore().list().size() + " namespaces");
        } catch (RuntimeException e) {
            LOG.debug("Could not look at the informers' state", e);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private <T extends HasMetadata> SharedIndexInformer<T> informer(String cache, Informable<T> source,
            java.util.function.UnaryOperator<T> slim, Map<String, ? extends Function<? super T, List<String>>> indexers) {
        SharedIndexInformer<T> informer = source.runnableInformer(0);
        SlimStore<T> store = new SlimStore<>(slim);
        stores.put(cache, store);
        informer.itemStore(store);
        if (!indexers.isEmpty()) {
            informer.addIndexers((Map) indexers);
        }
        // Keep retrying when the API is down: until it answers, references are unavailable. One line per change of
        // state (CacheState), not per retry; fabric8's own per-retry warning is silenced in application.properties.
        informer.exceptionHandler((started, t) -> {
            state.failed(t, Instant.now());
            return true;
        });
        return informer;
    }

    void stop(@Observes ShutdownEvent event) {
        if (observer != null) {
            observer.shutdownNow();
        }
        if (configMaps != null) {
            configMaps.stop();
            namespaces.stop();
            workloads.forEach(SharedIndexInformer::stop);
        }
    }

    @Override
    public boolean enabled() {
        return enabled;
    }

    /** Whether the caches hold the cluster's state now: every informer has listed and is watching. */
    public boolean loaded() {
        return cacheState().phase() == CacheState.Phase.LOADED;
    }

    /** The caches' phase now, one of {@link #PHASES}: off, loading, loaded or unreachable (metrics). */
    public String cachePhase() {
        return cacheState().phase().id();
    }

    /** The objects the cache of {@code cache} (one of {@link #CACHES}) holds; 0 while lookups are off (metrics). */
    public int cacheSize(String cache) {
        SlimStore<?> store = stores.get(cache);
        return store == null ? 0 : store.size();
    }

    /** Tells {@code counter} the outcome of every ConfigMap lookup from now on; it must not block. */
    public void countLookups(java.util.function.Consumer<LookupOutcome> counter) {
        lookupCounter = counter;
    }

    /** What readiness reports: off, loading, loaded or unreachable, and since when. */
    CacheState.Snapshot cacheState() {
        CacheState s = state;
        return s == null ? new CacheState.Snapshot(CacheState.Phase.LOADING, Instant.now(), null) : s.snapshot();
    }

    @Override
    public ConfigMapLookup configMaps() {
        if (!enabled) {
            return ConfigMapLookup.NONE;
        }
        java.util.function.Consumer<LookupOutcome> counter = lookupCounter;
        return (namespace, name) -> {
            if (!configMaps.hasSynced()) {
                counter.accept(LookupOutcome.UNAVAILABLE);
                return new ConfigMapLookup.Unavailable("could not be read: the Kubernetes API did not answer within "
                        + timeout.toMillis() + " ms");
            }
            ConfigMap cm = configMaps.getStore().getByKey(namespace + "/" + name);
            counter.accept(cm == null ? LookupOutcome.MISSING : LookupOutcome.FOUND);
            return cm == null ? new ConfigMapLookup.Missing("in the cluster")
                    : new ConfigMapLookup.Found(cm.getData() == null ? Map.of() : cm.getData());
        };
    }

    @Override
    public NamespaceProfiles namespaces() {
        if (!enabled) {
            return NamespaceProfiles.NONE;
        }
        return new NamespaceProfiles() {
            @Override
            public Profile profileOf(String name) {
                return Profile.fromId(namespaceValue(name, Profile.KEY));
            }

            @Override
            public DjangoVersion versionOf(String name) {
                return DjangoVersion.fromId(namespaceValue(name, DjangoVersion.KEY));
            }

            @Override
            public String valueOf(String name, String key) {
                return namespaceValue(name, key);
            }
        };
    }

    /** The namespace's annotation {@code key}, else its label, else null (also while the namespaces are not yet listed). */
    private String namespaceValue(String name, String key) {
        Namespace ns = namespaces.hasSynced() ? namespaces.getStore().getByKey(name) : null;
        if (ns == null || ns.getMetadata() == null) {
            return null;
        }
        Map<String, String> a = ns.getMetadata().getAnnotations();
        String v = a == null ? null : a.get(key);
        if (v == null && ns.getMetadata().getLabels() != null) {
            v = ns.getMetadata().getLabels().get(key);
        }
        return v;
    }

    @Override
    public List<HasMetadata> workloadsReferencing(String namespace, String name) {
        if (!enabled) {
            return List.of();
        }
        List<HasMetadata> users = new ArrayList<>();
        for (SharedIndexInformer<? extends HasMetadata> w : workloads) {
            if (w.hasSynced()) {
                users.addAll(w.getIndexer().byIndex(BY_CONFIG_MAP, namespace + "/" + name));
            }
        }
        return users;
    }

    @Override
    public Uni<Void> ready() {
        if (loaded.isDone()) {
            return Uni.createFrom().voidItem();
        }
        // A copy: a waiter that gives up is cancelled by Mutiny, which would otherwise cancel (complete) the shared one.
        return Uni.createFrom().completionStage(loaded.copy()).ifNoItem().after(timeout).recoverWithItem((Void) null)
                .onFailure().recoverWithItem((Void) null);
    }
}
