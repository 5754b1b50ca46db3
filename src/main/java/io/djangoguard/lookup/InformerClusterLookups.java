package io.djangoguard.lookup;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

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

    private final KubernetesClient client;
    private final String enabledSetting;
    private final Duration timeout;

    private volatile boolean enabled;
    private SharedIndexInformer<ConfigMap> configMaps;
    private SharedIndexInformer<Namespace> namespaces;
    private final List<SharedIndexInformer<? extends HasMetadata>> workloads = new ArrayList<>();
    private final CompletableFuture<Void> loaded = new CompletableFuture<>();

    @Inject
    public InformerClusterLookups(KubernetesClient client,
            @ConfigProperty(name = "django-guard.cluster.enabled", defaultValue = "auto") String enabledSetting,
            @ConfigProperty(name = "django-guard.cluster.lookup-timeout", defaultValue = "2s") Duration timeout) {
        this.client = client;
        this.enabledSetting = enabledSetting;
        this.timeout = timeout;
    }

    void start(@Observes StartupEvent event) {
        enabled = switch (enabledSetting.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            case "auto" -> clusterConfigured();
            default -> throw new io.djangoguard.config.PolicyLoader.InvalidConfigException(
                    "django-guard.cluster.enabled=" + enabledSetting + ": use auto, true or false");
        };
        if (!enabled) {
            LOG.info("Cluster lookups are off (no cluster configured): ConfigMap references are reported as unresolved");
            loaded.complete(null);
            return;
        }
        configMaps = informer(client.configMaps().inAnyNamespace(), Slim::configMap, Map.of());
        namespaces = informer(client.namespaces(), Slim::namespace, Map.of());
        Map<String, Function<HasMetadata, List<String>>> index = Map.of(BY_CONFIG_MAP, w -> References.configMapsOf(w, null));
        workloads.add(informer(client.apps().deployments().inAnyNamespace(), Slim::workload, index));
        workloads.add(informer(client.apps().statefulSets().inAnyNamespace(), Slim::workload, index));
        workloads.add(informer(client.apps().daemonSets().inAnyNamespace(), Slim::workload, index));
        workloads.add(informer(client.batch().v1().cronjobs().inAnyNamespace(), Slim::workload, index));
        List<CompletableFuture<Void>> all = new ArrayList<>();
        all.add(configMaps.start().toCompletableFuture());
        all.add(namespaces.start().toCompletableFuture());
        workloads.forEach(w -> all.add(w.start().toCompletableFuture()));
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).whenComplete((v, e) -> {
            if (e == null) {
                LOG.infof("Cluster caches loaded: %d ConfigMaps, %d namespaces", configMaps.getStore().list().size(),
                        namespaces.getStore().list().size());
                loaded.complete(null);
            }
        });
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private <T extends HasMetadata> SharedIndexInformer<T> informer(Informable<T> source,
            java.util.function.UnaryOperator<T> slim, Map<String, ? extends Function<? super T, List<String>>> indexers) {
        SharedIndexInformer<T> informer = source.runnableInformer(0);
        informer.itemStore(new SlimStore<>(slim));
        if (!indexers.isEmpty()) {
            informer.addIndexers((Map) indexers);
        }
        // Keep retrying when the API is down: until it answers, references are unavailable.
        informer.exceptionHandler((started, t) -> {
            LOG.warnf("Kubernetes API not reachable for the cache (%s); retrying", t.getClass().getSimpleName());
            return true;
        });
        return informer;
    }

    /** On a laptop without a cluster the quick start must not wait on an API server that is not there. */
    private static boolean clusterConfigured() {
        org.eclipse.microprofile.config.Config config = org.eclipse.microprofile.config.ConfigProvider.getConfig();
        // An API server named in configuration (fabric8's own kubernetes.master included, as the mock server sets it).
        if (config.getOptionalValue("quarkus.kubernetes-client.api-server-url", String.class).isPresent()
                || config.getOptionalValue("kubernetes.master", String.class).isPresent()
                || System.getenv("KUBERNETES_MASTER") != null) {
            return true;
        }
        if (io.quarkus.runtime.LaunchMode.current() == io.quarkus.runtime.LaunchMode.TEST) {
            return false; // tests get a cluster only from the mock server, never from a developer's kubeconfig
        }
        return System.getenv("KUBERNETES_SERVICE_HOST") != null || System.getenv("KUBECONFIG") != null
                || Files.exists(Path.of(System.getProperty("user.home"), ".kube", "config"));
    }

    void stop(@Observes ShutdownEvent event) {
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

    /** Whether the caches hold the cluster's state (all informers have listed once). */
    public boolean loaded() {
        return loaded.isDone() && enabled;
    }

    @Override
    public ConfigMapLookup configMaps() {
        if (!enabled) {
            return ConfigMapLookup.NONE;
        }
        return (namespace, name) -> {
            if (!configMaps.hasSynced()) {
                return new ConfigMapLookup.Unavailable("could not be read: the Kubernetes API did not answer within "
                        + timeout.toMillis() + " ms");
            }
            ConfigMap cm = configMaps.getStore().getByKey(namespace + "/" + name);
            return cm == null ? new ConfigMapLookup.Missing("in the cluster")
                    : new ConfigMapLookup.Found(cm.getData() == null ? Map.of() : cm.getData());
        };
    }

    @Override
    public NamespaceProfiles namespaces() {
        if (!enabled) {
            return NamespaceProfiles.NONE;
        }
        return name -> {
            Namespace ns = namespaces.hasSynced() ? namespaces.getStore().getByKey(name) : null;
            if (ns == null || ns.getMetadata() == null) {
                return null;
            }
            Map<String, String> a = ns.getMetadata().getAnnotations();
            Profile p = a == null ? null : Profile.fromId(a.get(Profile.KEY));
            if (p == null && ns.getMetadata().getLabels() != null) {
                p = Profile.fromId(ns.getMetadata().getLabels().get(Profile.KEY));
            }
            return p;
        };
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
        return Uni.createFrom().completionStage(loaded).ifNoItem().after(timeout).recoverWithItem((Void) null)
                .onFailure().recoverWithItem((Void) null);
    }
}
