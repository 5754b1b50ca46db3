package io.djangoguard.rules;

import io.djangoguard.engine.Severity;
import io.djangoguard.settings.DjangoSetting;

final class SslRedirectDisabled extends SettingMustBeTrue {

    SslRedirectDisabled() {
        super("ssl-redirect-disabled", "security.W008", Severity.DENY, DjangoSetting.SECURE_SSL_REDIRECT,
                "plain HTTP requests are served instead of redirected to HTTPS",
                "set DJANGO_SECURE_SSL_REDIRECT to \"True\" (behind a TLS-terminating proxy also set SECURE_PROXY_SSL_HEADER)");
    }

    @Override
    public boolean concernsWebOnly() {
        return true;
    }
}
