package io.djangoguard.engine;

import java.util.Locale;

/**
 * How undeclared settings are judged. {@code declared}: only what the manifest sets (settings.py
 * may set the rest). {@code strict}: what the manifest leaves out takes Django's global default.
 */
public enum Profile {
    DECLARED, STRICT;

    /** The annotation or label that chooses the profile for an object or a namespace. */
    public static final String KEY = "django-guard.io/profile";

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Null when {@code s} names no profile. */
    public static Profile fromId(String s) {
        if (s == null) {
            return null;
        }
        for (Profile p : values()) {
            if (p.id().equalsIgnoreCase(s.strip())) {
                return p;
            }
        }
        return null;
    }
}
