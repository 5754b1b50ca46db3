package io.djangoguard.reports;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.djangoguard.config.DjangoGuardConfig.PolicyReportApi;
import io.djangoguard.report.AuditReport;
import io.djangoguard.report.PolicyReportFormat;
import io.djangoguard.report.PolicyReportFormat.Api;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

/**
 * Brings the cluster's policy reports in step with an audit: creates or updates (with the resourceVersion read, so a
 * concurrent writer loses with a conflict rather than overwriting) django-guard's report in every namespace that has a
 * result, and its cluster report; deletes its reports where nothing is left to report, and every one of its reports in
 * the API it does not write (after a switch from wgpolicyk8s.io to OpenReports, say). A report whose results did not
 * change but for their timestamps is left as it is, so that an unchanged cluster costs no write. Only reports named
 * {@value PolicyReportFormat#NAME} with the label {@code app.kubernetes.io/managed-by: django-guard} are ever touched.
 * Blocking: call it on a thread of its own.
 */
public final class PolicyReportSync {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final KubernetesClient client;

    public PolicyReportSync(KubernetesClient client) {
        this.client = client;
    }

    /** What a run did: reports written (created or updated), left as they were, deleted. */
    public record Outcome(Api api, int written, int unchanged, int deleted) {
    }

    /** Whether the API server serves both kinds of {@code api}. Throws KubernetesClientException when it cannot say. */
    public boolean served(Api api) {
        return client.supports(api.apiVersion(), api.kind()) && client.supports(api.apiVersion(), api.clusterKind());
    }

    /**
     * The API to write: the one configured, or under {@code auto} OpenReports when it is served, else wgpolicyk8s.io;
     * null when the one chosen is not served.
     */
    public Api choose(PolicyReportApi configured) {
        return switch (configured) {
            case OPENREPORTS -> served(Api.OPENREPORTS) ? Api.OPENREPORTS : null;
            case WGPOLICYK8S -> served(Api.WGPOLICYK8S) ? Api.WGPOLICYK8S : null;
            case AUTO -> served(Api.OPENREPORTS) ? Api.OPENREPORTS : served(Api.WGPOLICYK8S) ? Api.WGPOLICYK8S : null;
        };
    }

    /** Writes {@code report} as {@code api}'s reports, timestamped {@code at}. */
    public Outcome write(AuditReport report, Api api, Instant at) {
        int written = 0;
        int unchanged = 0;
        Set<String> namespaces = new HashSet<>();
        boolean clusterReport = false;
        for (ObjectNode node : PolicyReportFormat.reports(report, api, at)) {
            GenericKubernetesResource wanted = JSON.convertValue(node, GenericKubernetesResource.class);
            String ns = wanted.getMetadata().getNamespace();
            if (ns == null) {
                clusterReport = true;
            } else {
                namespaces.add(ns);
            }
            NonNamespaceOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>> where =
                    ns == null ? reports(api, false) : reports(api, true).inNamespace(ns);
            GenericKubernetesResource existing = where.withName(PolicyReportFormat.NAME).get();
            if (existing == null) {
                where.resource(wanted).create();
                written++;
            } else if (ours(existing) && sameButForTime(existing, wanted)) {
                unchanged++;
            } else {
                // with the version read: a report changed since by someone else is a conflict, not overwritten
                wanted.getMetadata().setResourceVersion(existing.getMetadata().getResourceVersion());
                where.resource(wanted).update();
                written++;
            }
        }
        int deleted = deleteStale(api, namespaces, clusterReport);
        for (Api other : Api.values()) {
            if (other != api && served(other)) {
                deleted += deleteStale(other, Set.of(), false);
            }
        }
        return new Outcome(api, written, unchanged, deleted);
    }

    /** Deletes django-guard's reports of {@code api} outside {@code keep}, and its cluster report unless {@code keepCluster}. */
    private int deleteStale(Api api, Set<String> keep, boolean keepCluster) {
        int deleted = 0;
        List<GenericKubernetesResource> mine = reports(api, true).inAnyNamespace()
                .withLabel(PolicyReportFormat.MANAGED_BY, PolicyReportFormat.NAME).list().getItems();
        for (GenericKubernetesResource r : mine) {
            ObjectMeta m = r.getMetadata();
            if (PolicyReportFormat.NAME.equals(m.getName()) && !keep.contains(m.getNamespace())) {
                reports(api, true).inNamespace(m.getNamespace()).withName(m.getName()).delete();
                deleted++;
            }
        }
        if (!keepCluster) {
            GenericKubernetesResource cluster = reports(api, false).withName(PolicyReportFormat.NAME).get();
            if (cluster != null && ours(cluster)) {
                reports(api, false).withName(PolicyReportFormat.NAME).delete();
                deleted++;
            }
        }
        return deleted;
    }

    private static boolean ours(GenericKubernetesResource r) {
        Map<String, String> labels = r.getMetadata().getLabels();
        return labels != null && PolicyReportFormat.NAME.equals(labels.get(PolicyReportFormat.MANAGED_BY));
    }

    /** Whether the two carry the same results and summary, timestamps apart. */
    static boolean sameButForTime(GenericKubernetesResource existing, GenericKubernetesResource wanted) {
        return withoutTime(existing).equals(withoutTime(wanted));
    }

    private static JsonNode withoutTime(GenericKubernetesResource r) {
        // through text, so that an int and a long of the same value compare equal
        ObjectNode o;
        try {
            o = (ObjectNode) JSON.readTree(JSON.writeValueAsString(r.getAdditionalProperties()));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a policy report could not be read as JSON", e);
        }
        JsonNode results = o.get("results");
        if (results != null) {
            results.forEach(x -> {
                if (x instanceof ObjectNode result) {
                    result.remove("timestamp");
                }
            });
        }
        return o;
    }

    /** The namespaced kind of {@code api}, or with {@code namespaced} false its cluster kind. */
    MixedOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>> reports(Api api,
            boolean namespaced) {
        return client.genericKubernetesResources(namespaced ? context(api, api.kind(), api.plural(), true)
                : context(api, api.clusterKind(), api.clusterPlural(), false));
    }

    static ResourceDefinitionContext context(Api api, String kind, String plural, boolean namespaced) {
        return new ResourceDefinitionContext.Builder().withGroup(api.group()).withVersion(api.version()).withKind(kind)
                .withPlural(plural).withNamespaced(namespaced).build();
    }
}
