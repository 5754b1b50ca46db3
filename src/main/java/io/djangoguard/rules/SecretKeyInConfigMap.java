package io.djangoguard.rules;

import io.djangoguard.engine.Rule;
import io.djangoguard.engine.Findings;
import io.djangoguard.engine.Severity;
import io.djangoguard.engine.Subject;
import io.djangoguard.settings.DjangoSetting;
import io.djangoguard.settings.SettingValue;
import io.djangoguard.settings.Source;

final class SecretKeyInConfigMap extends Rule {

    SecretKeyInConfigMap() {
        super("secret-key-in-configmap", null, Severity.DENY,
                "the secret key comes from a ConfigMap (configMapKeyRef, envFrom, a data key or a dotenv line): ConfigMaps are readable by far more people than Secrets",
                "move the key into a Secret and read it with valueFrom.secretKeyRef or envFrom.secretRef");
    }

    @Override
    public void check(Subject subject, Findings out) {
        SettingValue key = subject.settings().declared(DjangoSetting.SECRET_KEY);
        if (key != null && key.source().kind().fromConfigMap()) {
            out.report(this, subject, DjangoSetting.SECRET_KEY, "the secret key is kept in a ConfigMap");
        } else if (key != null && key.source().kind() == Source.Kind.UNRESOLVED) {
            // configMapKeyRef says where the key is kept without the ConfigMap being read: not yet created, not yet
            // in the cache, or sent in the same kubectl apply
            out.report(this, subject, DjangoSetting.SECRET_KEY, "the secret key is read from a ConfigMap (configMapKeyRef), "
                    + "whatever that ConfigMap holds");
        }
        SettingValue old = subject.settings().declared(DjangoSetting.SECRET_KEY_FALLBACKS);
        if (old != null && old.source().kind().fromConfigMap() && (old.raw() == null || !old.raw().isBlank())) {
            out.report(this, subject, DjangoSetting.SECRET_KEY_FALLBACKS, "old secret keys (SECRET_KEY_FALLBACKS) are kept in a "
                    + "ConfigMap");
        }
    }
}
