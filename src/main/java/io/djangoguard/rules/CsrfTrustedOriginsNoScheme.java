package io.djangoguard.rules;

import java.util.List;

import io.djangoguard.engine.Findings;
import io.djangoguard.engine.Rule;
import io.djangoguard.engine.Severity;
import io.djangoguard.engine.Subject;
import io.djangoguard.settings.DjangoSetting;
import io.djangoguard.settings.Echo;

/**
 * Django's 4_0.E001. Deny: it is an error of the checks every management command runs, so migrate and runserver stop,
 * and an origin without a scheme is never trusted (form posts from it fail the CSRF check). Django 3.2 compared host
 * names and has no such check: the rule is silent when the values are read as 3.2's.
 */
final class CsrfTrustedOriginsNoScheme extends Rule {

    CsrfTrustedOriginsNoScheme() {
        super("csrf-trusted-origins-no-scheme", "4_0.E001", Severity.DENY,
                "a CSRF_TRUSTED_ORIGINS entry has no scheme: from Django 4.0 entries are origins (https://shop.example.com), "
                        + "and Django's checks stop migrate and runserver",
                "write each entry with its scheme: DJANGO_CSRF_TRUSTED_ORIGINS=https://shop.example.com,https://*.example.com");
    }

    @Override
    public void check(Subject subject, Findings out) {
        if (subject.settings().version().number() < 400) {
            return;
        }
        subject.settings().list(DjangoSetting.CSRF_TRUSTED_ORIGINS).ifPresent(origins -> {
            List<String> bare = origins.stream().filter(o -> !o.contains("://")).toList();
            if (!bare.isEmpty()) {
                String first = bare.get(0);
                String named = Echo.harmless(first) && !first.isBlank()
                        ? subject.settings().quoted(DjangoSetting.CSRF_TRUSTED_ORIGINS, first) : "an entry";
                out.report(this, subject, DjangoSetting.CSRF_TRUSTED_ORIGINS, "CSRF_TRUSTED_ORIGINS has " + named
                        + " without a scheme" + (bare.size() > 1 ? " (and " + (bare.size() - 1) + " more)" : ""));
            }
        });
    }
}
