package io.djangoguard.settings;

import java.util.regex.Pattern;

/**
 * Which values a message may quote. Only shapes that cannot hold a secret are echoed: a short word (True, off,
 * maybe), a number, or a list of host names. Everything else is described by its length.
 */
public final class Echo {

    /** Longer values are described even when every part looks harmless: nobody needs them quoted in full. */
    static final int MAX_ECHOED = 100;

    /** Boolean spellings and their typos; eight letters carry too little entropy to be a key. */
    private static final Pattern WORD = Pattern.compile("\\s*[A-Za-z]{0,8}\\s*");
    /** Python int() forms: sign, digits, underscores, surrounding blanks. */
    private static final Pattern NUMBER = Pattern.compile("\\s*[+-]?[0-9][0-9_]{0,19}\\s*");
    /** Separators of a host list: commas, blanks, and the punctuation of a JSON array. */
    private static final Pattern LIST_SEPARATORS = Pattern.compile("[\\s,\\[\\]\"']+");
    /**
     * A host entry: "*", a dotted name (optionally with a leading dot and a port) or localhost, an IPv4 or IPv6
     * address. Labels are short, as real host names are; a long run of letters and digits is described instead.
     */
    private static final Pattern HOST = Pattern.compile(
            "\\*|\\.?(?:[A-Za-z0-9*-]{1,20}\\.)+[A-Za-z0-9-]{1,20}\\.?(?::[0-9]{1,5})?|localhost(?::[0-9]{1,5})?"
                    + "|[0-9]{1,3}(?:\\.[0-9]{1,3}){3}|[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}");

    private Echo() {
    }

    public static boolean harmless(String value) {
        if (value.length() > MAX_ECHOED) {
            return false;
        }
        if (WORD.matcher(value).matches() || NUMBER.matcher(value).matches()) {
            return true;
        }
        boolean any = false;
        for (String entry : LIST_SEPARATORS.split(value)) {
            if (entry.isEmpty()) {
                continue;
            }
            if (!HOST.matcher(entry).matches()) {
                return false;
            }
            any = true;
        }
        return any;
    }

    /** The value in quotes when it is harmless ({@code "SAMEORIGIN"}), else its length: for naming a value in a message. */
    public static String quotedOrLength(String value) {
        return harmless(value) && !value.isBlank() ? "\"" + printable(value) + "\"" : lengthOf(value);
    }

    /** "a 52-character value": what a message says instead of the value. */
    public static String lengthOf(String value) {
        int n = value.codePointCount(0, value.length());
        return n == 1 ? "a 1-character value" : "a " + n + "-character value";
    }

    /** The value with control characters, quotes and backslashes shown as '?', so a message stays one line. */
    static String printable(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            b.append(c < 0x20 || c == 0x7f || c == '"' || c == '\\' ? '?' : c);
        }
        return b.toString();
    }
}
