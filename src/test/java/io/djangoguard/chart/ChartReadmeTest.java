package io.djangoguard.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * The chart's README documents every value of values.yaml in its values table, with the right default, and
 * nothing that is not a value.
 */
class ChartReadmeTest {

    /** Maps documented as one row rather than key by key. */
    static final Set<String> OPAQUE = Set.of("resources");

    private static final Pattern ROW = Pattern.compile("(?m)^\\| `([^`]+)` \\| (.*?) \\| (.*) \\|$");

    /** The dotted paths of values.yaml's leaves: scalars, lists, empty maps, and the OPAQUE maps. */
    static List<String> leafKeys(Map<String, Object> values) {
        List<String> out = new ArrayList<>();
        leafKeys("", values, out);
        return out;
    }

    @SuppressWarnings("unchecked")
    private static void leafKeys(String prefix, Map<String, Object> map, List<String> out) {
        for (Map.Entry<String, Object> e : map.entrySet()) {
            String key = prefix + e.getKey();
            if (e.getValue() instanceof Map<?, ?> m && !m.isEmpty() && !OPAQUE.contains(key)) {
                leafKeys(key + ".", (Map<String, Object>) m, out);
            } else {
                out.add(key);
            }
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> values() throws IOException {
        return Rendered.SERIALIZATION.unmarshal(Files.readString(Helm.CHART.resolve("values.yaml")), Map.class);
    }

    @Test
    void theValuesTableDocumentsEveryValueWithItsDefault() throws IOException {
        Map<String, Object> values = values();
        List<String> keys = leafKeys(values);
        String readme = Files.readString(Helm.CHART.resolve("README.md"));
        Map<String, String> rows = new LinkedHashMap<>();
        Matcher m = ROW.matcher(readme);
        while (m.find()) {
            rows.put(m.group(1), m.group(2));
        }
        Set<String> missing = new TreeSet<>(keys);
        missing.removeAll(rows.keySet());
        assertEquals(Set.of(), missing, "values not in the README's values table");
        Set<String> extra = new TreeSet<>(rows.keySet());
        keys.forEach(extra::remove);
        assertEquals(Set.of(), extra, "rows of the README's values table that are not values");

        for (String key : keys) {
            Object value = get(values, key);
            String cell = rows.get(key);
            if (value instanceof Map<?, ?> map && !map.isEmpty() || value instanceof Collection<?> c && !c.isEmpty()) {
                continue; // described in words
            }
            assertEquals("`" + shown(value) + "`", cell, "the default of " + key + " in the README");
        }
    }

    @Test
    void theReadmeNamesEveryRuleAndSetting() throws IOException {
        String readme = Files.readString(Helm.CHART.resolve("README.md"));
        io.djangoguard.rules.RuleCatalog.all().forEach(r -> assertTrue(readme.contains("`" + r.id() + "`"), r.id()));
        for (io.djangoguard.settings.DjangoSetting s : io.djangoguard.settings.DjangoSetting.values()) {
            assertTrue(readme.contains("`" + s.configKey() + "`"), s.configKey());
        }
    }

    @SuppressWarnings("unchecked")
    private static Object get(Map<String, Object> values, String key) {
        Object cur = values;
        for (String part : key.split("\\.")) {
            cur = ((Map<String, Object>) cur).get(part);
        }
        return cur;
    }

    private static String shown(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof String s) {
            return s.isEmpty() ? "\"\"" : s;
        }
        if (value instanceof Map<?, ?>) {
            return "{}";
        }
        if (value instanceof Collection<?>) {
            return "[]";
        }
        if (value instanceof Number n) {
            return new BigDecimal(n.toString()).stripTrailingZeros().toPlainString();
        }
        return value.toString();
    }
}
