package io.djangoguard.settings;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * Reads raw strings the way django-environ does, so that django-guard sees the value the
 * application will see. Where django-environ silently falls back (a boolean spelled
 * {@code "maybe"} is False), the reading keeps Django's value and also says it was not readable.
 */
public final class ValueReader {

    private static final Set<String> TRUE_WORDS = Set.of("true", "on", "ok", "y", "yes", "1");
    /** Spellings django-environ reads as False that are plainly meant that way. */
    private static final Set<String> FALSE_WORDS = Set.of("false", "off", "no", "n", "0", "");
    private static final JsonFactory JSON = new JsonFactory();

    private ValueReader() {
    }

    /** A value as the application sees it; {@code problem} is non-null when the raw text was not readable. */
    public record Reading<T>(T value, String problem) {
        public boolean readable() {
            return problem == null;
        }
    }

    /** As the current pair (Django 5.2, django-environ 0.12) reads it. */
    public static Reading<Boolean> bool(String raw) {
        return bool(raw, DjangoVersion.DJANGO_5_2);
    }

    /** django-environ's cast to bool: an integer is true when not 0, else one of its true words (0.10+: stripped). */
    public static Reading<Boolean> bool(String raw, DjangoVersion version) {
        String text = version.stripsBooleans() ? raw.strip() : raw;
        Long asInt = pythonInt(text);
        if (asInt != null) {
            return new Reading<>(asInt != 0, null);
        }
        String lower = text.toLowerCase(Locale.ROOT);
        if (TRUE_WORDS.contains(lower)) {
            return new Reading<>(true, null);
        }
        if (FALSE_WORDS.contains(lower)) {
            return new Reading<>(false, null);
        }
        String stripped = raw.strip().toLowerCase(Locale.ROOT);
        if (!version.stripsBooleans() && (TRUE_WORDS.contains(stripped))) {
            return new Reading<>(false, "has spaces around it: django-environ before 0.10 reads it as False, 0.10 and later as "
                    + "True (it strips the value first); write it without them");
        }
        return new Reading<>(false, "is not a boolean django-environ knows (it reads it as False); use True or False");
    }

    /** An integer as Python's int() parses it; value null when it does not parse. */
    public static Reading<Long> integer(String raw) {
        Long v = pythonInt(raw);
        if (v == null) {
            return new Reading<>(null, "is not a whole number");
        }
        return new Reading<>(v, null);
    }

    /**
     * A list as django-environ's env.list reads it, in every version: split on commas, empty items dropped, and nothing
     * else: an entry keeps the spaces around it and JSON is not parsed ({@code ["a","b"]} is the entries {@code ["a"}
     * and {@code "b"]}). Django compares host patterns exactly, so such an entry matches no host: the value is then
     * read as Django has it and its problem says which entry.
     */
    public static Reading<List<String>> list(String raw) {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= raw.length(); i++) {
            if (i == raw.length() || raw.charAt(i) == ',') {
                if (i > start) {
                    out.add(raw.substring(start, i));
                }
                start = i + 1;
            }
        }
        String problem = null;
        for (int i = 0; i < out.size() && problem == null; i++) {
            String entry = out.get(i);
            if (!entry.equals(entry.strip())) {
                problem = "has the entry " + named(entry, i) + " with spaces around it: Django compares entries exactly (it does "
                        + "not trim them), so that entry matches nothing" + (entry.strip().equals("*") ? " and is no wildcard" : "")
                        + "; separate entries with a comma alone";
            } else if (entry.startsWith("[") || entry.endsWith("]") || entry.indexOf('"') >= 0 || entry.indexOf('\'') >= 0) {
                problem = "has the entry " + named(entry, i) + " with JSON or quote characters in it: django-environ does not "
                        + "parse JSON, it splits on commas, so that entry matches nothing; write a,b";
            }
        }
        return new Reading<>(out, problem);
    }

    /** A list entry as a problem names it: quoted when harmless, else by its place (only once there is a problem). */
    private static String named(String entry, int index) {
        return Echo.harmless(entry.strip()) && entry.length() <= 80 ? "\"" + Echo.printable(entry) + "\"" : "number " + (index + 1);
    }

    /** A JSON array of strings, for an application that parses one (a preset says so); entries as written. */
    public static Reading<List<String>> json(String raw) {
        return jsonList(raw.strip());
    }

    /** A settings file's list, written as a JSON array of its entries exactly as Python has them. */
    static List<String> literalList(String json) {
        List<String> out = new ArrayList<>();
        try (JsonParser p = JSON.createParser(json)) {
            p.nextToken();
            while (p.nextToken() == JsonToken.VALUE_STRING) {
                out.add(p.getText());
            }
        } catch (java.io.IOException e) {
            return List.of();
        }
        return out;
    }

    private static Reading<List<String>> jsonList(String raw) {
        List<String> out = new ArrayList<>();
        try (JsonParser p = JSON.createParser(raw)) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                return new Reading<>(List.of(), "is not a JSON array");
            }
            JsonToken t;
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                if (t != JsonToken.VALUE_STRING) {
                    return new Reading<>(List.of(), "is a JSON array with an entry that is not a string");
                }
                out.add(p.getText());
            }
            if (p.nextToken() != null) {
                return new Reading<>(List.of(), "has text after its JSON array");
            }
        } catch (java.io.IOException e) {
            // The parser's message may quote the value; say only what is wrong.
            return new Reading<>(List.of(), "starts with '[' but is not a valid JSON array");
        }
        return new Reading<>(out, null);
    }

    /**
     * Python's int(str): surrounding whitespace, an optional sign, decimal digits (any script)
     * with single underscores between them. Null when it does not parse or overflows a long.
     */
    static Long pythonInt(String raw) {
        int start = 0;
        int end = raw.length();
        while (start < end && isPythonSpace(raw.charAt(start))) {
            start++;
        }
        while (end > start && isPythonSpace(raw.charAt(end - 1))) {
            end--;
        }
        if (start == end) {
            return null;
        }
        boolean negative = false;
        char first = raw.charAt(start);
        if (first == '+' || first == '-') {
            negative = first == '-';
            start++;
        }
        if (start == end) {
            return null;
        }
        long value = 0;
        boolean lastWasDigit = false;
        for (int i = start; i < end; i++) {
            char c = raw.charAt(i);
            if (c == '_') {
                if (!lastWasDigit || i == end - 1) {
                    return null;
                }
                lastWasDigit = false;
                continue;
            }
            int d = Character.digit(c, 10);
            if (d < 0) {
                return null;
            }
            if (value > (Long.MAX_VALUE - d) / 10) {
                return null;
            }
            value = value * 10 + d;
            lastWasDigit = true;
        }
        return negative ? -value : value;
    }

    private static boolean isPythonSpace(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c);
    }
}
