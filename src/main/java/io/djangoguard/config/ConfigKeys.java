package io.djangoguard.config;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Collectors;

import io.djangoguard.engine.Rule;
import io.djangoguard.rules.RuleCatalog;
import io.djangoguard.settings.DjangoSetting;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/**
 * The keys of {@link DjangoGuardConfig}, read off the interface itself (names as SmallRye derives them, defaults,
 * types, meanings), so that the README's table, the refusal messages and the check of environment variable names
 * cannot drift from what the server reads.
 */
public final class ConfigKeys {

    /** One key; for a map, {@code name} is its prefix ({@code django-guard.severity}) and {@code shown} has the placeholder. */
    public record Key(String name, String shown, Class<?> type, String defaultValue, Meaning meaning) {

        public boolean isMap() {
            return Map.class.isAssignableFrom(type);
        }

        /** The environment variable that sets it ({@code DJANGO_GUARD_CLUSTER_FAIL_MODE}); for a map, its prefix with a {@code _}. */
        public String envName() {
            return envNameOf(name) + (isMap() ? "_" : "");
        }

        /** What the key takes, said as a refusal's advice: "use declared or strict", "must be a whole number". */
        public String accepts() {
            if (type.isEnum()) {
                return "use " + or(values());
            }
            if (type == boolean.class || type == Boolean.class) {
                return "use true or false";
            }
            if (type == int.class || type == long.class || type == OptionalInt.class) {
                return "must be a whole number";
            }
            if (type == Duration.class) {
                return "must be a duration: a number of seconds, or a number followed by ms, s, m, h or d (500ms, 2s, 1m)";
            }
            return "is not understood";
        }

        /** The enum's values as configuration spells them, or empty. */
        public List<String> values() {
            return type.isEnum() ? Arrays.stream(type.getEnumConstants()).map(c -> ((Enum<?>) c).name().toLowerCase(Locale.ROOT)).toList()
                    : List.of();
        }
    }

    private static final List<Key> ALL = all(DjangoGuardConfig.class);

    private ConfigKeys() {
    }

    /** Every key, sorted by name. */
    public static List<Key> all() {
        return ALL;
    }

    /** The key named so, the map key whose prefix it is under, or empty. */
    public static Optional<Key> find(String name) {
        return ALL.stream().filter(k -> k.isMap() ? name.startsWith(k.name() + ".") : k.name().equals(name)).findFirst();
    }

    /** Every key a person may write, the keys of maps spelled out (django-guard.severity.debug-enabled). */
    public static List<String> names() {
        List<String> names = new ArrayList<>();
        for (Key k : ALL) {
            if (k.isMap()) {
                mapKeys(k).forEach(m -> names.add(k.name() + "." + m));
            } else {
                names.add(k.name());
            }
        }
        return names;
    }

    /** What may follow a map's prefix: the rule ids for severity, the settings for aliases. */
    public static List<String> mapKeys(Key map) {
        return switch (map.name()) {
            case DjangoGuardConfig.PREFIX + "severity" -> RuleCatalog.all().stream().map(Rule::id).toList();
            case DjangoGuardConfig.PREFIX + "aliases" -> Arrays.stream(DjangoSetting.values()).map(DjangoSetting::configKey).toList();
            default -> throw new IllegalStateException(map.name() + ": say here what its keys are");
        };
    }

    /** {@code django-guard.cluster.fail-mode} as an environment variable: {@code DJANGO_GUARD_CLUSTER_FAIL_MODE}. */
    public static String envNameOf(String key) {
        return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    /** "a, b or c". */
    static String or(List<String> words) {
        return list(words, "or");
    }

    /** "a, b and c" with {@code last} = "and". */
    static String list(List<String> words, String last) {
        if (words.size() < 2) {
            return String.join("", words);
        }
        return String.join(", ", words.subList(0, words.size() - 1)) + " " + last + " " + words.get(words.size() - 1);
    }

    private static List<Key> all(Class<?> root) {
        List<Key> keys = new ArrayList<>();
        collect(root, DjangoGuardConfig.PREFIX, keys);
        keys.sort(Comparator.comparing(Key::shown));
        return List.copyOf(keys);
    }

    private static void collect(Class<?> group, String prefix, List<Key> into) {
        for (Method m : group.getDeclaredMethods()) {
            if (Modifier.isStatic(m.getModifiers()) || m.isDefault() || m.getParameterCount() > 0) {
                continue;
            }
            String name = prefix + nameOf(m);
            Class<?> type = m.getReturnType();
            Meaning meaning = m.getAnnotation(Meaning.class);
            if (meaning == null && type.isInterface() && type.getEnclosingClass() == DjangoGuardConfig.class) {
                collect(type, name + ".", into);
                continue;
            }
            if (meaning == null) {
                throw new IllegalStateException(name + " has no @Meaning: say what it means, for the README's table");
            }
            WithConverter c = m.getAnnotation(WithConverter.class);
            if (type == boolean.class && (c == null || c.value() != StrictBoolean.class)) {
                throw new IllegalStateException(name + " needs @WithConverter(StrictBoolean.class): the default reads maybe as false");
            }
            WithDefault d = m.getAnnotation(WithDefault.class);
            into.add(new Key(name, meaning.key().isEmpty() ? name : prefix + meaning.key(), type, d == null ? null : d.value(), meaning));
        }
    }

    /** As SmallRye names it: {@code @WithName}, else the method's name in kebab case (hstsMinSeconds: hsts-min-seconds). */
    private static String nameOf(Method m) {
        WithName n = m.getAnnotation(WithName.class);
        if (n != null) {
            return n.value();
        }
        return m.getName().chars().mapToObj(ch -> Character.isUpperCase(ch) ? "-" + Character.toLowerCase((char) ch)
                : String.valueOf((char) ch)).collect(Collectors.joining());
    }
}
