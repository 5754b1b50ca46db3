package io.djangoguard.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * helm's {@code --set} syntax taken apart into the single key/value pairs helm-java takes: {@code a=1,b=2} is two
 * pairs, {@code \,} a comma in a value, and {@code list={x,y}} the items {@code list[0]=x}, {@code list[1]=y}.
 * helm-java escapes the value, so Helm types each as --set would (true, 1, null) without reading it as syntax.
 */
final class SetValues {

    private SetValues() {
    }

    static List<String[]> split(String assignments) {
        List<String[]> pairs = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int depth = 0;
        for (int i = 0; i < assignments.length(); i++) {
            char c = assignments.charAt(i);
            if (c == '\\' && i + 1 < assignments.length()) {
                current.append(c).append(assignments.charAt(++i));
                continue;
            }
            if (c == '{') {
                depth++;
            } else if (c == '}' && depth > 0) {
                depth--;
            } else if (c == ',' && depth == 0) {
                pairs.add(pair(current.toString(), assignments));
                current.setLength(0);
                continue;
            }
            current.append(c);
        }
        pairs.add(pair(current.toString(), assignments));
        return pairs;
    }

    static Map<String, Object> pairs(String assignments) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String[] pair : split(assignments)) {
            String key = pair[0];
            String value = pair[1];
            if (value.startsWith("{") && value.endsWith("}")) {
                String inner = value.substring(1, value.length() - 1);
                if (inner.isEmpty()) {
                    // helm-java takes one value per key: an empty list has no item to give it
                    throw new IllegalArgumentException("--set " + assignments + ": an empty list ({}) cannot be set here; "
                            + "give it in a --values file");
                }
                List<String> items = items(inner);
                for (int i = 0; i < items.size(); i++) {
                    out.put(key + "[" + i + "]", items.get(i));
                }
            } else {
                out.put(key, unescape(value));
            }
        }
        return out;
    }

    private static List<String> items(String inner) {
        List<String> items = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (int i = 0; i < inner.length(); i++) {
            char c = inner.charAt(i);
            if (c == '\\' && i + 1 < inner.length()) {
                current.append(inner.charAt(++i));
            } else if (c == ',') {
                items.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        items.add(current.toString());
        return items;
    }

    private static String unescape(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' && i + 1 < value.length()) {
                c = value.charAt(++i);
            }
            out.append(c);
        }
        return out.toString();
    }

    private static String[] pair(String assignment, String whole) {
        int eq = assignment.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException("--set " + whole + ": \"" + assignment + "\" is not key=value");
        }
        return new String[] { assignment.substring(0, eq), assignment.substring(eq + 1) };
    }
}
