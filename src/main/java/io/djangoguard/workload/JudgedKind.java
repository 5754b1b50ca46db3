package io.djangoguard.workload;

import java.util.function.Function;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;

/**
 * The one table of the kinds django-guard judges: API group, kind, resource, and where the pod
 * template is. Admission rules, the cluster audit's listing, the controllers whose children are
 * left out of it and the pod-spec lookup are all read from here (the chart's webhook rules and RBAC
 * are checked against it). Owners come before what they own.
 */
public enum JudgedKind {
    DEPLOYMENT(Deployment.class, "apps", "Deployment", "deployments", "spec.template",
            o -> o instanceof Deployment d && d.getSpec() != null ? d.getSpec().getTemplate() : null),
    STATEFUL_SET(StatefulSet.class, "apps", "StatefulSet", "statefulsets", "spec.template",
            o -> o instanceof StatefulSet s && s.getSpec() != null ? s.getSpec().getTemplate() : null),
    DAEMON_SET(DaemonSet.class, "apps", "DaemonSet", "daemonsets", "spec.template",
            o -> o instanceof DaemonSet s && s.getSpec() != null ? s.getSpec().getTemplate() : null),
    CRON_JOB(CronJob.class, "batch", "CronJob", "cronjobs", "spec.jobTemplate.spec.template",
            o -> o instanceof CronJob c && c.getSpec() != null && c.getSpec().getJobTemplate() != null
                    && c.getSpec().getJobTemplate().getSpec() != null
                    ? c.getSpec().getJobTemplate().getSpec().getTemplate() : null),
    JOB(Job.class, "batch", "Job", "jobs", "spec.template",
            o -> o instanceof Job j && j.getSpec() != null ? j.getSpec().getTemplate() : null),
    REPLICA_SET(ReplicaSet.class, "apps", "ReplicaSet", "replicasets", "spec.template",
            o -> o instanceof ReplicaSet s && s.getSpec() != null ? s.getSpec().getTemplate() : null),
    /** A Pod is its own template: its spec is at {@code spec}. */
    POD(Pod.class, "", "Pod", "pods", null, null),
    /** Judged by its data, not by a pod template. */
    CONFIG_MAP(ConfigMap.class, "", "ConfigMap", "configmaps", null, null);

    private final Class<? extends HasMetadata> type;
    private final String group;
    private final String kind;
    private final String resource;
    private final String templatePath;
    private final Function<HasMetadata, PodTemplateSpec> template;

    JudgedKind(Class<? extends HasMetadata> type, String group, String kind, String resource, String templatePath,
            Function<HasMetadata, PodTemplateSpec> template) {
        this.type = type;
        this.group = group;
        this.kind = kind;
        this.resource = resource;
        this.templatePath = templatePath;
        this.template = template;
    }

    /** The API group: "" for the core group. */
    public String group() {
        return group;
    }

    public String kind() {
        return kind;
    }

    /** The plural resource name the API and RBAC use: {@code deployments}. */
    public String resource() {
        return resource;
    }

    /** Whether objects of this kind carry pods (every kind but ConfigMap). */
    public boolean carriesPods() {
        return this != CONFIG_MAP;
    }

    /** Whether it owns the pods (or the Jobs or ReplicaSets) it makes from its template: every workload but a Pod. */
    public boolean controller() {
        return template != null;
    }

    /** The judged kind of {@code o}, or null when django-guard does not judge its kind. */
    public static JudgedKind of(HasMetadata o) {
        for (JudgedKind k : values()) {
            if (k.type.isInstance(o)) {
                return k;
            }
        }
        return null;
    }

    /** The judged kind named {@code group/kind} as an owner reference names it, or null. */
    public static JudgedKind of(String group, String kind) {
        for (JudgedKind k : values()) {
            if (k.group.equals(group) && k.kind.equals(kind)) {
                return k;
            }
        }
        return null;
    }

    /** The pod spec of an object of this kind with its path in the object; null when it has none. */
    PodSpecs.At podSpec(HasMetadata o) {
        if (this == POD) {
            PodSpec spec = ((Pod) o).getSpec();
            return spec == null ? null : new PodSpecs.At(spec, "spec");
        }
        PodTemplateSpec t = template == null ? null : template.apply(o);
        return t == null || t.getSpec() == null ? null : new PodSpecs.At(t.getSpec(), templatePath + ".spec");
    }
}
