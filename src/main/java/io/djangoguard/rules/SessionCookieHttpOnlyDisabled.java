package io.djangoguard.rules;

import io.djangoguard.engine.Severity;
import io.djangoguard.settings.DjangoSetting;

/**
 * Django's security.W015 (W013/W014 when only the app or only the middleware is installed; a standard project has
 * both). Deny by default: turning HttpOnly off is never needed for Django's own pages, and a session cookie JavaScript
 * can read is one any injected script can send away.
 */
final class SessionCookieHttpOnlyDisabled extends SettingMustBeTrue {

    SessionCookieHttpOnlyDisabled() {
        super("session-cookie-httponly-disabled", "security.W015", Severity.DENY, DjangoSetting.SESSION_COOKIE_HTTPONLY,
                "JavaScript can read the session cookie, so any injected script can steal the session",
                "remove DJANGO_SESSION_COOKIE_HTTPONLY or set it to \"True\" (Django's default)");
    }

    @Override
    public boolean concernsWebOnly() {
        return true;
    }
}
