package io.djangoguard.rules;

import io.djangoguard.engine.Severity;
import io.djangoguard.settings.DjangoSetting;

final class ContentTypeNosniffDisabled extends SettingMustBeTrue {

    ContentTypeNosniffDisabled() {
        super("content-type-nosniff-disabled", "security.W006", Severity.WARN, DjangoSetting.SECURE_CONTENT_TYPE_NOSNIFF,
                "responses lack X-Content-Type-Options: nosniff, so browsers may run an upload as a script",
                "set DJANGO_SECURE_CONTENT_TYPE_NOSNIFF to \"True\" (Django's default) or remove it");
    }

    @Override
    public boolean concernsWebOnly() {
        return true;
    }
}
