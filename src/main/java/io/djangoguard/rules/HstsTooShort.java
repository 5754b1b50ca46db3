package io.djangoguard.rules;

import io.djangoguard.engine.Rule;
import java.util.OptionalLong;

import io.djangoguard.engine.Findings;
import io.djangoguard.engine.Policy;
import io.djangoguard.engine.Severity;
import io.djangoguard.engine.Subject;
import io.djangoguard.settings.DjangoSetting;

final class HstsTooShort extends Rule {

    HstsTooShort() {
        super("hsts-too-short", null, Severity.WARN,
                "0 < SECURE_HSTS_SECONDS < the minimum age (default 31536000, one year, as the preload list requires)",
                null);
    }

    @Override
    public String remediation(Policy policy) {
        return "raise DJANGO_SECURE_HSTS_SECONDS to at least " + policy.hstsMinSeconds();
    }

    @Override
    public void check(Subject subject, Findings out) {
        OptionalLong s = Hsts.seconds(subject);
        long min = out.policy().hstsMinSeconds();
        if (s.isPresent() && s.getAsLong() > 0 && s.getAsLong() < min) {
            out.report(this, subject, DjangoSetting.SECURE_HSTS_SECONDS,
                    "SECURE_HSTS_SECONDS is " + s.getAsLong() + ", under " + min);
        }
    }

    @Override
    public boolean concernsWebOnly() {
        return true;
    }
}
