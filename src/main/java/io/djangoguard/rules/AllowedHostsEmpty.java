package io.djangoguard.rules;

import io.djangoguard.engine.Rule;
import io.djangoguard.engine.Findings;
import io.djangoguard.engine.Severity;
import io.djangoguard.engine.Subject;
import io.djangoguard.settings.DjangoSetting;

final class AllowedHostsEmpty extends Rule {

    AllowedHostsEmpty() {
        super("allowed-hosts-empty", "security.W020", Severity.DENY,
                "ALLOWED_HOSTS is empty: with DEBUG off Django answers every request with 400",
                "set DJANGO_ALLOWED_HOSTS to the host names the site is served on, e.g. \"shop.example.com\"");
    }

    @Override
    public void check(Subject subject, Findings out) {
        subject.settings().list(DjangoSetting.ALLOWED_HOSTS).filter(hosts -> hosts.isEmpty())
                .ifPresent(hosts -> out.report(this, subject, DjangoSetting.ALLOWED_HOSTS, "ALLOWED_HOSTS is empty"));
    }
}
