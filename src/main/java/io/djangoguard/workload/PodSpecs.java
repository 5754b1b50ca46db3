package io.djangoguard.workload;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;

/**
 * Finds the pod specs an object carries, with their paths in the object. The kinds of
 * {@link JudgedKind} are read directly; any other object (an {@code extensions/v1beta1} or
 * {@code apps/v1beta2} Deployment, a {@code batch/v1beta1} CronJob, a ReplicationController, an
 * OpenShift DeploymentConfig, an Argo Rollout, a Knative Service...) is searched for a pod spec
 * wherever it sits: a mapping whose {@code containers} is a list of containers.
 */
public final class PodSpecs {

    /** Deep enough for any known template ({@code spec.jobTemplate.spec.template.spec} is 5), bounded for hostile input. */
    private static final int MAX_SEARCH_DEPTH = 12;
    /** Never a pod template: what the API server writes, and who owns the object. */
    private static final Set<String> NOT_SEARCHED = Set.of("metadata", "status");
    /** Workload kind names: when one of these has no pod template that can be found, its apiVersion is the cause. */
    private static final Set<String> WORKLOAD_NAMES = Set.of("Deployment", "StatefulSet", "DaemonSet", "ReplicaSet",
            "Job", "CronJob", "Pod", "ReplicationController", "DeploymentConfig", "Rollout");

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .setDefaultSetterInfo(JsonSetter.Value.forContentNulls(Nulls.SKIP));

    private PodSpecs() {
    }

    public record At(PodSpec spec, String path) {
    }

    /** The first pod spec of {@code o} (a workload has one); null when it carries none. */
    public static At of(HasMetadata o) {
        List<At> all = all(o);
        return all.isEmpty() ? null : all.get(0);
    }

    /** Every pod spec {@code o} carries, in the order they sit in it. */
    public static List<At> all(HasMetadata o) {
        JudgedKind kind = JudgedKind.of(o);
        if (kind != null) {
            At at = kind.carriesPods() ? kind.podSpec(o) : null;
            return at == null ? List.of() : List.of(at);
        }
        List<At> found = new ArrayList<>(1);
        JsonNode tree;
        try {
            tree = JSON.valueToTree(o);
        } catch (IllegalArgumentException e) {
            return List.of(); // not representable as JSON: nothing to search
        }
        search(tree, "", 0, found);
        return found;
    }

    /**
     * Why an object that carries no pod spec is not judged: a workload kind with none (its template
     * is missing, or its apiVersion puts it where none was found), or a kind django-guard does not judge.
     */
    public static String whyNotJudged(HasMetadata o, String notJudged) {
        JudgedKind kind = JudgedKind.of(o);
        if (kind != null) {
            return "the " + kind.kind() + " has no pod template: nothing to judge";
        }
        if (o.getKind() != null && WORKLOAD_NAMES.contains(o.getKind())) {
            return "unsupported apiVersion " + o.getApiVersion() + " for " + o.getKind() + ": no pod template was found in it";
        }
        return notJudged;
    }

    private static void search(JsonNode node, String path, int depth, List<At> found) {
        if (depth > MAX_SEARCH_DEPTH) {
            return;
        }
        if (node.isObject()) {
            if (looksLikePodSpec(node)) {
                PodSpec spec = podSpec(node);
                if (spec != null) {
                    found.add(new At(spec, path));
                }
                return;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                if (depth == 0 && NOT_SEARCHED.contains(e.getKey())) {
                    continue;
                }
                search(e.getValue(), path.isEmpty() ? e.getKey() : path + "." + e.getKey(), depth + 1, found);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                search(node.get(i), path + "[" + i + "]", depth + 1, found);
            }
        }
    }

    /** {@code containers}: a list whose entries are mappings with a name or an image. */
    private static boolean looksLikePodSpec(JsonNode node) {
        JsonNode containers = node.get("containers");
        if (containers == null || !containers.isArray() || containers.isEmpty()) {
            return false;
        }
        JsonNode first = containers.get(0);
        return first.isObject() && (first.has("name") || first.has("image"));
    }

    private static PodSpec podSpec(JsonNode node) {
        try {
            return JSON.treeToValue(node, PodSpec.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return null; // shaped like a pod spec but not one: not judged, as the API server would not run it
        }
    }
}
