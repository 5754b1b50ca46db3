package io.djangoguard.rules;

import io.djangoguard.engine.Rule;
import java.util.List;

import io.djangoguard.engine.Findings;
import io.djangoguard.engine.Severity;
import io.djangoguard.engine.Subject;
import io.djangoguard.settings.DjangoSetting;
import io.djangoguard.settings.KeyFile;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeProjection;

final class SecretKeyFileNotSecret extends Rule {

    /** The Secrets Store CSI driver mounts secrets from Vault, AWS, Azure or GCP secret managers. */
    static final String SECRETS_STORE_CSI_DRIVER = "secrets-store.csi.k8s.io";

    SecretKeyFileNotSecret() {
        super("secret-key-file-not-secret", null, Severity.DENY,
                "DJANGO_SECRET_KEY_FILE names a path that is not on a Secret-backed volume (ConfigMap, emptyDir, hostPath, a PVC, or the image itself)",
                "mount the key file from a Secret volume (or the Secrets Store CSI driver) and point DJANGO_SECRET_KEY_FILE into it");
    }

    @Override
    public void check(Subject subject, Findings out) {
        KeyFile file = subject.settings().keyFile();
        if (file == null) {
            return;
        }
        String summary;
        if (file.inImage()) {
            summary = "the secret key file is on no volume: it is baked into the image";
        } else {
            String backing = nonSecretBacking(file.volume());
            if (backing == null) {
                return;
            }
            summary = "the secret key file is on " + backing + ", mounted at " + file.mount().getMountPath();
        }
        out.report(this, subject, DjangoSetting.SECRET_KEY_FILE, summary);
    }

    /** What backs the volume when it is not a Secret; null when it is Secret-backed. */
    static String nonSecretBacking(Volume v) {
        if (v == null) {
            return "a volume the pod does not define";
        }
        String name = " \"" + v.getName() + "\"";
        if (v.getSecret() != null) {
            return null;
        }
        if (v.getProjected() != null) {
            boolean anySecret = false;
            List<VolumeProjection> sources = v.getProjected().getSources();
            for (VolumeProjection p : sources == null ? List.<VolumeProjection>of() : sources) {
                if (p.getConfigMap() != null) {
                    return "projected volume" + name + ", which mixes in a ConfigMap";
                }
                anySecret |= p.getSecret() != null;
            }
            return anySecret ? null : "projected volume" + name + ", which projects no Secret";
        }
        if (v.getCsi() != null) {
            String driver = v.getCsi().getDriver();
            return SECRETS_STORE_CSI_DRIVER.equals(driver) ? null : "CSI volume" + name + " (driver " + driver + ")";
        }
        if (v.getConfigMap() != null) {
            return "ConfigMap volume" + name;
        }
        if (v.getEmptyDir() != null) {
            return "emptyDir volume" + name;
        }
        if (v.getHostPath() != null) {
            return "hostPath volume" + name;
        }
        if (v.getPersistentVolumeClaim() != null) {
            return "PersistentVolumeClaim volume" + name;
        }
        return "volume" + name + ", which is not a Secret";
    }
}
