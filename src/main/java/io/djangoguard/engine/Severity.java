package io.djangoguard.engine;

import java.util.Locale;

/** What a finding does to a review: deny it, allow it with a warning, or nothing (rule switched off). */
public enum Severity {
    DENY, WARN, OFF;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Severity parse(String s) {
        for (Severity v : values()) {
            if (v.id().equalsIgnoreCase(s.strip())) {
                return v;
            }
        }
        throw new IllegalArgumentException("unknown severity \"" + s + "\" (use deny, warn or off)");
    }
}
