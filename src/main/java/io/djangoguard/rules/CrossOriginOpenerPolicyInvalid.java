package io.djangoguard.rules;

import java.util.Set;

import io.djangoguard.engine.Findings;
import io.djangoguard.engine.Rule;
import io.djangoguard.engine.Severity;
import io.djangoguard.engine.Subject;
import io.djangoguard.settings.DjangoSetting;

/**
 * Django's security.E024 (4.0+). Warn, although Django calls it an error: the check runs only with --deploy, so Django
 * starts; a browser ignores a policy it does not know, and the page only loses its isolation from cross-origin pop-ups.
 */
final class CrossOriginOpenerPolicyInvalid extends Rule {

    static final Set<String> POLICIES = Set.of("same-origin", "same-origin-allow-popups", "unsafe-none");

    CrossOriginOpenerPolicyInvalid() {
        super("cross-origin-opener-policy-invalid", "security.E024", Severity.WARN,
                "SECURE_CROSS_ORIGIN_OPENER_POLICY is not same-origin, same-origin-allow-popups or unsafe-none (compared "
                        + "exactly), so browsers ignore the header",
                "set DJANGO_SECURE_CROSS_ORIGIN_OPENER_POLICY to same-origin, same-origin-allow-popups or unsafe-none (or remove "
                        + "it: Django's default is same-origin)");
    }

    @Override
    public void check(Subject subject, Findings out) {
        if (!DjangoSetting.SECURE_CROSS_ORIGIN_OPENER_POLICY.knownTo(subject.settings().version())) {
            return;
        }
        subject.settings().string(DjangoSetting.SECURE_CROSS_ORIGIN_OPENER_POLICY).filter(v -> !POLICIES.contains(v))
                .ifPresent(v -> out.report(this, subject, DjangoSetting.SECURE_CROSS_ORIGIN_OPENER_POLICY,
                        "SECURE_CROSS_ORIGIN_OPENER_POLICY is " + subject.settings().quoted(DjangoSetting.SECURE_CROSS_ORIGIN_OPENER_POLICY, v) + ", which is no opener policy"));
    }

    @Override
    public boolean concernsWebOnly() {
        return true;
    }
}
