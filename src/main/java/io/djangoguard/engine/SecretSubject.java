package io.djangoguard.engine;

import io.djangoguard.settings.Settings;

/**
 * A Secret that holds Django settings, from the audited files or being written at admission (never one read from the
 * cluster): judged by its own keys, whose values are read to be judged and never shown.
 */
public final class SecretSubject extends Subject {

    /**
     * The annotation the audit puts on a Secret rendered from a chart: the keys whose values differ between two renders
     * of the same chart and values, so the chart generates them at each install and they are not committed.
     */
    public static final String GENERATED_KEYS = "django-guard.io/generated-keys";

    private final boolean manifest;

    /** {@code manifest}: read from files (in version control), not a Secret being written to the API. */
    public SecretSubject(ObjectRef object, Settings settings, boolean manifest) {
        super(object, "Secret \"" + object.name() + "\"", "data", settings);
        this.manifest = manifest;
    }

    /** Whether the Secret is a file of the audited repository rather than one written to the API at admission. */
    public boolean manifest() {
        return manifest;
    }

    @Override
    public String containerName() {
        return null;
    }
}
