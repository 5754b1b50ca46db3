package io.djangoguard.settings;

import java.util.List;
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
    /** declared() per setting, looked up once: every rule asks for a few settings, some more than once. */
    private final SettingValue[] declared = new SettingValue[DjangoSetting.values().length];
    private final boolean[] looked = new boolean[declared.length];

    /** Where DJANGO_SECRET_KEY_FILE points, for a container; null otherwise. */
    private KeyFile keyFile;

    public Settings(Environment env, Aliases aliases, boolean strict) {
        this.env = env;
        this.aliases = aliases;
        this.strict = strict;
    }

    /**
     * A container's settings: its environment as the kubelet assembles it ({@code path}: the
     * container's place in the object), and the key file it names resolved against its mounts and
     * the pod's volumes. ConfigMaps are read through {@code lookup}, never from the network.
     */
    public static Settings ofContainer(Container container, String path, List<Volume> volumes, String namespace,
            ConfigMapLookup lookup, Aliases aliases, boolean strict) {
        Settings s = new Settings(ContainerEnvironment.of(container, path, namespace, lookup), aliases, strict);
        s.keyFile = KeyFile.of(s.declared(DjangoSetting.SECRET_KEY_FILE), container, volumes, namespace, lookup);
        return s;
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
        for (String name : aliases.namesOf(setting)) {
            Variable v = env.get(name);
            if (v != null) {
                return new SettingValue(setting, name, v.value(), v.source());
            }
        }
        return null;
    }

    /** Says where a setting's value comes from, for a message. */
    public String where(DjangoSetting setting) {
        SettingValue v = declared(setting);
        if (v != null) {
            return v.describe();
        }
        return "not set; Django's default";
    }

    public Optional<Boolean> bool(DjangoSetting setting) {
        SettingValue v = declared(setting);
        if (v == null) {
            return strict ? Optional.of((Boolean) setting.djangoDefault()) : Optional.empty();
        }
        return v.visible() ? Optional.of(ValueReader.bool(v.raw()).value()) : Optional.empty();
    }

    public OptionalLong integer(DjangoSetting setting) {
        SettingValue v = declared(setting);
        if (v == null) {
            return strict ? OptionalLong.of((Long) setting.djangoDefault()) : OptionalLong.empty();
        }
        if (!v.visible()) {
            return OptionalLong.empty();
        }
        Long parsed = ValueReader.integer(v.raw()).value();
        return parsed == null ? OptionalLong.empty() : OptionalLong.of(parsed);
    }

    @SuppressWarnings("unchecked")
    public Optional<List<String>> list(DjangoSetting setting) {
        SettingValue v = declared(setting);
        if (v == null) {
            return strict ? Optional.of((List<String>) setting.djangoDefault()) : Optional.empty();
        }
        if (!v.visible()) {
            return Optional.empty();
        }
        ValueReader.Reading<List<String>> r = ValueReader.list(v.raw());
        return r.readable() ? Optional.of(r.value()) : Optional.empty();
    }

    /** What is wrong with a declared value that cannot be read as Django needs it, or null. */
    public String problem(DjangoSetting setting) {
        SettingValue v = declared(setting);
        if (v == null || !v.visible()) {
            return null;
        }
        switch (setting.type()) {
            case BOOL:
                return ValueReader.bool(v.raw()).problem();
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
