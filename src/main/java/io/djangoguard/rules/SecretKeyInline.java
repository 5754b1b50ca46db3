package io.djangoguard.rules;

import io.djangoguard.engine.Rule;
import io.djangoguard.engine.ContainerSubject;
import io.djangoguard.engine.Findings;
import io.djangoguard.engine.Severity;
import io.djangoguard.engine.Subject;
import io.djangoguard.settings.DjangoSetting;
import io.djangoguard.settings.SettingValue;
import io.djangoguard.settings.Source;

final class SecretKeyInline extends Rule {

    SecretKeyInline() {
        super("secret-key-inline", null, Severity.DENY,
                "the secret key is a literal value in the manifest: anyone who can read the workload (or its Git history) has it",
                "move the key into a Secret and read it with valueFrom.secretKeyRef");
    }

    @Override
    public void check(Subject subject, Findings out) {
        if (!(subject instanceof ContainerSubject)) {
            return;
        }
        SettingValue key = subject.settings().declared(DjangoSetting.SECRET_KEY);
        // an empty value writes no key into the manifest; secret-key-weak says it is empty
        if (key != null && key.source().kind() == Source.Kind.ENV_VALUE && key.raw() != null && !key.raw().isEmpty()) {
            out.report(this, subject, DjangoSetting.SECRET_KEY, "the secret key is written into the manifest");
        }
        // old keys still sign and verify: as secret as the key (and written out in any Django, even one that ignores them)
        SettingValue old = subject.settings().declared(DjangoSetting.SECRET_KEY_FALLBACKS);
        if (old != null && old.source().kind() == Source.Kind.ENV_VALUE && old.raw() != null && !old.raw().isBlank()
                && !old.raw().startsWith("$")) {
            out.report(this, subject, DjangoSetting.SECRET_KEY_FALLBACKS, "old secret keys (SECRET_KEY_FALLBACKS) are written "
                    + "into the manifest");
        }
    }
}
