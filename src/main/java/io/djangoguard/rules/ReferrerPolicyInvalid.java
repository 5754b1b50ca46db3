package io.djangoguard.rules;

import java.util.Set;

import io.djangoguard.engine.Findings;
import io.djangoguard.engine.Rule;
import io.djangoguard.engine.Severity;
import io.djangoguard.engine.Subject;
import io.djangoguard.settings.DjangoSetting;

/**
 * Django's security.E023. Warn, although Django calls it an error: the check runs only with --deploy, so Django starts,
 * and a browser ignores a policy it does not know and falls back to its own default. The header is lost, nothing more.
 */
final class ReferrerPolicyInvalid extends Rule {

    /** Django's REFERRER_POLICY_VALUES (the same in 3.2 and 5.2). */
    static final Set<String> POLICIES = Set.of("no-referrer", "no-referrer-when-downgrade", "origin", "origin-when-cross-origin",
            "same-origin", "strict-origin", "strict-origin-when-cross-origin", "unsafe-url");

    ReferrerPolicyInvalid() {
        super("referrer-policy-invalid", "security.E023", Severity.WARN,
                "SECURE_REFERRER_POLICY names a policy browsers do not know (each comma-separated part must be one of the "
                        + "eight of the Referrer-Policy standard), so they ignore the header",
                "set DJANGO_SECURE_REFERRER_POLICY to one of: " + String.join(", ", new java.util.TreeSet<>(POLICIES))
                        + " (or remove it: Django's default is same-origin)");
    }

    @Override
    public void check(Subject subject, Findings out) {
        subject.settings().string(DjangoSetting.SECURE_REFERRER_POLICY).ifPresent(v -> {
            // Django's reading: split on commas, each part stripped
            for (String part : v.split(",", -1)) {
                String policy = part.strip();
                if (!POLICIES.contains(policy)) {
                    String shown = policy.isEmpty() ? "an empty part" : subject.settings().quoted(DjangoSetting.SECURE_REFERRER_POLICY, policy);
                    out.report(this, subject, DjangoSetting.SECURE_REFERRER_POLICY,
                            "SECURE_REFERRER_POLICY has " + shown + ", which is no referrer policy");
                    return;
                }
            }
        });
    }

    @Override
    public boolean concernsWebOnly() {
        return true;
    }
}
