package io.djangoguard.engine;

import io.djangoguard.settings.ConfigMapLookup;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * The ConfigMaps sent in the same request (an audit of many documents), asked first; what is not
 * among them is asked of {@code next} (the cluster, when there is one).
 */
public final class RequestConfigMaps implements ConfigMapLookup {

    private final Map<String, Map<String, String>> byKey;
    private final ConfigMapLookup next;

    private RequestConfigMaps(Map<String, Map<String, String>> byKey, ConfigMapLookup next) {
        this.byKey = byKey;
        this.next = next;
    }

    /** ConfigMaps without a namespace are matched with workloads in {@code defaultNamespace}. */
    public static ConfigMapLookup of(List<? extends HasMetadata> objects, String defaultNamespace, ConfigMapLookup next) {
        Map<String, Map<String, String>> byKey = null;
        for (HasMetadata o : objects) {
            if (o instanceof ConfigMap cm && cm.getMetadata() != null && cm.getMetadata().getName() != null) {
                if (byKey == null) {
                    byKey = new HashMap<>();
                }
                String ns = ObjectRef.of(cm, defaultNamespace).namespace();
                byKey.put(ns + "/" + cm.getMetadata().getName(), cm.getData() == null ? Map.of() : cm.getData());
            }
        }
        return byKey == null ? next : new RequestConfigMaps(byKey, next);
    }

    @Override
    public Result find(String namespace, String name) {
        Map<String, String> data = byKey.get(namespace + "/" + name);
        return data != null ? new Found(data) : next.find(namespace, name);
    }
}
