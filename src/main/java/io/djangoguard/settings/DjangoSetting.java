package io.djangoguard.settings;

import java.util.List;

/**
 * The Django settings django-guard reads, with the type django-environ casts them to and
 * Django's own global default (used by the strict profile when a manifest leaves one out).
 */
public enum DjangoSetting {
    DEBUG(Type.BOOL, false),
    ALLOWED_HOSTS(Type.LIST, List.of()),
    SECRET_KEY(Type.SECRET, ""),
    /** Not a Django setting: the common convention of reading the key from a mounted file. */
    SECRET_KEY_FILE(Type.PATH, null),
    SESSION_COOKIE_SECURE(Type.BOOL, false),
    SESSION_COOKIE_HTTPONLY(Type.BOOL, true),
    CSRF_COOKIE_SECURE(Type.BOOL, false),
    CSRF_USE_SESSIONS(Type.BOOL, false),
    SECURE_SSL_REDIRECT(Type.BOOL, false),
    SECURE_HSTS_SECONDS(Type.INT, 0L),
    SECURE_HSTS_INCLUDE_SUBDOMAINS(Type.BOOL, false),
    SECURE_HSTS_PRELOAD(Type.BOOL, false),
    SECURE_CONTENT_TYPE_NOSNIFF(Type.BOOL, true),
    CONN_MAX_AGE(Type.INT, 0L);

    public enum Type { BOOL, INT, LIST, SECRET, PATH }

    private final Type type;
    private final Object djangoDefault;

    DjangoSetting(Type type, Object djangoDefault) {
        this.type = type;
        this.djangoDefault = djangoDefault;
    }

    public Type type() {
        return type;
    }

    /** Django's global default, or null where Django has none. */
    public Object djangoDefault() {
        return djangoDefault;
    }

    /** A secret's value is never echoed, logged or put in an exception. */
    public boolean isSecret() {
        return type == Type.SECRET;
    }

    /** The name used in configuration keys: {@code secret-key} for SECRET_KEY. */
    public String configKey() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    /** The names a manifest may use for this setting unless configuration says otherwise. */
    public List<String> defaultNames() {
        return List.of("DJANGO_" + name(), name());
    }

    public static DjangoSetting fromConfigKey(String key) {
        for (DjangoSetting s : values()) {
            if (s.configKey().equals(key) || s.name().equals(key)) {
                return s;
            }
        }
        return null;
    }
}
