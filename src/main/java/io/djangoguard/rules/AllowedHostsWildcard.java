package io.djangoguard.rules;

import io.djangoguard.engine.Rule;
import io.djangoguard.engine.Findings;
import io.djangoguard.engine.Severity;
import io.djangoguard.engine.Subject;
import io.djangoguard.settings.DjangoSetting;

final class AllowedHostsWildcard extends Rule {

    AllowedHostsWildcard() {
        super("allowed-hosts-wildcard", null, Severity.DENY,
                "an ALLOWED_HOSTS entry is \"*\": Host header validation is off (cache poisoning, password-reset links to any host)",
                "list the site's host names in DJANGO_ALLOWED_HOSTS instead of \"*\" (\".example.com\" matches subdomains)");
    }

    @Override
    public void check(Subject subject, Findings out) {
        subject.settings().list(DjangoSetting.ALLOWED_HOSTS).filter(hosts -> hosts.contains("*"))
                .ifPresent(hosts -> out.report(this, subject, DjangoSetting.ALLOWED_HOSTS,
                        "ALLOWED_HOSTS accepts any host (\"*\")"));
    }
}
