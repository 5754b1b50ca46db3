package io.djangoguard.properties;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/** Objects as the plain maps and lists a YAML or JSON reader produces: null values kept, absent keys left out. */
final class Trees {

    /** A value that leaves its key out of the map (unlike null, which is written as null). */
    static final Object ABSENT = new Object() {
        @Override
        public String toString() {
            return "(absent)";
        }
    };

    /** Writes deeper than Jackson's default limit of 1,000, so that readers' limits are reached and tried. */
    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .streamWriteConstraints(StreamWriteConstraints.builder().maxNestingDepth(100_000).build()).build());
    private static final YAMLMapper YAML = new YAMLMapper();

    private Trees() {
    }

    static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            if (keysAndValues[i + 1] != ABSENT) {
                m.put((String) keysAndValues[i], keysAndValues[i + 1]);
            }
        }
        return m;
    }

    /** A deep copy, so that a mangled or planted tree never changes the one it came from (jqwik reuses values). */
    @SuppressWarnings("unchecked")
    static <T> T copy(T tree) {
        if (tree instanceof Map<?, ?> m) {
            Map<Object, Object> c = new LinkedHashMap<>();
            m.forEach((k, v) -> c.put(k, copy(v)));
            return (T) c;
        }
        if (tree instanceof List<?> l) {
            List<Object> c = new ArrayList<>(l.size());
            l.forEach(v -> c.add(copy(v)));
            return (T) c;
        }
        return tree;
    }

    static String json(Object tree) {
        try {
            return JSON.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One YAML document per object, each starting with "---". */
    static String yaml(List<?> documents) {
        StringBuilder b = new StringBuilder();
        for (Object d : documents) {
            try {
                b.append(YAML.writeValueAsString(d));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        return b.toString();
    }

    /** For counterexamples: long texts cut in the middle, so a report stays readable. */
    static String shortened(String s, int max) {
        if (s.length() <= max) {
            return s;
        }
        return s.substring(0, max / 2) + "\n...(" + (s.length() - max) + " characters left out)...\n"
                + s.substring(s.length() - max / 2);
    }
}
