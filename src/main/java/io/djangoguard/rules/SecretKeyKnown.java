package io.djangoguard.rules;

import io.djangoguard.engine.Findings;
import io.djangoguard.engine.Rule;
import io.djangoguard.engine.Severity;
import io.djangoguard.engine.Subject;
import io.djangoguard.settings.DjangoSetting;
import io.djangoguard.settings.SettingValue;
import io.djangoguard.settings.Source;

/**
 * A key anyone can know signs anyone's sessions and password-reset links: one published as a chart's, a compose
 * file's or a guide's default (matched by digest), or one that was plainly never generated (a placeholder, a word, a
 * pattern, startproject's development key). Judged wherever a key is visible: env values, ConfigMaps, key files,
 * Secret manifests of an audit, settings files, an application's own default.
 */
final class SecretKeyKnown extends Rule {

    SecretKeyKnown() {
        super("secret-key-known", null, Severity.DENY,
                "a visible secret key is a published one (a chart's, a compose file's or a guide's default) or was never "
                        + "generated (a placeholder such as changeme, a word, a repeated pattern, a django-insecure- key)",
                "generate a new key (python -c \"from django.core.management.utils import get_random_secret_key as k; "
                        + "print(k())\"), keep it in a Secret created in the cluster, and rotate: sessions and reset links "
                        + "signed with the published key can be forged");
    }

    @Override
    public void check(Subject subject, Findings out) {
        checkFallbacks(subject, out);
        SettingValue key = subject.settings().declared(DjangoSetting.SECRET_KEY);
        if (key == null) {
            String why = out.policy().knownKeys().why(SecretKeyWeak.keyInFile(subject));
            if (why != null) {
                out.report(this, subject, DjangoSetting.SECRET_KEY_FILE, "the secret key in its file is no secret: " + why);
            }
            return;
        }
        // a key the chart generates at each install is random: only its shape at one render could mislead
        if (!key.visible() || key.source().kind() == Source.Kind.SECRET_GENERATED) {
            return;
        }
        String why = out.policy().knownKeys().why(key.raw());
        if (why != null) {
            out.report(this, subject, DjangoSetting.SECRET_KEY, (key.isPresetDefault() ? "the application's own default key"
                    : "the secret key") + " is no secret: " + why);
        }
    }

    /** An old key in SECRET_KEY_FALLBACKS still verifies what it signed: a published one forges as the key would. */
    private void checkFallbacks(Subject subject, Findings out) {
        SettingValue old = subject.settings().declared(DjangoSetting.SECRET_KEY_FALLBACKS);
        if (old == null || old.source().kind() == Source.Kind.SECRET_GENERATED
                || !DjangoSetting.SECRET_KEY_FALLBACKS.knownTo(subject.settings().version())) {
            return;
        }
        java.util.List<String> keys = subject.settings().list(DjangoSetting.SECRET_KEY_FALLBACKS).orElse(java.util.List.of());
        for (int i = 0; i < keys.size(); i++) {
            String why = out.policy().knownKeys().why(keys.get(i));
            if (why != null) {
                out.report(this, subject, DjangoSetting.SECRET_KEY_FALLBACKS, "old key number " + (i + 1)
                        + " of SECRET_KEY_FALLBACKS is no secret: " + why);
            }
        }
    }
}
