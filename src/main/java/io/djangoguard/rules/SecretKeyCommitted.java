package io.djangoguard.rules;

import io.djangoguard.engine.Findings;
import io.djangoguard.engine.Rule;
import io.djangoguard.engine.SecretSubject;
import io.djangoguard.engine.Severity;
import io.djangoguard.engine.Subject;
import io.djangoguard.settings.DjangoSetting;
import io.djangoguard.settings.SettingValue;
import io.djangoguard.settings.Source;

/**
 * A Secret manifest among the audited files carries the key itself: a Secret keeps it from the cluster's readers,
 * not from the repository's, and the key is in every clone and in the history. Only an audit sees Secret manifests:
 * a Secret written at admission (kubectl create secret) is how a key should reach the cluster.
 */
final class SecretKeyCommitted extends Rule {

    SecretKeyCommitted() {
        super("secret-key-committed", null, Severity.DENY,
                "a Secret manifest among the audited files carries the secret key itself (data or stringData), so the key is in version control",
                "create the Secret in the cluster instead (kubectl create secret generic ... --from-literal), or keep it encrypted "
                        + "(Sealed Secrets, SOPS, External Secrets), and rotate the key: it is in the repository's history");
    }

    @Override
    public void check(Subject subject, Findings out) {
        if (!(subject instanceof SecretSubject secret) || !secret.manifest()) {
            return;
        }
        SettingValue key = subject.settings().declared(DjangoSetting.SECRET_KEY);
        if (key != null && key.source().kind() == Source.Kind.SECRET_DATA && key.raw() != null && !key.raw().isBlank()) {
            out.report(this, subject, DjangoSetting.SECRET_KEY, "the secret key is written into this Secret manifest");
        }
        SettingValue old = subject.settings().declared(DjangoSetting.SECRET_KEY_FALLBACKS);
        if (old != null && old.source().kind() == Source.Kind.SECRET_DATA && old.raw() != null && !old.raw().isBlank()) {
            out.report(this, subject, DjangoSetting.SECRET_KEY_FALLBACKS, "old secret keys (SECRET_KEY_FALLBACKS), which still "
                    + "verify signatures, are written into this Secret manifest");
        }
    }
}
