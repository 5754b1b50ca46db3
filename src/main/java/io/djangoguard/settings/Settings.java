package io.djangoguard.settings;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Volume;

/**
 * The Django settings one container (or ConfigMap) declares, read with django-environ's rules.
 * In the strict profile an undeclared setting takes Django's global default; in the declared
 * profile it is unknown (settings.py may set it) and rules about it stay silent.
 */
public final class Settings {

    private final Environment env;
    private final Aliases aliases;
    private final boolean strict;
    /** How the application reads its settings, when it is a known one; null for a Django project of its own. */
    private final Preset preset;
    /** declared() per setting, looked up once: every rule asks for a few settings, some more than once. */
    private final SettingValue[] declared = new SettingValue[DjangoSetting.values().length];
    private final boolean[] looked = new boolean[declared.length];

    /** Where DJANGO_SECRET_KEY_FILE points, for a container; null otherwise. */
    private KeyFile keyFile;
    /** What settings files (mounted, or a ConfigMap's own) assign: the last word over the environment. */
    private Map<DjangoSetting, SettingValue> fromFiles = Map.of();
    private SettingsFiles.Mounted mounted = SettingsFiles.Mounted.NONE;
    /** Which Django and django-environ read the values. */
    private DjangoVersion version = DjangoVersion.DJANGO_5_2;

    public Settings(Environment env, Aliases aliases, boolean strict) {
        this(env, aliases, strict, null);
    }

    public Settings(Environment env, Aliases aliases, boolean strict, Preset preset) {
        this.env = env;
        this.aliases = aliases;
        this.strict = strict;
        this.preset = preset;
    }

    /** The application preset the settings are read with, or null. */
    public Preset preset() {
        return preset;
    }

    /**
     * A container's settings: its environment as the kubelet assembles it ({@code path}: the
     * container's place in the object), and the key file it names resolved against its mounts and
     * the pod's volumes. ConfigMaps are read through {@code lookup}, never from the network.
     */
    public static Settings ofContainer(Container container, String path, List<Volume> volumes, String namespace,
            ConfigMapLookup lookup, Aliases aliases, boolean strict) {
        return ofContainer(container, path, volumes, namespace, lookup, aliases, strict, null);
    }

    /** As above, read as the application of {@code preset} reads them (null: as any Django project). */
    public static Settings ofContainer(Container container, String path, List<Volume> volumes, String namespace,
            ConfigMapLookup lookup, Aliases aliases, boolean strict, Preset preset) {
        Settings s = new Settings(ContainerEnvironment.of(container, path, namespace, lookup), aliases, strict, preset);
        s.keyFile = KeyFile.of(s.declared(DjangoSetting.SECRET_KEY_FILE), container, volumes, namespace, lookup);
        s.mounted = SettingsFiles.mounted(container, volumes, namespace, lookup, s.env);
        s.fromFiles = s.mounted.values();
        SettingValue key = s.declared(DjangoSetting.SECRET_KEY);
        if (s.keyFile == null && preset != null && (key == null || key.source().kind() == Source.Kind.SETTINGS_FILE_UNREAD)) {
            s.keyFile = presetKeyFile(s, preset, container, volumes, namespace, lookup);
        }
        return s;
    }

    /**
     * The key file an application reads at a fixed path (AWX's /etc/tower/SECRET_KEY), when a volume is mounted there:
     * judged as a DJANGO_SECRET_KEY_FILE would be. One the image holds is the image's business.
     */
    private static KeyFile presetKeyFile(Settings s, Preset preset, Container container, List<Volume> volumes,
            String namespace, ConfigMapLookup lookup) {
        for (String path : preset.secretKeyFiles()) {
            if (!path.startsWith("/") || path.contains("*")) {
                continue;
            }
            SettingValue implied = new SettingValue(DjangoSetting.SECRET_KEY_FILE, preset.name() + "'s key file " + path, path,
                    new Source(Source.Kind.PRESET_DEFAULT, preset.name() + " reads its secret key from the file " + path, null, null));
            KeyFile file = KeyFile.of(implied, container, volumes, namespace, lookup);
            // only a ConfigMap volume is taken for the application's key file: an application that writes its own
            // key on first start (Weblate, into its data volume) keeps it where it is
            if (file != null && !file.inImage() && file.volume() != null && file.volume().getConfigMap() != null) {
                Map<DjangoSetting, SettingValue> values = new java.util.EnumMap<>(DjangoSetting.class);
                values.putAll(s.fromFiles);
                values.put(DjangoSetting.SECRET_KEY_FILE, implied);
                // a settings file's unreadable SECRET_KEY (AWX's get_secret()) is that file, read here
                values.remove(DjangoSetting.SECRET_KEY);
                s.fromFiles = values;
                java.util.Arrays.fill(s.looked, false);
                return file;
            }
        }
        return null;
    }

    /** The settings files the container mounts from ConfigMaps, described for a person; empty for a ConfigMap's own. */
    public List<String> mountedSettingsFiles() {
        return mounted.files();
    }

    /** These settings with what settings files assign over what the environment gives (a ConfigMap's own settings.py). */
    public Settings withFiles(Map<DjangoSetting, SettingValue> values) {
        Settings s = new Settings(env, aliases, strict, preset);
        s.keyFile = keyFile;
        s.fromFiles = values;
        s.mounted = mounted;
        s.version = version;
        return s;
    }

    /** These settings read by another Django and django-environ. */
    public Settings readBy(DjangoVersion by) {
        if (by == version) {
            return this; // the common case, on every review: nothing to copy
        }
        Settings s = withFiles(fromFiles);
        s.version = by;
        return s;
    }

    public DjangoVersion version() {
        return version;
    }

    /** Where DJANGO_SECRET_KEY_FILE points, with the key when a readable ConfigMap volume holds it; null when no visible file is named. */
    public KeyFile keyFile() {
        return keyFile;
    }

    public Environment environment() {
        return env;
    }

    public Aliases aliases() {
        return aliases;
    }

    /** Whether undeclared settings take Django's defaults. */
    public boolean strict() {
        return strict;
    }

    /** The value the manifest gives for a setting, or null when it gives none. */
    public SettingValue declared(DjangoSetting setting) {
        int i = setting.ordinal();
        if (!looked[i]) {
            declared[i] = lookUp(setting);
            looked[i] = true;
        }
        return declared[i];
    }

    private SettingValue lookUp(DjangoSetting setting) {
        SettingValue inFile = fromFiles.get(setting);
        if (inFile != null) {
            return inFile;
        }
        if (preset != null && preset.reads(setting)) {
            // the application's own names only: a DJANGO_DEBUG it never reads changes nothing
            for (Preset.Variable pv : preset.variables(setting)) {
                Variable v = env.get(pv.variable());
                if (v != null) {
                    return new SettingValue(setting, pv.variable(), v.value(), v.source(), pv);
                }
            }
            Preset.Variable first = preset.variables(setting).get(0);
            if (strict && first.defaultValue() != null) {
                // a secret key written into the application is judged like one written into the manifest, never shown
                String raw = first.parser() == Preset.Parser.STRING ? (String) first.defaultValue() : null;
                return new SettingValue(setting, first.variable(), raw, new Source(Source.Kind.PRESET_DEFAULT,
                        first.variable() + " not set; " + preset.name() + "'s default, " + first.describeDefault(setting),
                        null, null), first);
            }
            return null;
        }
        for (String name : aliases.namesOf(setting)) {
            Variable v = env.get(name);
            if (v != null) {
                return proxied(new SettingValue(setting, name, v.value(), v.source()));
            }
        }
        return null;
    }

    /**
     * django-environ reads a value starting with {@code $} as the name of another variable ({@code $HOSTS} is HOSTS'
     * value; every leading $ is dropped, and it follows on). A name that is not set gives the application's default or
     * stops Django: unknown here, and said by {@link #problem}.
     */
    private SettingValue proxied(SettingValue v) {
        SettingValue at = v;
        for (int hops = 0; at.raw() != null && at.raw().startsWith("$") && hops < 8; hops++) {
            String name = at.raw().replaceFirst("^\\$+", "");
            Variable target = env.get(name);
            // a generated key may start with $: the rest of it is then no name to show
            String via = at.source().description() + " = $" + (!v.setting().isSecret() && name.matches("[A-Za-z_][A-Za-z0-9_]{0,63}")
                    ? name : "(another variable's name)");
            if (target == null) {
                return new SettingValue(v.setting(), v.variable(), null, new Source(Source.Kind.PROXY_UNSET, via, at.source().path(),
                        null));
            }
            if (v.setting().isList() && target.value() != null
                    && !ValueReader.list(target.value()).value().isEmpty()) {
                // env.list casts the referenced value, then casts that list again: Django stops (both versions, run here)
                return new SettingValue(v.setting(), v.variable(), null, new Source(Source.Kind.PROXY_LIST_STOPS, via,
                        at.source().path(), null));
            }
            at = new SettingValue(v.setting(), v.variable(), target.value(), new Source(target.source().kind(),
                    via + ", " + target.source().description(), target.source().path(), target.source().referencedName()));
        }
        if (at.raw() != null && at.raw().startsWith("$")) {
            // a loop of references: django-environ recurses until Python gives up
            return new SettingValue(v.setting(), v.variable(), null, new Source(Source.Kind.PROXY_UNSET,
                    at.source().description() + " (references that loop)", at.source().path(), null));
        }
        return at;
    }

    /**
     * The declared value as the typed readings take it: a $reference to an unset variable gives the application's
     * default, which is Django's as far as the strict profile can tell (the parity oracle's env.list(..., default=[])).
     */
    private SettingValue effective(DjangoSetting setting) {
        SettingValue v = declared(setting);
        return v != null && (v.source().kind() == Source.Kind.PROXY_UNSET || emptyAsUnset(v)) ? null : v;
    }

    /**
     * An empty variable that django-environ 0.10+ reads as unset ({@code env.str(NAME, default=None)} gives None), so the
     * default stays: the strict profile's reading, which is the settings module of Django's parity oracle. The declared
     * profile reads an empty value as most projects do, {@code env.bool(NAME, default=True)}, which casts "" (False, an
     * empty list) in every version. Only django-environ's reading: a settings file's {@code ''} is a value, and an
     * application with a preset reads with its own parser.
     */
    private boolean emptyAsUnset(SettingValue v) {
        return strict && version.emptyIsUnset() && v.raw() != null && v.raw().isEmpty() && v.reading() == null && !v.isPresetDefault()
                && !v.fromFile();
    }

    /** Says where a setting's value comes from, for a message. */
    public String where(DjangoSetting setting) {
        SettingValue v = declared(setting);
        if (v != null && emptyAsUnset(v)) {
            return v.describe() + " (empty: django-environ 0.10 and later read an empty value as not set, so "
                    + (takesDefault() ? "Django's default" : "the application's default") + ")";
        }
        if (v != null) {
            return v.describe();
        }
        String unread = unreadEnvFrom();
        if (unread != null) {
            return "not set in what could be read; " + unread + " could not be read and may set it";
        }
        return "not set; Django's default";
    }

    /**
     * The first ConfigMap brought in whole ({@code envFrom}) that could not be read, in words, or null: any absent
     * setting may be in it, so none takes Django's default, even in the strict profile.
     */
    private String unreadEnvFrom() {
        for (Reference r : env.unresolved()) {
            if (r.key() == null) {
                return r.kind() + " \"" + r.name() + "\"";
            }
        }
        return null;
    }

    /** Whether an absent setting takes Django's default: in the strict profile, unless an unread ConfigMap may set it. */
    private boolean takesDefault() {
        return strict && unreadEnvFrom() == null;
    }

    public Optional<Boolean> bool(DjangoSetting setting) {
        SettingValue v = effective(setting);
        if (v == null) {
            return takesDefault() ? Optional.of((Boolean) setting.djangoDefault()) : Optional.empty();
        }
        if (v.isPresetDefault()) {
            return Optional.of((Boolean) v.reading().defaultValue());
        }
        if (!v.visible()) {
            return Optional.empty();
        }
        return Optional.of(v.reading() != null ? v.reading().bool(v.raw(), version) : ValueReader.bool(v.raw(), version).value());
    }

    public OptionalLong integer(DjangoSetting setting) {
        SettingValue v = effective(setting);
        if (v == null) {
            return takesDefault() ? OptionalLong.of((Long) setting.djangoDefault()) : OptionalLong.empty();
        }
        if (v.isPresetDefault()) {
            return OptionalLong.of((Long) v.reading().defaultValue());
        }
        if (!v.visible()) {
            return OptionalLong.empty();
        }
        Long parsed = v.reading() != null ? v.reading().integer(v.raw()) : ValueReader.integer(v.raw()).value();
        return parsed == null ? OptionalLong.empty() : OptionalLong.of(parsed);
    }

    @SuppressWarnings("unchecked")
    public Optional<List<String>> list(DjangoSetting setting) {
        SettingValue v = effective(setting);
        if (v == null) {
            return takesDefault() ? Optional.of((List<String>) setting.djangoDefault()) : Optional.empty();
        }
        if (v.isPresetDefault()) {
            return Optional.of((List<String>) v.reading().defaultValue());
        }
        if (!v.visible()) {
            return Optional.empty();
        }
        if (v.reading() != null) {
            return Optional.ofNullable(v.reading().list(v.raw()));
        }
        if (v.fromFile() && v.raw().startsWith("[")) {
            return Optional.of(ValueReader.literalList(v.raw()));
        }
        // entries as Django has them, even when one is a problem of its own (" *" is no wildcard, and matches nothing)
        return Optional.of(ValueReader.list(v.raw()).value());
    }

    /**
     * A string setting as Django has it: empty when it cannot be told, or when a settings file sets it to None
     * ({@link #isNone}). django-environ's env.str returns the text as it is.
     */
    public Optional<String> string(DjangoSetting setting) {
        SettingValue v = effective(setting);
        if (v == null) {
            return takesDefault() ? Optional.of((String) setting.djangoDefault()) : Optional.empty();
        }
        if (v.isPresetDefault()) {
            return Optional.ofNullable((String) v.reading().defaultValue());
        }
        return Optional.ofNullable(v.raw());
    }

    /**
     * {@code text} (the value or a part of it) as a message may name it: quoted when harmless, else by its length, and
     * never when the value came from a Secret ("its value").
     */
    public String quoted(DjangoSetting setting, String text) {
        SettingValue v = declared(setting);
        return v != null && !v.echoable() ? "its value" : Echo.quotedOrLength(text);
    }

    /** Whether a settings file sets this setting to None (SECURE_REFERRER_POLICY = None: no header at all). */
    public boolean isNone(DjangoSetting setting) {
        SettingValue v = declared(setting);
        return v != null && v.source().kind() == Source.Kind.SETTINGS_FILE_NONE;
    }

    /** What is wrong with a declared value that cannot be read as Django needs it, or null. */
    public String problem(DjangoSetting setting) {
        SettingValue v = declared(setting);
        if (v != null && v.source().kind() == Source.Kind.PROXY_LIST_STOPS) {
            return "starts with $, which django-environ reads as the name of another variable; for a list it then splits the "
                    + "list it already made, and Django stops at start (AttributeError); write the entries themselves";
        }
        if (v != null && v.source().kind() == Source.Kind.PROXY_UNSET) {
            return "starts with $, which django-environ reads as the name of another variable, and that one is not set "
                    + "(or the references loop): the application's default applies, or Django stops at start";
        }
        if (v == null || !v.visible() || v.reading() != null || v.fromFile() || emptyAsUnset(v)) {
            // a settings file's values are Python's own, already taken as Django takes them
            // an application's own reading is not django-environ's: its preset says what it makes of a value
            return null;
        }
        switch (setting.type()) {
            case BOOL:
                return ValueReader.bool(v.raw(), version).problem();
            case LIST:
                return ValueReader.list(v.raw()).problem();
            case INT: {
                ValueReader.Reading<Long> r = ValueReader.integer(v.raw());
                if (!r.readable()) {
                    return r.problem();
                }
                return r.value() < 0 ? "is negative" : null;
            }
            default:
                return null;
        }
    }
}
