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
    /** Old keys still accepted for signatures (Django 4.1+): each is as secret as the key. */
    SECRET_KEY_FALLBACKS(Type.SECRET_LIST, List.of(), 4, 1),
    SESSION_COOKIE_SECURE(Type.BOOL, false),
    SESSION_COOKIE_HTTPONLY(Type.BOOL, true),
    CSRF_COOKIE_SECURE(Type.BOOL, false),
    CSRF_USE_SESSIONS(Type.BOOL, false),
    /** Origins trusted for unsafe requests; from Django 4.0 each entry starts with a scheme. */
    CSRF_TRUSTED_ORIGINS(Type.LIST, List.of()),
    SECURE_SSL_REDIRECT(Type.BOOL, false),
    SECURE_HSTS_SECONDS(Type.INT, 0L),
    SECURE_HSTS_INCLUDE_SUBDOMAINS(Type.BOOL, false),
    SECURE_HSTS_PRELOAD(Type.BOOL, false),
    SECURE_CONTENT_TYPE_NOSNIFF(Type.BOOL, true),
    X_FRAME_OPTIONS(Type.STRING, "DENY"),
    SECURE_REFERRER_POLICY(Type.STRING, "same-origin"),
    SECURE_CROSS_ORIGIN_OPENER_POLICY(Type.STRING, "same-origin", 4, 0),
    CONN_MAX_AGE(Type.INT, 0L);

    public enum Type { BOOL, INT, LIST, STRING, SECRET, SECRET_LIST, PATH }

    private final Type type;
    private final Object djangoDefault;
    /** The Django release that added the setting (major * 100 + minor); 0 for one every supported release has. */
    private final int since;

    DjangoSetting(Type type, Object djangoDefault) {
        this(type, djangoDefault, 0, 0);
    }

    DjangoSetting(Type type, Object djangoDefault, int sinceMajor, int sinceMinor) {
        this.type = type;
        this.djangoDefault = djangoDefault;
        this.since = sinceMajor * 100 + sinceMinor;
    }

    /** Whether this Django release has the setting: an older one ignores the variable (3.2 has no SECRET_KEY_FALLBACKS). */
    public boolean knownTo(DjangoVersion version) {
        return version.number() >= since;
    }

    /** Read as a list of entries (env.list): ALLOWED_HOSTS, CSRF_TRUSTED_ORIGINS, SECRET_KEY_FALLBACKS. */
    public boolean isList() {
        return type == Type.LIST || type == Type.SECRET_LIST;
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
        return type == Type.SECRET || type == Type.SECRET_LIST;
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
