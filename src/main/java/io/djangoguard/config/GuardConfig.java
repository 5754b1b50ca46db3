package io.djangoguard.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Everything an operator can set, under {@code django-guard.}; each key can also be given as an
 * environment variable ({@code DJANGO_GUARD_PROFILE=strict}).
 */
@ConfigMapping(prefix = "django-guard")
public interface GuardConfig {

    /** {@code declared} or {@code strict}; objects and namespaces may choose their own. */
    @WithDefault("declared")
    String profile();

    /** Per-rule severity, keyed by rule id: {@code django-guard.severity.hsts-disabled=deny}. */
    Map<String, String> severity();

    /**
     * Extra variable names per setting, keyed by setting ({@code secret-key}), replacing the
     * defaults {@code DJANGO_<SETTING>} and {@code <SETTING>}: {@code django-guard.aliases.secret-key=APP_SECRET_KEY,DJANGO_SECRET_KEY}.
     */
    Map<String, List<String>> aliases();

    /** The shortest HSTS max-age that passes hsts-too-short. */
    @WithDefault("31536000")
    long hstsMinSeconds();

    Tls tls();

    interface Tls {
        /** PEM certificate chain; with none the server makes a self-signed one at start. */
        Optional<String> certFile();

        /** PEM private key of {@link #certFile()}. */
        Optional<String> keyFile();
    }
}
