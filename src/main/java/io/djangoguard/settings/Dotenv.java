package io.djangoguard.settings;

import java.util.ArrayList;
import java.util.List;

/** Reads dotenv-style text ({@code KEY=VALUE}, {@code export KEY=VALUE}, quotes, # comments). */
public final class Dotenv {

    private Dotenv() {
    }

    public record Line(String name, String value, int number) {
    }

    /** Whether a ConfigMap data key holds dotenv text rather than one value. */
    public static boolean isDotenvKey(String key) {
        return key.equals(".env") || key.endsWith(".env") || key.startsWith(".env.");
    }

    public static List<Line> parse(String text) {
        List<Line> lines = new ArrayList<>();
        int number = 0;
        for (String line : text.split("\r?\n", -1)) {
            number++;
            String s = line.strip();
            if (s.isEmpty() || s.startsWith("#")) {
                continue;
            }
            if (s.startsWith("export ")) {
                s = s.substring(7).stripLeading();
            }
            int eq = s.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String name = s.substring(0, eq).strip();
            if (!isVariableName(name)) {
                continue;
            }
            lines.add(new Line(name, unquote(s.substring(eq + 1).strip()), number));
        }
        return lines;
    }

    private static String unquote(String v) {
        if (v.length() >= 2) {
            char q = v.charAt(0);
            if ((q == '"' || q == '\'') && v.charAt(v.length() - 1) == q) {
                return v.substring(1, v.length() - 1);
            }
        }
        // An unquoted value ends at an inline comment.
        int hash = v.indexOf(" #");
        return hash >= 0 ? v.substring(0, hash).strip() : v;
    }

    static boolean isVariableName(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = c == '_' || c == '-' || c == '.' || Character.isLetterOrDigit(c);
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
