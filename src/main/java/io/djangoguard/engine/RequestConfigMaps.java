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
        if (data != null) {
            return new Found(data);
        }
        Result r = next.find(namespace, name);
        if (r instanceof Missing m) {
            // a pod reads ConfigMaps of its own namespace only: one of that name elsewhere in the request is a slip
            for (String key : byKey.keySet()) {
                if (key.endsWith("/" + name) && key.length() == key.indexOf('/') + 1 + name.length()) {
                    return new Missing(m.where() + " (a ConfigMap \"" + name + "\" is in namespace \""
                            + key.substring(0, key.indexOf('/')) + "\" of the same request, but a pod reads only its own namespace's)");
                }
            }
        }
        return r;
    }
}
