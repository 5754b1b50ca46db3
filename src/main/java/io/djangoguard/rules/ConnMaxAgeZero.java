package io.djangoguard.rules;

import io.djangoguard.engine.Rule;
import java.util.OptionalLong;

import io.djangoguard.engine.Findings;
import io.djangoguard.engine.Severity;
import io.djangoguard.engine.Subject;
import io.djangoguard.settings.DjangoSetting;

final class ConnMaxAgeZero extends Rule {

    ConnMaxAgeZero() {
        super("conn-max-age-zero", null, Severity.WARN,
                "CONN_MAX_AGE is 0: every request opens (and closes) a new database connection",
                "set DJANGO_CONN_MAX_AGE to a number of seconds, e.g. \"60\", to reuse database connections");
    }

    @Override
    public void check(Subject subject, Findings out) {
        OptionalLong s = subject.settings().integer(DjangoSetting.CONN_MAX_AGE);
        if (s.isPresent() && s.getAsLong() == 0) {
            out.report(this, subject, DjangoSetting.CONN_MAX_AGE, "CONN_MAX_AGE is 0 (a new database connection per request)");
        }
    }
}
