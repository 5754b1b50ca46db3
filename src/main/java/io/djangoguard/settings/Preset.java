package io.djangoguard.settings;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * How one Django application reads its settings: under which variable names, with which parser, and what it uses
 * when a variable is absent. Loaded from {@code presets/<id>.yaml} (see {@link Presets}); every variable cites the
 * line of the application's source that reads it.
 *
 * @param settings  the variables each setting is read from, in the order the application consults them; a setting the
 *                  preset does not list is read as any Django project reads it (the configured aliases)
 * @param djangoVersion the Django (and django-environ) the application's release ships, or null for the configured one;
 *                  an object's own {@code django-guard.io/django-version} still wins
 */
public record Preset(String id, String name, String repository, String commit, List<String> images,
        Map<DjangoSetting, List<Preset.Variable>> settings, List<String> secretKeyFiles, List<String> settingsFiles,
        String notes, String origin, DjangoVersion djangoVersion) {

    /** How an application turns a variable's text into a value. */
    public enum Parser {
        BOOL, INT, LIST, STRING
    }

    /**
     * One variable an application reads a setting from.
     *
     * @param trueValues the texts it takes as true (empty: django-environ's words); compared ignoring case unless one
     *                   of them has a capital letter (an application comparing with {@code == "True"})
     * @param inverted   the variable being true turns the setting off ({@code DISABLE_SECURE_SSL_REDIRECT})
     * @param separator  for a list: what it splits on
     * @param defaultValue what the application uses when the variable is absent (Boolean, Long, List of String or
     *                   String), or null when Django's default applies
     */
    public record Variable(String variable, Parser parser, Set<String> trueValues, boolean inverted, String separator,
            boolean trims, boolean json, Object defaultValue, String cite) {

        public boolean bool(String raw) {
            return bool(raw, DjangoVersion.DJANGO_5_2);
        }

        public boolean bool(String raw, DjangoVersion version) {
            boolean on;
            if (trueValues.isEmpty()) {
                on = ValueReader.bool(raw, version).value();
            } else if (trueValues.stream().anyMatch(t -> !t.equals(t.toLowerCase(Locale.ROOT)))) {
                on = trueValues.contains(raw);
            } else {
                on = trueValues.contains(raw.toLowerCase(Locale.ROOT));
            }
            return inverted != on;
        }

        public Long integer(String raw) {
            return ValueReader.integer(raw).value();
        }

        public List<String> list(String raw) {
            if (json && raw.strip().startsWith("[")) {
                ValueReader.Reading<List<String>> r = ValueReader.json(raw);
                return r.readable() ? r.value() : null;
            }
            List<String> out = new ArrayList<>();
            String[] parts = separator.equals(" ") ? raw.split(" ", -1) : raw.split(java.util.regex.Pattern.quote(separator), -1);
            for (String p : parts) {
                String entry = trims ? p.strip() : p;
                if (!entry.isEmpty()) {
                    out.add(entry);
                }
            }
            return out;
        }

        /** The default in words, for a message: {@code "*"}, {@code True}, {@code 300}; never a secret's. */
        String describeDefault(DjangoSetting setting) {
            if (setting.isSecret()) {
                return "a key written into the application";
            }
            if (defaultValue instanceof List<?> l) {
                return l.isEmpty() ? "empty" : "\"" + String.join(",", l.stream().map(Object::toString).toList()) + "\"";
            }
            if (defaultValue instanceof Boolean b) {
                return b ? "True" : "False";
            }
            return String.valueOf(defaultValue);
        }
    }

    /** Whether the preset says how the application reads this setting. */
    public boolean reads(DjangoSetting setting) {
        List<Variable> v = settings.get(setting);
        return v != null && !v.isEmpty();
    }

    public List<Variable> variables(DjangoSetting setting) {
        return settings.getOrDefault(setting, List.of());
    }
}
