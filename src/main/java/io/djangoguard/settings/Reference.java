package io.djangoguard.settings;

/**
 * A ConfigMap a container depends on that could not be read, so the settings it would carry
 * could not be checked: missing, or {@code unreachable} (whether it exists cannot be told).
 */
public record Reference(String kind, String namespace, String name, String key, String path, String reason,
        boolean unreachable) {

    public String describe() {
        String what = kind + " \"" + name + "\"" + (key == null ? "" : " key \"" + key + "\"");
        return what + " (" + path + ") " + reason;
    }
}
