package io.djangoguard.audit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import java.util.function.BiFunction;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.djangoguard.config.DjangoGuardConfig;
import io.djangoguard.config.PolicyReload;
import io.djangoguard.engine.Engine;
import io.djangoguard.engine.ObjectResult;
import io.djangoguard.report.AuditReport;
import io.djangoguard.workload.JudgedKind;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Listable;
import io.quarkus.runtime.Startup;

/**
 * The dry-run audit of what is running: lists every kind django-guard judges, page by page, and
 * judges each page as it arrives. Only the results are kept, never the objects, so that memory stays
 * bounded by one page (plus one small result per object) however large the cluster. Never lists a
 * Secret. Blocking: call it on a worker thread.
 */
@Singleton
@Startup
public class ClusterAuditor {

    /** A judged kind and how to list it, in all namespaces (namespace null) or in one. */
    public record Kind(String resource,
            BiFunction<KubernetesClient, String, Listable<? extends KubernetesResourceList<? extends HasMetadata>>> lister) {
    }

    /** Every judged kind ({@link JudgedKind}, owners before what they own); in each kind, the API's order. */
    public static final List<Kind> KINDS = Arrays.stream(JudgedKind.values()).map(k -> new Kind(k.resource(), lister(k)))
            .toList();

    private static BiFunction<KubernetesClient, String, Listable<? extends KubernetesResourceList<? extends HasMetadata>>> lister(
            JudgedKind kind) {
        return switch (kind) {
            case DEPLOYMENT -> (c, ns) -> ns == null ? c.apps().deployments().inAnyNamespace() : c.apps().deployments().inNamespace(ns);
            case STATEFUL_SET -> (c, ns) -> ns == null ? c.apps().statefulSets().inAnyNamespace() : c.apps().statefulSets().inNamespace(ns);
            case DAEMON_SET -> (c, ns) -> ns == null ? c.apps().daemonSets().inAnyNamespace() : c.apps().daemonSets().inNamespace(ns);
            case CRON_JOB -> (c, ns) -> ns == null ? c.batch().v1().cronjobs().inAnyNamespace() : c.batch().v1().cronjobs().inNamespace(ns);
            case JOB -> (c, ns) -> ns == null ? c.batch().v1().jobs().inAnyNamespace() : c.batch().v1().jobs().inNamespace(ns);
            case REPLICA_SET -> (c, ns) -> ns == null ? c.apps().replicaSets().inAnyNamespace() : c.apps().replicaSets().inNamespace(ns);
            case POD -> (c, ns) -> ns == null ? c.pods().inAnyNamespace() : c.pods().inNamespace(ns);
            case CONFIG_MAP -> (c, ns) -> ns == null ? c.configMaps().inAnyNamespace() : c.configMaps().inNamespace(ns);
        };
    }

    /*
     * An object whose controller (the owner reference with controller: true) is a judged controller
     * (JudgedKind.controller()) is left out of the report: its owner is judged on the same pod
     * template, so a Deployment's ReplicaSets (the current one and every old revision) and their Pods,
     * a CronJob's Jobs and their Pods, a StatefulSet's or a DaemonSet's Pods would repeat the owner's
     * findings, thousands of times in a large cluster. Owners of other kinds (a Node for a static Pod,
     * an Argo Rollout for a ReplicaSet, an operator's custom resource) are not judged, so what they own is.
     */

    /** The engine in force (the policy may be reloaded); read once per audit. */
    private final Supplier<Engine> engines;
    private final KubernetesClient client;
    private final int pageSize;

    @Inject
    ClusterAuditor(PolicyReload policy, KubernetesClient client, DjangoGuardConfig config) {
        this(policy, client, config.cluster().auditPageSize());
    }

    /** {@code pageSize} at least 1 (ConfigCheck refuses less at start: limit=0 would ask for everything at once). */
    public ClusterAuditor(Engine engine, KubernetesClient client, int pageSize) {
        this(() -> engine, client, pageSize);
    }

    private ClusterAuditor(Supplier<Engine> engines, KubernetesClient client, int pageSize) {
        this.engines = engines;
        this.client = client;
        this.pageSize = pageSize;
    }

    public Engine engine() {
        return engines.get();
    }

    /** The report, and what it took: objects listed, of which {@code owned} were left out; pages asked for. */
    public record Outcome(AuditReport report, int listed, int owned, int pages) {
    }

    /** A list call failed; {@code code} is the API's HTTP status, 0 when it could not be reached. */
    public static final class ListingFailed extends RuntimeException {
        private final String resource;
        private final int code;

        ListingFailed(String resource, int code, Throwable cause) {
            super("listing " + resource + " failed (HTTP " + code + ")", cause);
            this.resource = resource;
            this.code = code;
        }

        public String resource() {
            return resource;
        }

        public int code() {
            return code;
        }
    }

    /**
     * Judges every object of the judged kinds in {@code namespace} (null: all namespaces) with
     * {@code context} (its ConfigMap lookup and namespace profiles: the cluster's). The report has no
     * {@code source} for any object.
     *
     * @throws ListingFailed when a list call fails; nothing is reported then (a partial audit would
     *         read as a clean one)
     */
    public Outcome audit(String namespace, Engine.Context context) {
        return audit(namespace, context, () -> { });
    }

    /** {@code checkpoint} runs before each page is asked for and each object judged, and may stop the audit by throwing. */
    public Outcome audit(String namespace, Engine.Context context, Runnable checkpoint) {
        Engine engine = engines.get();
        List<ObjectResult> results = new ArrayList<>();
        int listed = 0;
        int owned = 0;
        int pages = 0;
        for (Kind kind : KINDS) {
            Listable<? extends KubernetesResourceList<? extends HasMetadata>> source = kind.lister().apply(client, namespace);
            String token = null;
            do {
                KubernetesResourceList<? extends HasMetadata> page;
                checkpoint.run();
                try {
                    page = source.list(new ListOptionsBuilder().withLimit((long) pageSize).withContinue(token).build());
                } catch (KubernetesClientException e) {
                    throw new ListingFailed(kind.resource(), Math.max(0, e.getCode()), e);
                }
                pages++;
                List<? extends HasMetadata> items = page.getItems() == null ? List.of() : page.getItems();
                for (HasMetadata o : items) {
                    listed++;
                    checkpoint.run();
                    if (ownedByJudgedController(o)) {
                        owned++;
                        continue;
                    }
                    results.add(engine.judge(o, context));
                }
                String next = page.getMetadata() == null ? null : page.getMetadata().getContinue();
                if (next != null && next.equals(token)) {
                    // an API that hands back the token it was given would be read forever
                    throw new ListingFailed(kind.resource(), 0, new IllegalStateException("the same continue token twice"));
                }
                token = next == null || next.isEmpty() ? null : next;
                // page and items go out of scope here: only the results stay
            } while (token != null);
        }
        return new Outcome(AuditReport.of(results, null), listed, owned, pages);
    }

    private static boolean judgedController(String group, String kind) {
        JudgedKind k = JudgedKind.of(group, kind);
        return k != null && k.controller();
    }

    /** See the comment above {@link #KINDS}'s listers. */
    static boolean ownedByJudgedController(HasMetadata o) {
        ObjectMeta meta = o.getMetadata();
        if (meta == null || meta.getOwnerReferences() == null) {
            return false;
        }
        for (OwnerReference r : meta.getOwnerReferences()) {
            if (Boolean.TRUE.equals(r.getController()) && r.getKind() != null
                    && judgedController(group(r.getApiVersion()), r.getKind())) {
                return true;
            }
        }
        return false;
    }

    /** {@code apps/v1} → {@code apps}; the core group ({@code v1}) is the empty string. */
    private static String group(String apiVersion) {
        if (apiVersion == null) {
            return "";
        }
        int slash = apiVersion.indexOf('/');
        return slash < 0 ? "" : apiVersion.substring(0, slash);
    }
}
