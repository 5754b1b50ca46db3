package io.djangoguard.rules;

import io.djangoguard.engine.Severity;
import io.djangoguard.engine.Subject;
import io.djangoguard.settings.DjangoSetting;

final class HstsPreloadDisabled extends SettingMustBeTrue {

    HstsPreloadDisabled() {
        super("hsts-preload-disabled", "security.W021", Severity.WARN, DjangoSetting.SECURE_HSTS_PRELOAD,
                "HSTS is on but the site cannot be in browsers' preload list, so a first visit can be downgraded",
                "set DJANGO_SECURE_HSTS_PRELOAD to \"True\" and submit the domain to hstspreload.org");
    }

    @Override
    boolean applies(Subject subject) {
        return Hsts.isOn(subject);
    }

    @Override
    public boolean concernsWebOnly() {
        return true;
    }
}
