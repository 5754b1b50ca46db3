package io.djangoguard.engine;

import java.util.Locale;

/**
 * What admission does with what the rules find, so that a policy can be rolled out gradually: {@code enforce} denies on
 * deny-level findings, {@code warn} returns every finding as a warning and denies nothing, {@code audit} returns
 * nothing to the user (findings are only counted, logged and reported). Chosen by configuration and, per namespace, by
 * the label (or annotation) {@link #KEY}; never by the object itself, which would let a team switch its own policy off.
 */
public enum Enforcement {
    ENFORCE, WARN, AUDIT;

    /** The namespace label (or annotation) that chooses the mode for the objects in it. */
    public static final String KEY = "django-guard.io/enforcement";

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Null when {@code s} names no mode. */
    public static Enforcement fromId(String s) {
        if (s == null) {
            return null;
        }
        for (Enforcement e : values()) {
            if (e.id().equalsIgnoreCase(s.strip())) {
                return e;
            }
        }
        return null;
    }
}
