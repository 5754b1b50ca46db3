package io.djangoguard.engine;

import io.djangoguard.settings.DjangoVersion;

/**
 * What a namespace asks for with annotations or labels: the profile ({@code django-guard.io/profile}) and the Django
 * that reads its values ({@code django-guard.io/django-version}).
 */
public interface NamespaceProfiles {

    /** Null when the namespace names no profile (or is not known). */
    Profile profileOf(String namespace);

    /** Null when the namespace names no Django version (or is not known). */
    default DjangoVersion versionOf(String namespace) {
        return null;
    }

    NamespaceProfiles NONE = namespace -> null;
}
