package io.djangoguard.settings;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The application presets: the built-in ones ({@code src/main/resources/presets/}, listed in
 * {@code presets/index.txt}) and a user's directory of {@code *.yaml} files, which add presets or replace a
 * built-in one of the same id. Each file is checked as it is loaded; a problem names the file and the field.
 */
public final class Presets {

    /** The annotation (on the workload or its pod template) that names the preset of its containers. */
    public static final String ANNOTATION = "django-guard.io/app";

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final Set<String> TOP_LEVEL = Set.of("id", "name", "repository", "commit", "images", "settings",
            "secretKeyFiles", "settingsFiles", "hardcoded", "notes", "djangoVersion");
    private static final Set<String> VARIABLE_FIELDS = Set.of("variable", "parser", "trueValues", "inverted", "separator",
            "trims", "json", "default", "cite", "reads");
    private static final Presets BUILT_IN = loadBuiltIn();
    private static final Presets NONE = new Presets(Map.of());

    private final Map<String, Preset> byId;
    private final Map<String, Preset> byImage = new LinkedHashMap<>();

    private Presets(Map<String, Preset> byId) {
        this.byId = Map.copyOf(byId);
        for (Preset p : byId.values()) {
            for (String image : p.images()) {
                byImage.putIfAbsent(repository(image), p);
            }
        }
    }

    public static Presets builtIn() {
        return BUILT_IN;
    }

    public static Presets none() {
        return NONE;
    }

    /** The built-in presets with those of {@code directory} added; one of the same id replaces the built-in. */
    public static Presets withDirectory(Path directory) {
        Map<String, Preset> all = new LinkedHashMap<>(BUILT_IN.byId);
        List<Path> files;
        try (Stream<Path> list = Files.list(directory)) {
            files = list.filter(p -> p.getFileName().toString().endsWith(".yaml") || p.getFileName().toString().endsWith(".yml"))
                    .sorted().toList();
        } catch (IOException e) {
            throw new IllegalArgumentException("presets directory " + directory + " could not be read (" + e.getClass().getSimpleName() + ")");
        }
        for (Path f : files) {
            String text;
            try {
                text = Files.readString(f, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IllegalArgumentException("preset " + f + " could not be read (" + e.getClass().getSimpleName() + ")");
            }
            Preset p = parse(text, f.toString());
            all.put(p.id(), p);
        }
        return new Presets(all);
    }

    /** These presets with {@code preset} added, replacing one of the same id. */
    public Presets with(Preset preset) {
        Map<String, Preset> all = new LinkedHashMap<>(byId);
        all.put(preset.id(), preset);
        return new Presets(all);
    }

    public Preset byId(String id) {
        return id == null ? null : byId.get(id.strip());
    }

    /** The preset whose images include this one's repository (registry, tag and digest aside), or null. */
    public Preset forImage(String image) {
        return image == null ? null : byImage.get(repository(image));
    }

    public Collection<Preset> all() {
        return byId.values().stream().sorted(java.util.Comparator.comparing(Preset::id)).toList();
    }

    /** {@code ghcr.io/netbox-community/netbox:v4.1} → {@code netbox-community/netbox}: the last two path segments. */
    public static String repository(String image) {
        String s = image.strip().toLowerCase(Locale.ROOT);
        int at = s.indexOf('@');
        if (at >= 0) {
            s = s.substring(0, at);
        }
        int slash = s.lastIndexOf('/');
        int colon = s.lastIndexOf(':');
        if (colon > slash) {
            s = s.substring(0, colon);
        }
        String[] parts = s.split("/");
        int first = parts.length > 1 && (parts[0].contains(".") || parts[0].contains(":") || parts[0].equals("localhost")) ? 1 : 0;
        if (parts.length - first >= 2 && parts[first].equals("library")) {
            first++;
        }
        return String.join("/", java.util.Arrays.copyOfRange(parts, Math.max(first, parts.length - 2), parts.length));
    }

    private static Presets loadBuiltIn() {
        Map<String, Preset> all = new LinkedHashMap<>();
        for (String id : resource("index.txt").lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList()) {
            Preset p = parse(resource(id + ".yaml"), "presets/" + id + ".yaml");
            if (!p.id().equals(id)) {
                throw new IllegalStateException("presets/" + id + ".yaml has id " + p.id());
            }
            all.put(id, p);
        }
        return new Presets(all);
    }

    private static String resource(String name) {
        try (InputStream in = Presets.class.getResourceAsStream("/presets/" + name)) {
            if (in == null) {
                throw new IllegalStateException("presets/" + name + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("presets/" + name + " could not be read", e);
        }
    }

    /** One preset file, checked: a problem is an IllegalArgumentException naming the file and the field. */
    public static Preset parse(String text, String origin) {
        Object root;
        try {
            root = new Load(LoadSettings.builder().setLabel(origin).setMaxAliasesForCollections(0).build()).loadFromString(text);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("preset " + origin + ": not YAML (" + e.getMessage().lines().findFirst().orElse("") + ")");
        }
        if (!(root instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("preset " + origin + ": not a mapping");
        }
        for (Object key : map.keySet()) {
            if (!TOP_LEVEL.contains(String.valueOf(key))) {
                throw new IllegalArgumentException("preset " + origin + ": unknown field " + key + " (fields: " + String.join(", ", TOP_LEVEL) + ")");
            }
        }
        String id = string(map, "id", origin, true);
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("preset " + origin + ": id " + id + " must be lower-case letters, digits and dashes");
        }
        Map<DjangoSetting, List<Preset.Variable>> settings = new EnumMap<>(DjangoSetting.class);
        Object s = map.get("settings");
        if (s != null) {
            if (!(s instanceof Map<?, ?> sm)) {
                throw new IllegalArgumentException("preset " + origin + ": settings must be a mapping of setting names");
            }
            for (Map.Entry<?, ?> e : sm.entrySet()) {
                DjangoSetting setting = settingNamed(String.valueOf(e.getKey()), origin);
                if (!(e.getValue() instanceof List<?> vars) || vars.isEmpty()) {
                    throw new IllegalArgumentException("preset " + origin + ": settings." + e.getKey() + " must list variables");
                }
                List<Preset.Variable> read = new ArrayList<>();
                for (int i = 0; i < vars.size(); i++) {
                    read.add(variable(vars.get(i), setting, origin + ": settings." + e.getKey() + "[" + i + "]"));
                }
                settings.put(setting, List.copyOf(read));
            }
        }
        return new Preset(id, string(map, "name", origin, true), string(map, "repository", origin, true),
                string(map, "commit", origin, false), strings(map, "images", origin), settings,
                strings(map, "secretKeyFiles", origin), strings(map, "settingsFiles", origin),
                string(map, "notes", origin, false), origin, djangoVersion(map, origin));
    }

    /** {@code djangoVersion: "3.2"}: the Django the application ships, read from its release's requirements. */
    private static DjangoVersion djangoVersion(Map<?, ?> map, String origin) {
        Object v = map.get("djangoVersion");
        if (v == null) {
            return null;
        }
        DjangoVersion version = DjangoVersion.fromId(String.valueOf(v));
        if (version == null) {
            throw new IllegalArgumentException("preset " + origin + ": djangoVersion must be \"5.2\" or \"3.2\" (quoted: "
                    + "bare 3.20 and 3.2 are the same YAML number)");
        }
        return version;
    }

    private static Preset.Variable variable(Object o, DjangoSetting setting, String where) {
        if (!(o instanceof Map<?, ?> m)) {
            throw new IllegalArgumentException("preset " + where + ": must be a mapping with variable, parser and cite");
        }
        for (Object key : m.keySet()) {
            if (!VARIABLE_FIELDS.contains(String.valueOf(key))) {
                throw new IllegalArgumentException("preset " + where + ": unknown field " + key + " (fields: "
                        + String.join(", ", VARIABLE_FIELDS) + ")");
            }
        }
        String name = string(m, "variable", where, true);
        String cite = string(m, "cite", where, true);
        Preset.Parser parser;
        try {
            parser = Preset.Parser.valueOf(string(m, "parser", where, true).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("preset " + where + ": parser must be bool, int, list or string");
        }
        Preset.Parser expected = switch (setting.type()) {
            case BOOL -> Preset.Parser.BOOL;
            case INT -> Preset.Parser.INT;
            case LIST, SECRET_LIST -> Preset.Parser.LIST;
            default -> Preset.Parser.STRING;
        };
        if (parser != expected) {
            throw new IllegalArgumentException("preset " + where + ": " + setting.name() + " is read with parser "
                    + expected.name().toLowerCase(Locale.ROOT));
        }
        Set<String> trueValues = new LinkedHashSet<>(strings(m, "trueValues", where));
        String separator = m.get("separator") == null ? "," : String.valueOf(m.get("separator"));
        if (separator.isEmpty()) {
            throw new IllegalArgumentException("preset " + where + ": separator must not be empty");
        }
        Object def = m.get("default");
        Object defaultValue = def == null ? null : switch (parser) {
            case BOOL -> {
                if (!(def instanceof Boolean b)) {
                    throw new IllegalArgumentException("preset " + where + ": default must be true or false");
                }
                yield b;
            }
            case INT -> {
                Long n = def instanceof Number num ? Long.valueOf(num.longValue()) : ValueReader.integer(String.valueOf(def)).value();
                if (n == null) {
                    throw new IllegalArgumentException("preset " + where + ": default must be a whole number");
                }
                yield n;
            }
            case LIST -> {
                if (!(def instanceof List<?> l)) {
                    throw new IllegalArgumentException("preset " + where + ": default must be a list");
                }
                yield l.stream().map(String::valueOf).toList();
            }
            case STRING -> String.valueOf(def);
        };
        return new Preset.Variable(name, parser, Set.copyOf(trueValues), Boolean.TRUE.equals(m.get("inverted")), separator,
                Boolean.TRUE.equals(m.get("trims")), Boolean.TRUE.equals(m.get("json")), defaultValue, cite);
    }

    private static DjangoSetting settingNamed(String name, String origin) {
        for (DjangoSetting s : DjangoSetting.values()) {
            if (s.name().equals(name) && s != DjangoSetting.SECRET_KEY_FILE && s != DjangoSetting.CSRF_USE_SESSIONS) {
                return s;
            }
        }
        throw new IllegalArgumentException("preset " + origin + ": settings." + name + " is not a setting django-guard judges");
    }

    private static String string(Map<?, ?> m, String key, String where, boolean required) {
        Object v = m.get(key);
        if (v == null || String.valueOf(v).isBlank()) {
            if (required) {
                throw new IllegalArgumentException("preset " + where + ": " + key + " is required");
            }
            return null;
        }
        return String.valueOf(v).strip();
    }

    private static List<String> strings(Map<?, ?> m, String key, String where) {
        Object v = m.get(key);
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof List<?> l)) {
            throw new IllegalArgumentException("preset " + where + ": " + key + " must be a list");
        }
        return l.stream().map(String::valueOf).toList();
    }
}
