package io.djangoguard.rules;

import io.djangoguard.engine.Rule;
import io.djangoguard.engine.ContainerSubject;
import io.djangoguard.engine.Findings;
import io.djangoguard.engine.Severity;
import io.djangoguard.engine.Subject;
import io.djangoguard.settings.DjangoSetting;
import io.djangoguard.settings.Environment;
import io.djangoguard.settings.KeyFile;
import io.djangoguard.settings.SettingValue;

final class SecretKeyWeak extends Rule {

    /** Django's own thresholds (django/core/checks/security/base.py). */
    static final int MIN_LENGTH = 50;
    static final int MIN_UNIQUE_CHARACTERS = 5;
    static final String INSECURE_PREFIX = "django-insecure-";

    SecretKeyWeak() {
        super("secret-key-weak", "security.W009", Severity.DENY,
                "a visible secret key is shorter than 50 characters, has fewer than 5 distinct characters or starts with \"django-insecure-\" (strict: also when there is none)",
                "generate a new key (python -c \"from django.core.management.utils import get_random_secret_key as k; print(k())\") and keep it in a Secret");
    }

    @Override
    public void check(Subject subject, Findings out) {
        SettingValue key = subject.settings().declared(DjangoSetting.SECRET_KEY);
        if (key == null) {
            String inFile = keyInFile(subject);
            if (inFile != null) {
                String weakness = weakness(inFile);
                if (weakness != null) {
                    out.report(this, subject, DjangoSetting.SECRET_KEY_FILE, "the secret key in its file " + weakness);
                }
                return;
            }
            if (subject.settings().strict() && subject instanceof ContainerSubject && !keyProvidedElsewhere(subject)) {
                out.report(this, subject, DjangoSetting.SECRET_KEY, "no secret key is set" + stopsWithout(subject));
            }
            return;
        }
        if (!key.visible()) {
            return;
        }
        String weakness = weakness(key.raw());
        if (weakness != null) {
            // Say how it is weak, never what it is.
            out.report(this, subject, DjangoSetting.SECRET_KEY, "the secret key " + weakness
                    + (key.raw().isEmpty() && subject instanceof ContainerSubject ? stopsWithout(subject) : ""));
        }
    }

    /**
     * Django 3.2 reads the key when the admin's password-reset token generator is imported, at start: a project with the
     * admin does not start without one (run here: ImproperlyConfigured). Django 5.2 reads it only when it signs.
     */
    private static String stopsWithout(Subject subject) {
        return subject.settings().version().number() < 400
                ? " (Django 3.2 stops at start without a key when django.contrib.admin is installed)" : "";
    }

    /** A key file, an envFrom Secret or an envFrom ConfigMap that could not be read may carry the key: unseen, not absent. */
    private static boolean keyProvidedElsewhere(Subject subject) {
        Environment env = subject.settings().environment();
        return !env.secretEnvFrom().isEmpty() || subject.settings().declared(DjangoSetting.SECRET_KEY_FILE) != null
                || env.unresolved().stream().anyMatch(r -> r.key() == null);
    }

    /** The key in the file DJANGO_SECRET_KEY_FILE names, when a ConfigMap volume the request shows holds it; else null. */
    static String keyInFile(Subject subject) {
        KeyFile file = subject.settings().keyFile();
        return file != null && file.key() != null ? file.key().raw() : null;
    }

    /** Django counts characters as Python does: code points. */
    static String weakness(String key) {
        if (key.startsWith(INSECURE_PREFIX)) {
            return "starts with \"" + INSECURE_PREFIX + "\" (a development key from startproject)";
        }
        if (key.codePointCount(0, key.length()) < MIN_LENGTH) {
            return key.isEmpty() ? "is empty" : "is shorter than " + MIN_LENGTH + " characters";
        }
        if (key.codePoints().distinct().limit(MIN_UNIQUE_CHARACTERS).count() < MIN_UNIQUE_CHARACTERS) {
            return "has fewer than " + MIN_UNIQUE_CHARACTERS + " distinct characters";
        }
        return null;
    }
}
