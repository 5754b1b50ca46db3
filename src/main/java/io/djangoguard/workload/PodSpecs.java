package io.djangoguard.workload;

import java.util.Set;

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

/** Finds the pod spec inside each workload kind django-guard judges, with its path in the object. */
public final class PodSpecs {

    /** The workload kinds that carry pods; ConfigMap is judged too, by its data. */
    public static final Set<String> WORKLOAD_KINDS =
            Set.of("Pod", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob");

    private PodSpecs() {
    }

    public record At(PodSpec spec, String path) {
    }

    /** The pod spec of a judged workload; null for any other object or one without a spec. */
    public static At of(HasMetadata o) {
        if (o instanceof Pod p) {
            return at(p.getSpec(), "spec");
        }
        if (o instanceof Deployment d) {
            return d.getSpec() == null ? null : template(d.getSpec().getTemplate(), "spec.template");
        }
        if (o instanceof StatefulSet s) {
            return s.getSpec() == null ? null : template(s.getSpec().getTemplate(), "spec.template");
        }
        if (o instanceof DaemonSet s) {
            return s.getSpec() == null ? null : template(s.getSpec().getTemplate(), "spec.template");
        }
        if (o instanceof ReplicaSet s) {
            return s.getSpec() == null ? null : template(s.getSpec().getTemplate(), "spec.template");
        }
        if (o instanceof Job j) {
            return j.getSpec() == null ? null : template(j.getSpec().getTemplate(), "spec.template");
        }
        if (o instanceof CronJob c) {
            if (c.getSpec() == null || c.getSpec().getJobTemplate() == null
                    || c.getSpec().getJobTemplate().getSpec() == null) {
                return null;
            }
            return template(c.getSpec().getJobTemplate().getSpec().getTemplate(), "spec.jobTemplate.spec.template");
        }
        return null;
    }

    public static boolean isWorkload(HasMetadata o) {
        return o instanceof Pod || o instanceof Deployment || o instanceof StatefulSet || o instanceof DaemonSet
                || o instanceof ReplicaSet || o instanceof Job || o instanceof CronJob;
    }

    private static At template(PodTemplateSpec t, String path) {
        return t == null ? null : at(t.getSpec(), path + ".spec");
    }

    private static At at(PodSpec spec, String path) {
        return spec == null ? null : new At(spec, path);
    }

}
