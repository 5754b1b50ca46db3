package io.djangoguard.engine;

import io.djangoguard.settings.ConfigMapLookup;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;

/**
 * The ConfigMaps sent in the same request (an audit of many documents), asked first; what is not
 * among them is asked of {@code next} (the cluster, when there is one). The request's Secret manifests answer
 * {@link #secret} (their {@code data} decoded, then {@code stringData}); Secrets are never asked of the cluster.
 */
public final class RequestConfigMaps implements ConfigMapLookup {

    private final Map<String, Map<String, String>> byKey;
    private final Map<String, Map<String, String>> secrets;
    private final ConfigMapLookup next;

    private RequestConfigMaps(Map<String, Map<String, String>> byKey, Map<String, Map<String, String>> secrets, ConfigMapLookup next) {
        this.byKey = byKey;
        this.secrets = secrets;
        this.next = next;
    }

    /** ConfigMaps and Secrets without a namespace are matched with workloads in {@code defaultNamespace}. */
    public static ConfigMapLookup of(List<? extends HasMetadata> objects, String defaultNamespace, ConfigMapLookup next) {
        Map<String, Map<String, String>> byKey = new HashMap<>();
        Map<String, Map<String, String>> secrets = new HashMap<>();
        for (HasMetadata o : objects) {
            if (o.getMetadata() == null || o.getMetadata().getName() == null) {
                continue;
            }
            String key = ObjectRef.of(o, defaultNamespace).namespace() + "/" + o.getMetadata().getName();
            if (o instanceof ConfigMap cm) {
                byKey.put(key, cm.getData() == null ? Map.of() : cm.getData());
            } else if (o instanceof Secret secret) {
                secrets.put(key, SecretData.of(secret));
            }
        }
        return byKey.isEmpty() && secrets.isEmpty() ? next : new RequestConfigMaps(byKey, secrets, next);
    }

    /**
     * The object of that name in the namespace, else one written with no namespace at all: {@code kubectl apply -n X}
     * and {@code helm install -n X} put such an object where the workloads naming X go (Helm's templates often name none).
     */
    private static Map<String, String> inNamespaceOrNone(Map<String, Map<String, String>> objects, String namespace, String name) {
        Map<String, String> data = objects.get(namespace + "/" + name);
        return data != null ? data : objects.get(null + "/" + name);
    }

    @Override
    public Map<String, String> secret(String namespace, String name) {
        Map<String, String> data = inNamespaceOrNone(secrets, namespace, name);
        return data != null ? data : next.secret(namespace, name);
    }

    @Override
    public Result find(String namespace, String name) {
        Map<String, String> data = inNamespaceOrNone(byKey, namespace, name);
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
