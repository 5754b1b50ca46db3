package io.djangoguard.settings;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import io.fabric8.kubernetes.api.model.ConfigMapVolumeSource;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;

/**
 * Django settings files kept in ConfigMaps: a Python {@code settings.py} (read statically by {@link PythonSettings}, never
 * run) or an application's YAML/JSON configuration ({@link SettingsFile}). Judged on their own as a ConfigMap's data,
 * and as the settings of a Django container that mounts them, where the file has the last word over the environment
 * for the settings it assigns, and the environment it reads is that container's.
 */
public final class SettingsFiles {

    /** Names a Django settings module assigns; a Python file that assigns fewer than two is some other program's. */
    private static final Set<String> DJANGO_NAMES = djangoNames();
    /** Parsed files (a PythonSettings, or a YAML file's entries) by their text; a text is one format, by its key's name. */
    private static final Map<String, Object> PARSED = new ConcurrentHashMap<>();
    private static final int CACHED_FILES = 64;
    /** Texts held by the cache, at most: a few MiB whatever is applied. */
    private static final long CACHED_CHARS = 4L << 20;
    private static final java.util.concurrent.atomic.AtomicLong cachedChars = new java.util.concurrent.atomic.AtomicLong();

    private SettingsFiles() {
    }

    /** Whether a ConfigMap data key (or a mounted file's name) is a Python file. */
    public static boolean isPython(String key) {
        return key.toLowerCase(Locale.ROOT).endsWith(".py");
    }

    /**
     * What a data key gives when it is a settings file, setting by setting, or null when it is none: a Python module
     * that assigns two Django settings, or a YAML/JSON file whose top level names two. {@code fileName} is its name where
     * it is read (the key, or the path a volume gives it); {@code where} names it for a person; {@code env} is the
     * environment of the container that loads it, null when the file is judged alone.
     */
    public static Map<DjangoSetting, SettingValue> fileValues(String fileName, String text, String where, String path,
            String configMap, Environment env) {
        if (text == null) {
            return null;
        }
        if (isPython(fileName)) {
            PythonSettings file = cached(text, PythonSettings::parse);
            int django = 0;
            for (String name : file.assignedNames()) {
                if (DJANGO_NAMES.contains(name) && ++django >= 2) {
                    return values(file, where, path, configMap, env);
                }
            }
            return null;
        }
        if (!SettingsFile.isFile(fileName)) {
            return null;
        }
        List<SettingsFile.Entry> entries = cached(text, SettingsFile::read);
        if (entries.isEmpty()) {
            return null;
        }
        Map<DjangoSetting, SettingValue> out = new EnumMap<>(DjangoSetting.class);
        for (SettingsFile.Entry entry : entries) {
            DjangoSetting s = DjangoSetting.valueOf(entry.name());
            out.put(s, SettingValue.ofFile(s, entry.raw(), new Source(Source.Kind.SETTINGS_FILE,
                    where + " line " + entry.line() + " " + entry.name(), path, configMap)));
        }
        return out;
    }

    /**
     * A file read once for its text: the same ConfigMap is read for each container that mounts it and at each review.
     * A small cache, emptied rather than tracked when full (parsing again is cheap enough).
     */
    @SuppressWarnings("unchecked")
    private static <T> T cached(String text, Function<String, T> parse) {
        Object parsed = PARSED.get(text);
        if (parsed == null) {
            parsed = parse.apply(text);
            if (PARSED.size() >= CACHED_FILES || cachedChars.get() + text.length() > CACHED_CHARS) {
                PARSED.clear();
                cachedChars.set(0);
            }
            if (PARSED.putIfAbsent(text, parsed) == null) {
                cachedChars.addAndGet(text.length());
            }
        }
        return (T) parsed;
    }

    /**
     * The settings a Python file gives, as values the rules read: {@code where} names the file for a person
     * ({@code data key "settings.py"} or {@code ConfigMap "shop" key "settings.py"}), {@code env} is the environment of the
     * container that loads it, or null when the file is judged alone (a value read from the environment is then unknown).
     */
    static Map<DjangoSetting, SettingValue> values(PythonSettings file, String where, String path, String configMap,
            Environment env) {
        Map<DjangoSetting, SettingValue> out = new EnumMap<>(DjangoSetting.class);
        PythonSettings.Evaluation how = new PythonSettings.Evaluation(env == null ? null : visible(env), false);
        for (DjangoSetting setting : DjangoSetting.values()) {
            if (setting == DjangoSetting.SECRET_KEY_FILE) {
                continue;
            }
            PythonSettings.Value value;
            int line;
            String name;
            if (setting == DjangoSetting.CONN_MAX_AGE) {
                // per database; Django's own setting is DATABASES["default"]["CONN_MAX_AGE"], 0 when the dict leaves it out
                if (file.value("DATABASES", how) == null) {
                    continue;
                }
                value = file.path(how, "DATABASES", "default", "CONN_MAX_AGE");
                line = file.pathLine("DATABASES", "default", "CONN_MAX_AGE");
                if (value == null) {
                    PythonSettings.Value databases = file.path(how, "DATABASES", "default");
                    if (!(databases instanceof PythonSettings.Known k) || !(k.value() instanceof Map)) {
                        continue; // DATABASES from a URL helper or no "default": what it gives is unknown
                    }
                    value = new PythonSettings.Known(0L);
                    line = file.pathLine("DATABASES", "default");
                    name = "DATABASES[\"default\"] without CONN_MAX_AGE (Django's default, 0)";
                } else {
                    name = "DATABASES[\"default\"][\"CONN_MAX_AGE\"]";
                }
            } else {
                value = file.value(setting.name(), how);
                if (value == null) {
                    continue;
                }
                line = file.line(setting.name());
                name = setting.name();
            }
            if (line <= 0) {
                line = file.line(setting == DjangoSetting.CONN_MAX_AGE ? "DATABASES" : setting.name());
            }
            String at = where + " line " + line + " " + name;
            out.put(setting, settingValue(setting, value, at, path, configMap, file.environmentVariables(setting.name()), env));
        }
        return out;
    }

    private static SettingValue settingValue(DjangoSetting setting, PythonSettings.Value value, String at, String path,
            String configMap, Set<String> reads, Environment env) {
        // a value the environment gave keeps that variable's source: a key from a Secret is not a key kept in a ConfigMap
        Source.Kind kind = Source.Kind.SETTINGS_FILE;
        String from = "";
        if (env != null) {
            for (String variable : reads) {
                Variable var = env.get(variable);
                if (var != null) {
                    kind = var.source().kind();
                    from = ", from " + var.source().description();
                    break;
                }
            }
        }
        if (value instanceof PythonSettings.Unknown u) {
            // what the file computes (a function reading a key file, an f-string) is not known to be written in it
            return SettingValue.ofFile(setting, null, new Source(kind == Source.Kind.SETTINGS_FILE
                    ? Source.Kind.SETTINGS_FILE_UNREAD : kind, at + " (not read: " + u.why() + ")", path, configMap));
        }
        Object v = ((PythonSettings.Known) value).value();
        Converted c = convert(setting, v);
        if (c.none() && kind == Source.Kind.SETTINGS_FILE) {
            kind = Source.Kind.SETTINGS_FILE_NONE;
        }
        return SettingValue.ofFile(setting, c.raw(), new Source(kind, at + c.note() + from, path, configMap));
    }

    private record Converted(String raw, String note, boolean none) {
        Converted(String raw, String note) {
            this(raw, note, false);
        }
    }

    /** A Python value as the text the settings readers take; raw null when Django's meaning of it cannot be told. */
    private static Converted convert(DjangoSetting setting, Object v) {
        switch (setting.type()) {
            case BOOL:
                boolean truth = PythonSettings.truthy(v);
                return new Converted(truth ? "True" : "False", v instanceof String s && !s.isEmpty()
                        ? " (a non-empty string, so true in Python)" : "");
            case INT:
                if (v == null) {
                    // None: persistent connections for CONN_MAX_AGE, no HSTS header for SECURE_HSTS_SECONDS
                    return setting == DjangoSetting.CONN_MAX_AGE ? new Converted(null, " (None: connections are kept open)")
                            : new Converted("0", " (None)");
                }
                if (v instanceof Boolean b) {
                    return new Converted(b ? "1" : "0", "");
                }
                if (v instanceof Long l) {
                    return new Converted(Long.toString(l), "");
                }
                if (v instanceof Double d && d == Math.rint(d) && !d.isInfinite()) {
                    return new Converted(Long.toString(d.longValue()), "");
                }
                return new Converted(null, " (not a number)");
            case STRING:
                if (v == null) {
                    return new Converted(null, " (None)", true);
                }
                if (v instanceof String s) {
                    return new Converted(s, "");
                }
                if (v instanceof List<?> l && setting == DjangoSetting.SECURE_REFERRER_POLICY
                        && l.stream().allMatch(e -> e instanceof String s && s.equals(s.strip()) && s.indexOf(',') < 0)) {
                    // a list of policies, the fallbacks a browser tries in turn: Django takes it as the comma-separated text
                    return new Converted(String.join(",", l.stream().map(Object::toString).toList()), "");
                }
                return new Converted(null, " (not a string)");
            case LIST:
            case SECRET_LIST: {
                List<Object> items = v instanceof List<?> l ? new ArrayList<>(l) : null;
                if (v instanceof String s) {
                    // Django iterates a string character by character: "*" is the wildcard, "example.com" is nothing
                    items = new ArrayList<>();
                    for (int i = 0; i < s.length(); i++) {
                        items.add(String.valueOf(s.charAt(i)));
                    }
                }
                if (items == null) {
                    return new Converted(null, " (not a list)");
                }
                StringBuilder json = new StringBuilder("[");
                for (Object item : items) {
                    if (!(item instanceof String s)) {
                        return new Converted(null, " (a list with an entry that is not a string)");
                    }
                    json.append(json.length() > 1 ? "," : "").append('"')
                            .append(s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n")).append('"');
                }
                return new Converted(json.append(']').toString(), v instanceof String ? " (a string: Django reads each character as a host)" : "");
            }
            case SECRET:
                return v instanceof String s ? new Converted(s, "") : new Converted(null, " (not a string)");
            default:
                return new Converted(null, "");
        }
    }

    /**
     * The container's variables as the file's reads see them. A variable whose value is not visible (a Secret of the
     * cluster, a ConfigMap not read) is unknown, and so is an unset one while an envFrom source could not be read whole.
     */
    private static Function<String, String> visible(Environment env) {
        boolean unseen = !env.secretEnvFrom().isEmpty() || env.unresolved().stream().anyMatch(r -> r.key() == null);
        return name -> {
            Variable v = env.get(name);
            if (v == null) {
                return unseen ? PythonSettings.UNKNOWN_VARIABLE : null;
            }
            return v.value() == null ? PythonSettings.UNKNOWN_VARIABLE : v.value();
        };
    }

    /**
     * The settings files a container mounts from ConfigMaps, merged in mount order (a later file wins), read with the
     * container's environment. Empty when it mounts none.
     */
    static Mounted mounted(Container container, List<Volume> volumes, String namespace,
            ConfigMapLookup lookup, Environment env) {
        List<VolumeMount> mounts = container.getVolumeMounts();
        if (mounts == null || mounts.isEmpty() || volumes == null) {
            return Mounted.NONE;
        }
        Map<DjangoSetting, SettingValue> out = new EnumMap<>(DjangoSetting.class);
        List<String> seen = new ArrayList<>(1);
        for (VolumeMount mount : mounts) {
            Volume volume = volumes.stream().filter(v -> v.getName() != null && v.getName().equals(mount.getName())).findFirst()
                    .orElse(null);
            if (volume == null || volume.getConfigMap() == null || volume.getConfigMap().getName() == null) {
                continue;
            }
            ConfigMapVolumeSource source = volume.getConfigMap();
            if (!(lookup.find(namespace, source.getName()) instanceof ConfigMapLookup.Found found)) {
                continue; // an unread ConfigMap volume is reported where its variables are; its files stay unknown
            }
            for (Map.Entry<String, String> file : files(mount, source, found.data()).entrySet()) {
                String key = file.getKey();
                String where = "ConfigMap \"" + source.getName() + "\" key \"" + key + "\" (mounted at "
                        + mountedAt(mount, file.getValue()) + ")";
                Map<DjangoSetting, SettingValue> values = fileValues(file.getValue(), found.data().get(key), where,
                        "volumeMounts[" + mount.getName() + "]", source.getName(), env);
                if (values != null) {
                    seen.add(where);
                    out.putAll(values);
                }
            }
        }
        return seen.isEmpty() ? Mounted.NONE : new Mounted(out, List.copyOf(seen));
    }

    /** What a container's mounted settings files assign, and which files they are (for a person: ConfigMap, key, path). */
    public record Mounted(Map<DjangoSetting, SettingValue> values, List<String> files) {
        static final Mounted NONE = new Mounted(Map.of(), List.of());
    }

    /** The data keys a mount shows, each with the file name it has in the container. */
    private static Map<String, String> files(VolumeMount mount, ConfigMapVolumeSource source, Map<String, String> data) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        List<KeyToPath> items = source.getItems();
        String sub = mount.getSubPath();
        String mountName = lastSegment(mount.getMountPath());
        if (items != null && !items.isEmpty()) {
            for (KeyToPath item : items) {
                if (item.getKey() == null || item.getPath() == null || !data.containsKey(item.getKey())) {
                    continue;
                }
                if (sub == null || sub.isEmpty()) {
                    out.put(item.getKey(), lastSegment(item.getPath()));
                } else if (sub.equals(item.getPath())) {
                    out.put(item.getKey(), mountName);
                }
            }
            return out;
        }
        if (sub == null || sub.isEmpty()) {
            for (String key : data.keySet()) {
                out.put(key, key);
            }
        } else if (data.containsKey(sub)) {
            out.put(sub, mountName);
        }
        return out;
    }

    private static String mountedAt(VolumeMount mount, String fileName) {
        String mp = mount.getMountPath() == null ? "" : mount.getMountPath();
        boolean sub = mount.getSubPath() != null && !mount.getSubPath().isEmpty();
        return sub ? mp : (mp.endsWith("/") ? mp : mp + "/") + fileName;
    }

    private static String lastSegment(String path) {
        if (path == null) {
            return "";
        }
        String p = path;
        while (p.length() > 1 && p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p.substring(p.lastIndexOf('/') + 1);
    }

    private static Set<String> djangoNames() {
        Set<String> names = new java.util.HashSet<>();
        for (DjangoSetting s : DjangoSetting.values()) {
            names.add(s.name());
        }
        names.addAll(List.of("DATABASES", "INSTALLED_APPS", "MIDDLEWARE", "MIDDLEWARE_CLASSES", "ROOT_URLCONF", "TEMPLATES",
                "WSGI_APPLICATION", "ASGI_APPLICATION", "STATIC_URL", "STATIC_ROOT", "STATICFILES_DIRS", "STATICFILES_STORAGE",
                "STORAGES", "MEDIA_URL", "MEDIA_ROOT", "TIME_ZONE", "USE_TZ", "LANGUAGE_CODE", "USE_I18N", "USE_L10N", "CACHES",
                "LOGGING", "AUTH_PASSWORD_VALIDATORS", "AUTH_USER_MODEL", "AUTHENTICATION_BACKENDS", "CSRF_TRUSTED_ORIGINS",
                "EMAIL_BACKEND", "EMAIL_HOST", "EMAIL_PORT", "EMAIL_USE_TLS", "DEFAULT_FROM_EMAIL", "SERVER_EMAIL", "ADMINS",
                "MANAGERS", "SESSION_ENGINE", "SESSION_COOKIE_AGE", "SECURE_PROXY_SSL_HEADER", "USE_X_FORWARDED_HOST",
                "DEFAULT_AUTO_FIELD", "LOGIN_URL", "LOGIN_REDIRECT_URL", "SITE_ID", "X_FRAME_OPTIONS", "INTERNAL_IPS",
                "CELERY_BROKER_URL", "REST_FRAMEWORK", "DATABASE", "REDIS", "BASE_DIR"));
        return Set.copyOf(names);
    }
}
