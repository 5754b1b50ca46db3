package io.djangoguard.settings;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The variable names each setting may be read from, in order of precedence. */
public final class Aliases {

    private final EnumMap<DjangoSetting, List<String>> names = new EnumMap<>(DjangoSetting.class);

    private Aliases(Map<DjangoSetting, List<String>> overrides) {
        for (DjangoSetting s : DjangoSetting.values()) {
            List<String> o = overrides.get(s);
            names.put(s, o == null || o.isEmpty() ? s.defaultNames() : List.copyOf(o));
        }
    }

    public static Aliases defaults() {
        return new Aliases(Map.of());
    }

    public static Aliases of(Map<DjangoSetting, List<String>> overrides) {
        return new Aliases(overrides);
    }

    public List<String> namesOf(DjangoSetting setting) {
        return names.get(setting);
    }

}
