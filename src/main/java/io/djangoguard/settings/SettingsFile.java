package io.djangoguard.settings;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

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
    private static final Set<String> NAMES = names();

    private SettingsFile() {
    }

    /** Whether a data key names a YAML or JSON file. */
    public static boolean isFile(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.endsWith(".yaml") || k.endsWith(".yml") || k.endsWith(".json");
    }

    /** The Django settings the file gives, or an empty list when it is not a settings file (or cannot be read). */
    public static List<Entry> read(String text) {
        if (text == null || text.length() > MAX_CHARS) {
            return List.of();
        }
        Optional<Node> root;
        try {
            LoadSettings settings = LoadSettings.builder().setMaxAliasesForCollections(0).setAllowDuplicateKeys(true)
                    .setCodePointLimit(MAX_CHARS).build();
            root = new Compose(settings).composeString(text);
        } catch (RuntimeException e) {
            return List.of();
        }
        if (root.isEmpty() || !(root.get() instanceof MappingNode map)) {
            return List.of();
        }
        List<Entry> out = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (NodeTuple t : map.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode key) || !NAMES.contains(key.getValue())) {
                continue;
            }
            String raw = text(t.getValueNode());
            if (raw != null) {
                out.add(new Entry(key.getValue(), raw, key.getStartMark().map(m -> m.getLine() + 1).orElse(0)));
                seen.add(key.getValue());
            }
        }
        return seen.size() >= 2 ? out : List.of();
    }

    /** A scalar as its text (booleans as Python writes them), a list of scalars as a JSON array; null otherwise. */
    private static String text(Node value) {
        if (value instanceof ScalarNode s) {
            String v = s.getValue();
            if (s.getScalarStyle() == org.snakeyaml.engine.v2.common.ScalarStyle.PLAIN) {
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
        if (value instanceof SequenceNode seq) {
            StringBuilder b = new StringBuilder("[");
            for (Node item : seq.getValue()) {
                if (!(item instanceof ScalarNode s)) {
                    return null;
                }
                if (b.length() > 1) {
                    b.append(',');
                }
                b.append('"').append(s.getValue().replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
            }
            return b.append(']').toString();
        }
        return null;
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
