package io.djangoguard.engine;

import io.fabric8.kubernetes.api.model.HasMetadata;

/** Which object a result is about. */
public record ObjectRef(String apiVersion, String kind, String namespace, String name) {

    public static ObjectRef of(HasMetadata o, String defaultNamespace) {
        String ns = o.getMetadata() == null ? null : o.getMetadata().getNamespace();
        String name = o.getMetadata() == null ? null : o.getMetadata().getName();
        if (name == null && o.getMetadata() != null) {
            name = o.getMetadata().getGenerateName();
        }
        return new ObjectRef(o.getApiVersion(), o.getKind(), ns == null || ns.isEmpty() ? defaultNamespace : ns, name);
    }

    /** {@code Deployment shop/web}. */
    public String describe() {
        String n = name == null ? "(unnamed)" : name;
        return kind + " " + (namespace == null || namespace.isEmpty() ? n : namespace + "/" + n);
    }
}
