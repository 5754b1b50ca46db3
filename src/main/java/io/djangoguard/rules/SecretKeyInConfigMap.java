package io.djangoguard.rules;

import io.djangoguard.engine.Rule;
import io.djangoguard.engine.Findings;
import io.djangoguard.engine.Severity;
import io.djangoguard.engine.Subject;
import io.djangoguard.settings.DjangoSetting;
import io.djangoguard.settings.SettingValue;

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
        }
    }
}
