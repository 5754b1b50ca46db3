package io.djangoguard.engine;

import io.djangoguard.settings.Settings;

/**
 * What a rule looks at: one Django container of a workload, or a Django ConfigMap, with the
 * settings it hands to Django.
 */
public abstract sealed class Subject permits ContainerSubject, ConfigMapSubject, SecretSubject {

    private final ObjectRef object;
    private final String label;
    private final String path;
    private final Settings settings;

    protected Subject(ObjectRef object, String label, String path, Settings settings) {
        this.object = object;
        this.label = label;
        this.path = path;
        this.settings = settings;
    }

    public ObjectRef object() {
        return object;
    }

    /** How messages name it: {@code container "web"}, {@code ConfigMap "shop-config"}. */
    public String label() {
        return label;
    }

    /** Where it is in the object: {@code spec.template.spec.containers[0]}. */
    public String path() {
        return path;
    }

    public Settings settings() {
        return settings;
    }

    /** The container's name, or null for a ConfigMap. */
    public abstract String containerName();
}
