package io.djangoguard.engine;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.djangoguard.settings.DjangoVersion;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;

/**
 * The Namespaces among objects judged together (an audited chart or directory), in front of what the context knows:
 * a namespace written with {@code django-guard.io/enforcement: warn} or an exemption is honoured by the audit of the
 * manifests that create it, as admission will honour it once it exists.
 */
final class RequestNamespaces implements NamespaceProfiles {

    private final Map<String, ObjectMeta> written;
    private final NamespaceProfiles otherwise;

    private RequestNamespaces(Map<String, ObjectMeta> written, NamespaceProfiles otherwise) {
        this.written = written;
        this.otherwise = otherwise;
    }

    /** {@code otherwise} itself when no Namespace is among {@code objects}. */
    static NamespaceProfiles of(List<? extends HasMetadata> objects, NamespaceProfiles otherwise) {
        Map<String, ObjectMeta> written = null;
        for (HasMetadata o : objects) {
            if ("Namespace".equals(o.getKind()) && o.getMetadata() != null && o.getMetadata().getName() != null) {
                if (written == null) {
                    written = new HashMap<>(4);
                }
                written.put(o.getMetadata().getName(), o.getMetadata());
            }
        }
        return written == null ? otherwise : new RequestNamespaces(written, otherwise);
    }

    @Override
    public String valueOf(String namespace, String key) {
        ObjectMeta meta = written.get(namespace);
        if (meta == null) {
            return otherwise.valueOf(namespace, key);
        }
        String v = meta.getAnnotations() == null ? null : meta.getAnnotations().get(key);
        return v != null || meta.getLabels() == null ? v : meta.getLabels().get(key);
    }

    @Override
    public Profile profileOf(String namespace) {
        return written.containsKey(namespace) ? Profile.fromId(valueOf(namespace, Profile.KEY)) : otherwise.profileOf(namespace);
    }

    @Override
    public DjangoVersion versionOf(String namespace) {
        return written.containsKey(namespace) ? DjangoVersion.fromId(valueOf(namespace, DjangoVersion.KEY))
                : otherwise.versionOf(namespace);
    }
}
