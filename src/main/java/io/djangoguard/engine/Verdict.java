package io.djangoguard.engine;

import java.util.Locale;

/** The outcome for one object. */
public enum Verdict {
    DENY, WARN, ALLOW, SKIPPED;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
