package io.djangoguard.settings;

import java.util.List;

import io.fabric8.kubernetes.api.model.ConfigMapVolumeSource;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;

/**
 * Where DJANGO_SECRET_KEY_FILE points, resolved as the kubelet lays out the container's files. The path is
 * never quoted in a message (a key pasted into the variable would come back whole): the mount is. The
 * absolute {@code path}, the {@code mount} and {@code volume} that hold it (both null when no mount
 * does: the file is in the image), and the {@code key} read from it when a ConfigMap volume holds the
 * file and the ConfigMap can be read (null otherwise).
 */
public record KeyFile(String path, VolumeMount mount, Volume volume, SettingValue key) {

    /** The file is baked into the image: no volume holds its path. */
    public boolean inImage() {
        return mount == null;
    }

    /**
     * Null when no key file is declared, its path is not visible (it comes from a Secret), or it is
     * relative to a working directory the image decides.
     */
    static KeyFile of(SettingValue file, Container container, List<Volume> volumes, String namespace,
            ConfigMapLookup lookup) {
        if (file == null || !file.visible()) {
            return null;
        }
        String path = absolute(file.raw().strip(), container.getWorkingDir());
        if (path == null) {
            return null;
        }
        VolumeMount mount = mountHolding(path, container.getVolumeMounts());
        Volume volume = mount == null ? null : volume(mount.getName(), volumes);
        return new KeyFile(path, mount, volume, readFromConfigMap(file, path, mount, volume, namespace, lookup));
    }

    /** The key as the application reads it (stripped, as apps do), with where it came from; never echoed. */
    private static SettingValue readFromConfigMap(SettingValue file, String path, VolumeMount mount, Volume volume,
            String namespace, ConfigMapLookup lookup) {
        if (volume == null || volume.getConfigMap() == null) {
            return null;
        }
        ConfigMapVolumeSource cm = volume.getConfigMap();
        String key = keyFor(path, mount, cm);
        if (key == null || cm.getName() == null) {
            return null;
        }
        if (lookup.find(namespace, cm.getName()) instanceof ConfigMapLookup.Found found) {
            String value = found.data().get(key);
            return value == null ? null : new SettingValue(DjangoSetting.SECRET_KEY, file.variable(), value.strip(),
                    new Source(Source.Kind.KEY_FILE, "the file " + file.variable() + " names, from ConfigMap \""
                            + cm.getName() + "\"",
                            file.source().path(), cm.getName()));
        }
        return null;
    }

    /** The data key projected at the file's path inside the volume. */
    private static String keyFor(String path, VolumeMount mount, ConfigMapVolumeSource cm) {
        String mountPath = trimSlashes(mount.getMountPath());
        String rest = path.length() > mountPath.length() ? path.substring(mountPath.length() + 1) : "";
        String sub = mount.getSubPath();
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
    private static VolumeMount mountHolding(String path, List<VolumeMount> mounts) {
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
        if (volumes == null) {
            return null;
        }
        for (Volume v : volumes) {
            if (v.getName() != null && v.getName().equals(name)) {
                return v;
            }
        }
        return null;
    }
}
