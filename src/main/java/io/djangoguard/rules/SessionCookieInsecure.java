package io.djangoguard.rules;

import io.djangoguard.engine.Severity;
import io.djangoguard.settings.DjangoSetting;

final class SessionCookieInsecure extends SettingMustBeTrue {

    SessionCookieInsecure() {
        super("session-cookie-insecure", "security.W012", Severity.DENY, DjangoSetting.SESSION_COOKIE_SECURE,
                "the session cookie is also sent over plain HTTP, where it can be stolen",
                "set DJANGO_SESSION_COOKIE_SECURE to \"True\"");
    }

    @Override
    public boolean concernsWebOnly() {
        return true;
    }
}
