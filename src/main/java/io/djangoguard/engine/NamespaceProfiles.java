package io.djangoguard.engine;


/** The profile a namespace asks for with the {@code django-guard.io/profile} annotation or label. */
public interface NamespaceProfiles {

    /** Null when the namespace names no profile (or is not known). */
    Profile profileOf(String namespace);

    NamespaceProfiles NONE = namespace -> null;
}
