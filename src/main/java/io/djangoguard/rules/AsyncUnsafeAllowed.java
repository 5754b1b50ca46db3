package io.djangoguard.rules;

import io.djangoguard.engine.Findings;
import io.djangoguard.engine.Rule;
import io.djangoguard.engine.Severity;
import io.djangoguard.engine.Subject;
import io.djangoguard.settings.Variable;

/**
 * Django's async.E001. Deny: Django rates it an error, it exists for notebooks and shells, and no production server
 * needs it; with it, ORM calls from async code run on the event loop's thread, where connections are not safe to share.
 * Django reads the variable itself (any non-empty value, even "false"), so no alias or preset changes its name.
 */
final class AsyncUnsafeAllowed extends Rule {

    static final String VARIABLE = "DJANGO_ALLOW_ASYNC_UNSAFE";

    AsyncUnsafeAllowed() {
        super("async-unsafe-allowed", "async.E001", Severity.DENY,
                "DJANGO_ALLOW_ASYNC_UNSAFE is set (to anything but an empty value): Django's guard against database calls "
                        + "from async code is off",
                "remove DJANGO_ALLOW_ASYNC_UNSAFE; call the ORM from async code through sync_to_async or its async methods");
    }

    @Override
    public void check(Subject subject, Findings out) {
        Variable v = subject.settings().environment().get(VARIABLE);
        if (v != null && v.value() != null && !v.value().isEmpty()) {
            String falseLooking = v.value().strip().equalsIgnoreCase("false") || v.value().strip().equals("0")
                    ? " (Django tests only that it is not empty: \"" + v.value().strip() + "\" turns it on too)" : "";
            out.report(this, subject, null, v.source().path() != null ? v.source().path() : subject.path(), VARIABLE + " is set" + falseLooking,
                    VARIABLE + " is set" + falseLooking + " (" + v.source().description() + ")");
        }
    }
}
