package io.djangoguard.engine;

import java.util.Locale;

/**
 * The outcome for one object, most severe first. {@code ERROR}: something could not be evaluated
 * (a value Django cannot read, a reference that cannot be resolved), which is never a pass; whether
 * admission then refuses the object is the error's severity ({@link ObjectResult#denied()}).
 */
public enum Verdict {
    DENY, ERROR, WARN, ALLOW, SKIPPED;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
