package io.djangoguard.engine;

import io.djangoguard.settings.Settings;

/**
 * A Secret manifest audited with the workloads (never one read from the cluster) that holds Django settings: judged by
 * its own keys, whose values are read to be judged and never shown.
 */
public final class SecretSubject extends Subject {

    /**
     * The annotation the audit puts on a Secret rendered from a chart: the keys whose values differ between two renders
     * of the same chart and values, so the chart generates them at each install and they are not committed.
     */
    public static final String GENERATED_KEYS = "django-guard.io/generated-keys";

    public SecretSubject(ObjectRef object, Settings settings) {
        super(object, "Secret \"" + object.name() + "\"", "data", settings);
    }

    @Override
    public String containerName() {
        return null;
    }
}
