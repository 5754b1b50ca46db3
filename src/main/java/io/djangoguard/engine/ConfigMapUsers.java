package io.djangoguard.engine;

import java.util.List;

import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * The workloads that read a ConfigMap (envFrom, configMapKeyRef, a volume), so that a change to the
 * ConfigMap is judged by what it does to them. Implementations answer from memory, never block.
 */
public interface ConfigMapUsers {

    List<HasMetadata> of(String namespace, String configMap);

    /** No cluster to ask: a ConfigMap is judged on its own data only. */
    ConfigMapUsers NONE = (namespace, configMap) -> List.of();
}
