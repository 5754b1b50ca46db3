package io.djangoguard.rules;

import io.djangoguard.engine.Severity;
import io.djangoguard.engine.Subject;
import io.djangoguard.settings.DjangoSetting;

final class CsrfCookieInsecure extends SettingMustBeTrue {

    CsrfCookieInsecure() {
        super("csrf-cookie-insecure", "security.W016", Severity.DENY, DjangoSetting.CSRF_COOKIE_SECURE,
                "the CSRF cookie is also sent over plain HTTP (unless CSRF_USE_SESSIONS keeps the token in the session)",
                "set DJANGO_CSRF_COOKIE_SECURE to \"True\"");
    }

    /** With CSRF_USE_SESSIONS the token lives in the session and no CSRF cookie is sent (Django skips W016). */
    @Override
    boolean applies(Subject subject) {
        return !subject.settings().bool(DjangoSetting.CSRF_USE_SESSIONS).orElse(false);
    }

    @Override
    public boolean concernsWebOnly() {
        return true;
    }
}
