package io.djangoguard.engine;

import io.djangoguard.settings.DjangoVersion;

/**
 * What a namespace asks for with annotations or labels: the profile ({@code django-guard.io/profile}), the Django
 * that reads its values ({@code django-guard.io/django-version}), the rollout mode and exemptions.
 */
public interface NamespaceProfiles {

    /** Null when the namespace names no profile (or is not known). */
    Profile profileOf(String namespace);

    /** Null when the namespace names no Django version (or is not known). */
    default DjangoVersion versionOf(String namespace) {
        return null;
    }

    /**
     * The namespace's annotation {@code key}, else its label, else null (also when the namespace is not known): what
     * the rollout mode ({@link Enforcement#KEY}) and namespace-wide exemptions ({@link Exemptions}) are read from.
     */
    default String valueOf(String namespace, String key) {
        return null;
    }

    NamespaceProfiles NONE = namespace -> null;
}
