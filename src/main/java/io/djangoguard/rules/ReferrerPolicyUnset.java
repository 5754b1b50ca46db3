package io.djangoguard.rules;

import io.djangoguard.engine.Findings;
import io.djangoguard.engine.Rule;
import io.djangoguard.engine.Severity;
import io.djangoguard.engine.Subject;
import io.djangoguard.settings.DjangoSetting;

/**
 * Django's security.W022. Warn: without the header browsers apply their own default (strict-origin-when-cross-origin
 * in current ones), which leaks little; it is privacy hardening, not a hole. Django's default, same-origin, sends it;
 * only a settings file setting None turns it off.
 */
final class ReferrerPolicyUnset extends Rule {

    ReferrerPolicyUnset() {
        super("referrer-policy-unset", "security.W022", Severity.WARN,
                "SECURE_REFERRER_POLICY is None: no Referrer-Policy header, so full URLs (tokens in query strings) may go to "
                        + "other sites",
                "remove SECURE_REFERRER_POLICY = None (Django's default is \"same-origin\")");
    }

    @Override
    public void check(Subject subject, Findings out) {
        if (subject.settings().isNone(DjangoSetting.SECURE_REFERRER_POLICY)) {
            out.report(this, subject, DjangoSetting.SECURE_REFERRER_POLICY, "SECURE_REFERRER_POLICY is None");
        }
    }

    @Override
    public boolean concernsWebOnly() {
        return true;
    }
}
