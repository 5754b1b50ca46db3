package io.djangoguard.rules;

import java.util.List;
import java.util.Optional;

import io.djangoguard.engine.Findings;
import io.djangoguard.engine.Rule;
import io.djangoguard.engine.Severity;
import io.djangoguard.engine.Subject;
import io.djangoguard.settings.DjangoSetting;

/**
 * Django's security.W025 (4.1+). Deny, as secret-key-weak: Django still accepts what an old key signed, so a weak old
 * key forges sessions and reset links as well as a weak current one does. Entries are named by position, never shown.
 */
final class SecretKeyFallbacksWeak extends Rule {

    SecretKeyFallbacksWeak() {
        super("secret-key-fallbacks-weak", "security.W025", Severity.DENY,
                "a SECRET_KEY_FALLBACKS entry (an old key Django still accepts signatures from) is shorter than 50 characters, "
                        + "has fewer than 5 distinct characters or starts with \"django-insecure-\"",
                "drop the weak old key from DJANGO_SECRET_KEY_FALLBACKS (sessions it signed end) and keep the list in a Secret");
    }

    @Override
    public void check(Subject subject, Findings out) {
        if (!DjangoSetting.SECRET_KEY_FALLBACKS.knownTo(subject.settings().version())) {
            return; // an older Django ignores the setting
        }
        Optional<List<String>> keys = subject.settings().list(DjangoSetting.SECRET_KEY_FALLBACKS);
        if (keys.isEmpty()) {
            return;
        }
        List<String> all = keys.get();
        for (int i = 0; i < all.size(); i++) {
            String weakness = SecretKeyWeak.weakness(all.get(i));
            if (weakness != null) {
                out.report(this, subject, DjangoSetting.SECRET_KEY_FALLBACKS,
                        "old key number " + (i + 1) + " of SECRET_KEY_FALLBACKS " + weakness);
            }
        }
    }
}
