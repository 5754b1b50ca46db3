package io.djangoguard.workload;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;

/** Finds the pod spec inside each workload kind django-guard judges ({@link JudgedKind}), with its path in the object. */
public final class PodSpecs {

    private PodSpecs() {
    }

    public record At(PodSpec spec, String path) {
    }

    /** The pod spec of a judged workload; null for any other object or one without a spec. */
    public static At of(HasMetadata o) {
        JudgedKind kind = JudgedKind.of(o);
        return kind == null || !kind.carriesPods() ? null : kind.podSpec(o);
    }

    /** Whether {@code o} is of a kind that carries pods, with or without a spec. */
    public static boolean isWorkload(HasMetadata o) {
        JudgedKind kind = JudgedKind.of(o);
        return kind != null && kind.carriesPods();
    }
}
