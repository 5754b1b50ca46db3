package io.djangoguard.rules;

import io.djangoguard.engine.Severity;
import io.djangoguard.engine.Subject;
import io.djangoguard.settings.DjangoSetting;

final class HstsSubdomainsDisabled extends SettingMustBeTrue {

    HstsSubdomainsDisabled() {
        super("hsts-subdomains-disabled", "security.W005", Severity.WARN, DjangoSetting.SECURE_HSTS_INCLUDE_SUBDOMAINS,
                "HSTS is on but does not cover subdomains, which stay open to downgrade attacks",
                "set DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS to \"True\" once every subdomain serves HTTPS");
    }

    /** Django asks this only when HSTS is on (any non-zero age, as Python's truth test). */
    @Override
    boolean applies(Subject subject) {
        return Hsts.isOn(subject);
    }

    @Override
    public boolean concernsWebOnly() {
        return true;
    }
}
