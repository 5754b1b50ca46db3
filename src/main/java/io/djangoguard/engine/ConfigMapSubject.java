package io.djangoguard.engine;

import io.djangoguard.settings.Settings;

/** A ConfigMap that holds Django settings, judged by its own data. */
public final class ConfigMapSubject extends Subject {

    public ConfigMapSubject(ObjectRef object, Settings settings) {
        super(object, "ConfigMap \"" + object.name() + "\"", "data", settings);
    }

    @Override
    public String containerName() {
        return null;
    }
}
