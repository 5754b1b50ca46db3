package io.djangoguard.settings;

/**
 * A ConfigMap a container depends on that could not be read, so the settings it would carry
 * could not be checked.
 */
public record Reference(String kind, String namespace, String name, String key, String path, String reason) {

    public String describe() {
        String what = kind + " \"" + name + "\"" + (key == null ? "" : " key \"" + key + "\"");
        return what + " (" + path + ") " + reason;
    }
}
