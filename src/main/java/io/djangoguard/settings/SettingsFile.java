package io.djangoguard.settings;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.ScalarEvent;

/**
 * An application's YAML or JSON configuration file kept in a ConfigMap (NetBox's chart mounts {@code netbox.yaml},
 * read into Django's settings by its configuration.py): the top-level keys named as Django settings, with their values
 * in the text the settings readers take (a list as a JSON array) and their lines. Only literal values are read;
 * a file with fewer than two such keys is taken for another program's configuration.
 */
public final class SettingsFile {

    /** One setting the file gives. */
    public record Entry(String name, String raw, int line) {
    }

    private static final int MAX_CHARS = 1 << 20;
    /** A settings file is flat: its values are scalars, lists and small mappings. */
    private static final int MAX_DEPTH = 32;
    private static final Set<String> NAMES = names();

    private SettingsFile() {
    }

    /** Whether a data key names a YAML or JSON file. */
    public static boolean isFile(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.endsWith(".yaml") || k.endsWith(".yml") || k.endsWith(".json");
    }

    /**
     * The Django settings the file gives, or an empty list when it is not a settings file (or cannot be read). Read
     * from YAML events, never a node tree: the text comes from a ConfigMap anyone may apply, and a tree of a file
     * nested a hundred thousand deep is built by recursion; here nesting only counts, and past {@link #MAX_DEPTH} the
     * file is no settings file.
     */
    public static List<Entry> read(String text) {
        if (text == null || text.length() > MAX_CHARS) {
            return List.of();
        }
        List<Entry> out = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        try {
            LoadSettings settings = LoadSettings.builder().setMaxAliasesForCollections(0).setAllowDuplicateKeys(true)
                    .setCodePointLimit(MAX_CHARS).build();
            Iterator<Event> events = new Parse(settings).parseString(text).iterator();
            int depth = 0;          // 1 inside the top-level mapping
            boolean expectKey = true;
            String key = null;
            int keyLine = 0;
            StringBuilder list = null; // a top-level value that is a sequence of scalars, as a JSON array
            boolean listUsable = false;
            while (events.hasNext()) {
                Event e = events.next();
                switch (e.getEventId()) {
                    case MappingStart, SequenceStart -> {
                        depth++;
                        if (depth > MAX_DEPTH) {
                            return List.of();
                        }
                        if (depth == 1 && e.getEventId() != Event.ID.MappingStart) {
                            return List.of(); // a file whose root is no mapping
                        }
                        if (depth == 2 && !expectKey && e.getEventId() == Event.ID.SequenceStart) {
                            list = new StringBuilder("[");
                            listUsable = true;
                        } else if (depth == 3 && list != null) {
                            listUsable = false; // a list of lists or mappings: not a list of host names
                        }
                    }
                    case MappingEnd, SequenceEnd -> {
                        depth--;
                        if (depth == 1) {
                            if (list != null && listUsable && key != null) {
                                out.add(new Entry(key, list.append(']').toString(), keyLine));
                                seen.add(key);
                            }
                            list = null;
                            key = null;
                            expectKey = true;
                        }
                    }
                    case Scalar -> {
                        ScalarEvent scalar = (ScalarEvent) e;
                        if (depth == 1) {
                            if (expectKey) {
                                key = NAMES.contains(scalar.getValue()) ? scalar.getValue() : null;
                                keyLine = scalar.getStartMark().map(m -> m.getLine() + 1).orElse(0);
                                expectKey = false;
                            } else {
                                String raw = text(scalar);
                                if (key != null && raw != null) {
                                    out.add(new Entry(key, raw, keyLine));
                                    seen.add(key);
                                }
                                key = null;
                                expectKey = true;
                            }
                        } else if (depth == 2 && list != null) {
                            if (list.length() > 1) {
                                list.append(',');
                            }
                            list.append('"').append(scalar.getValue().replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
                        }
                    }
                    case Alias -> {
                        return List.of(); // aliases are refused by the settings above; a settings file has none
                    }
                    default -> {
                        // stream and document starts and ends
                    }
                }
            }
        } catch (RuntimeException | StackOverflowError e) {
            return List.of();
        }
        return seen.size() >= 2 ? out : List.of();
    }

    /** A scalar as its text, booleans as Python writes them; null for a YAML null. */
    private static String text(ScalarEvent s) {
        String v = s.getValue();
        if (s.getScalarStyle() == ScalarStyle.PLAIN) {
            if (v.equals("true")) {
                return "True";
            }
            if (v.equals("false")) {
                return "False";
            }
            if (v.equals("null") || v.equals("~") || v.isEmpty()) {
                return null;
            }
        }
        return v;
    }

    private static Set<String> names() {
        Set<String> n = new LinkedHashSet<>();
        for (DjangoSetting s : DjangoSetting.values()) {
            if (s != DjangoSetting.SECRET_KEY_FILE) {
                n.add(s.name());
            }
        }
        return Set.copyOf(n);
    }
}
