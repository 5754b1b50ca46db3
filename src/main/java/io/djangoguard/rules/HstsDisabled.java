package io.djangoguard.rules;

import io.djangoguard.engine.Rule;
import java.util.OptionalLong;

import io.djangoguard.engine.Findings;
import io.djangoguard.engine.Severity;
import io.djangoguard.engine.Subject;
import io.djangoguard.settings.DjangoSetting;

final class HstsDisabled extends Rule {

    HstsDisabled() {
        super("hsts-disabled", "security.W004", Severity.WARN,
                "SECURE_HSTS_SECONDS is 0: browsers are not told to use HTTPS only",
                "set DJANGO_SECURE_HSTS_SECONDS to 31536000 (one year) once the whole site is served over HTTPS");
    }

    @Override
    public void check(Subject subject, Findings out) {
        OptionalLong s = Hsts.seconds(subject);
        if (s.isPresent() && s.getAsLong() == 0) {
            out.report(this, subject, DjangoSetting.SECURE_HSTS_SECONDS, "SECURE_HSTS_SECONDS is 0 (HSTS off)");
        }
    }

    @Override
    public boolean concernsWebOnly() {
        return true;
    }
}
