package io.djangoguard.rules;

import java.util.List;

import io.djangoguard.engine.ContainerSubject;
import io.djangoguard.settings.ConfigMapLookup;
import io.djangoguard.settings.DjangoSetting;
import io.djangoguard.settings.SettingValue;
import io.fabric8.kubernetes.api.model.ConfigMapVolumeSource;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;

/** Where DJANGO_SECRET_KEY_FILE points: the mount and volume that hold it, and its content when a ConfigMap does. */
final class SecretKeyFile {

    private SecretKeyFile() {
    }

    /** {@code mount} and {@code volume} are null when no mount holds the path (the file is in the image). */
    record Located(String path, VolumeMount mount, Volume volume) {
    }

    /** Null when no key file is declared, its path is not visible, or it is relative to an unknown directory. */
    static Located locate(ContainerSubject c) {
        SettingValue file = c.settings().declared(DjangoSetting.SECRET_KEY_FILE);
        if (file == null || !file.visible()) {
            return null;
        }
        String path = absolute(file.raw().strip(), c.container().getWorkingDir());
        if (path == null) {
            return null;
        }
        VolumeMount mount = mountHolding(path, c.container().getVolumeMounts());
        return new Located(path, mount, mount == null ? null : volume(mount.getName(), c.volumes()));
    }

    /**
     * The key as the application reads it (stripped, as apps do) when a ConfigMap volume holds the
     * file and the ConfigMap can be read; null otherwise.
     */
    static String fromConfigMap(Located file, ContainerSubject c) {
        if (file == null || file.volume() == null || file.volume().getConfigMap() == null) {
            return null;
        }
        ConfigMapVolumeSource cm = file.volume().getConfigMap();
        String key = keyFor(file, cm);
        if (key == null || cm.getName() == null) {
            return null;
        }
        ConfigMapLookup.Result r = c.configMaps().find(c.object().namespace(), cm.getName());
        if (r instanceof ConfigMapLookup.Found found) {
            String value = found.data().get(key);
            return value == null ? null : value.strip();
        }
        return null;
    }

    /** The data key projected at the file's path inside the volume. */
    private static String keyFor(Located file, ConfigMapVolumeSource cm) {
        String mountPath = trimSlashes(file.mount().getMountPath());
        String rest = file.path().length() > mountPath.length() ? file.path().substring(mountPath.length() + 1) : "";
        String sub = file.mount().getSubPath();
        String inVolume = sub == null || sub.isEmpty() ? rest : rest.isEmpty() ? sub : sub + "/" + rest;
        List<KeyToPath> items = cm.getItems();
        if (items == null || items.isEmpty()) {
            return inVolume.contains("/") ? null : inVolume;
        }
        for (KeyToPath item : items) {
            if (inVolume.equals(item.getPath())) {
                return item.getKey();
            }
        }
        return null;
    }

    private static String absolute(String path, String workingDir) {
        if (path.startsWith("/")) {
            return path;
        }
        if (workingDir == null || !workingDir.startsWith("/")) {
            return null; // relative to a directory the image decides: cannot tell
        }
        return workingDir.endsWith("/") ? workingDir + path : workingDir + "/" + path;
    }

    private static String trimSlashes(String mp) {
        while (mp.length() > 1 && mp.endsWith("/")) {
            mp = mp.substring(0, mp.length() - 1);
        }
        return mp;
    }

    /** The mount with the longest mountPath that holds {@code path}. */
    static VolumeMount mountHolding(String path, List<VolumeMount> mounts) {
        VolumeMount best = null;
        int bestLength = -1;
        if (mounts == null) {
            return null;
        }
        for (VolumeMount m : mounts) {
            if (m.getMountPath() == null) {
                continue;
            }
            String mp = trimSlashes(m.getMountPath());
            boolean holds = path.equals(mp) || path.startsWith(mp.equals("/") ? "/" : mp + "/");
            if (holds && mp.length() > bestLength) {
                best = m;
                bestLength = mp.length();
            }
        }
        return best;
    }

    private static Volume volume(String name, List<Volume> volumes) {
        for (Volume v : volumes) {
            if (v.getName() != null && v.getName().equals(name)) {
                return v;
            }
        }
        return null;
    }
}
