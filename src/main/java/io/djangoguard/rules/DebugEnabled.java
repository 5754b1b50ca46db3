package io.djangoguard.rules;

import io.djangoguard.engine.Rule;
import io.djangoguard.engine.Findings;
import io.djangoguard.engine.Severity;
import io.djangoguard.engine.Subject;
import io.djangoguard.settings.DjangoSetting;

final class DebugEnabled extends Rule {

    DebugEnabled() {
        super("debug-enabled", "security.W018", Severity.DENY,
                "DEBUG is true: error pages show settings, SQL and source code to anyone",
                "set DJANGO_DEBUG to \"False\" in production");
    }

    @Override
    public void check(Subject subject, Findings out) {
        if (subject.settings().bool(DjangoSetting.DEBUG).orElse(false)) {
            out.report(this, subject, DjangoSetting.DEBUG, "DEBUG is true");
        }
    }
}
