package io.djangoguard.settings;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Secret keys that are no secret: keys published as defaults and examples (held only as SHA-256 digests, with where
 * each was found: {@code src/main/resources/known-secret-keys.txt}), and the shapes of keys nobody generated:
 * placeholders, plain words, repeated patterns, unexpanded references. What it says of a key never quotes the key.
 */
public final class KnownKeys {

    static final String RESOURCE = "known-secret-keys.txt";
    private static final HexFormat HEX = HexFormat.of();

    /**
     * Words that mark a key as written to be replaced. Matched as whole words of the key (split at anything not a
     * letter and at lower-to-upper case changes), so a random key that happens to hold the letters is not one.
     */
    private static final Set<String> PLACEHOLDER_WORDS = Set.of("change", "changeme", "changethis", "replace", "replaceme",
            "override", "overrideme", "secret", "secretkey", "mysecret", "supersecret", "example", "sample", "your", "yours",
            "todo", "fixme", "tbd", "insecure", "unsafe", "placeholder", "dummy", "fake", "default", "test", "testing",
            "dev", "development", "devel", "local", "demo", "notsecret", "notasecret", "foo", "bar", "foobar", "baz",
            "password", "passw", "passwd", "qwerty", "letmein", "key", "xxx", "xxxx", "abc", "setme", "set", "here",
            "generate", "generated", "random", "put", "insert", "enter", "fill", "django", "private", "dont", "do", "not",
            "use", "production", "prod", "must", "should", "please");
    /** Of the words above, the ones that alone say the key was never meant to be used. */
    private static final Set<String> TELLING_WORDS = Set.of("change", "changeme", "changethis", "replace", "replaceme",
            "override", "overrideme", "example", "sample", "your", "yours", "todo", "fixme", "insecure", "unsafe",
            "placeholder", "dummy", "fake", "notsecret", "notasecret", "setme", "qwerty", "letmein", "foobar");

    /** {@code %(secret_key)s} and {@code @SECRET_KEY@}, left by a template nobody filled in; a generated key may hold % and @. */
    private static final java.util.regex.Pattern PRINTF_OR_TOKEN = java.util.regex.Pattern.compile("%\\([A-Za-z_]+\\)s|@[A-Z][A-Z0-9_]*@");

    private final Map<String, String> published;

    private KnownKeys(Map<String, String> published) {
        this.published = published;
    }

    /** The built-in list. */
    public static KnownKeys builtIn() {
        return BuiltIn.KEYS;
    }

    /** The built-in list with more digests (64 hexadecimal characters each, from configuration). */
    public KnownKeys with(Collection<String> digests, String origin) {
        Map<String, String> all = new HashMap<>(published);
        int position = 0;
        for (String d : digests) {
            position++;
            String digest = d.strip().toLowerCase(Locale.ROOT);
            if (digest.startsWith("sha256:")) {
                digest = digest.substring("sha256:".length());
            }
            if (!isDigest(digest)) {
                // never quoted: someone may have pasted the key itself instead of its digest
                throw new IllegalArgumentException("entry " + position + " is not a SHA-256 digest (64 hexadecimal "
                        + "characters: printf %s \"$KEY\" | sha256sum); give digests, never the keys");
            }
            all.putIfAbsent(digest, origin);
        }
        return new KnownKeys(Map.copyOf(all));
    }

    /** How many published keys are known. */
    public int size() {
        return published.size();
    }

    /**
     * Why the key is no secret, in words that never quote it ({@code "it is published: the default of ..."}), or null
     * when nothing marks it.
     */
    public String why(String key) {
        if (key == null || key.isEmpty()) {
            return null;
        }
        String where = published.get(digest(key));
        if (where == null && !key.equals(key.strip())) {
            where = published.get(digest(key.strip()));
        }
        if (where != null) {
            return "it is a published key (" + where + ")";
        }
        return shape(key);
    }

    /** The shape that marks a key as never generated, or null. */
    static String shape(String key) {
        String k = key.strip();
        if (k.startsWith("django-insecure-")) {
            return "it starts with \"django-insecure-\": startproject wrote it into a settings.py meant for development, "
                    + "which is in the project's repository";
        }
        if (k.startsWith("${") && k.endsWith("}") || k.startsWith("{{") && k.endsWith("}}") || k.startsWith("<") && k.endsWith(">")
                || PRINTF_OR_TOKEN.matcher(k).matches()) {
            return "it is an unexpanded template or variable reference, taken literally as the key";
        }
        String words = words(k);
        if (words != null) {
            return words;
        }
        if (k.length() >= 4 && isRepetition(k)) {
            return "it is one short pattern repeated";
        }
        if (k.length() >= 4 && isSequence(k)) {
            return "it is a run of consecutive characters (abc..., 123...)";
        }
        if (k.length() <= 40 && isWordLike(k)) {
            return "it is a word or a phrase of letters, not a random key";
        }
        return null;
    }

    /** A key made of placeholder words only, or holding a word that alone tells it was never meant to be used. */
    private static String words(String k) {
        int letters = 0;
        int wordCount = 0;
        int placeholder = 0;
        int placeholderLetters = 0;
        boolean telling = false;
        boolean shortTelling = false;
        int i = 0;
        int n = k.length();
        while (i < n) {
            if (!Character.isLetter(k.charAt(i))) {
                i++;
                continue;
            }
            int start = i;
            i++;
            while (i < n && Character.isLetter(k.charAt(i))
                    && !(Character.isUpperCase(k.charAt(i)) && Character.isLowerCase(k.charAt(i - 1)))) {
                i++;
            }
            String w = k.substring(start, i).toLowerCase(Locale.ROOT);
            letters += w.length();
            wordCount++;
            if (PLACEHOLDER_WORDS.contains(w)) {
                placeholder++;
                // alone it tells only between separators ("your_key", "change-me"): a camel-case split of a random
                // token ("x9Your") would find it in one token of many thousands
                // (a camel-case edge counts for words of five letters or more: "dummyKey", "ChangeMe" is caught as a word)
                boolean camel = w.length() >= 5;
                boolean separated = (start == 0 || !Character.isLetter(k.charAt(start - 1)) || camel)
                        && (i == n || !Character.isLetter(k.charAt(i)) || camel);
                placeholderLetters += w.length();
                if (separated && TELLING_WORDS.contains(w)) {
                    // a short word ("your", "todo", "fake") turns up between symbols of one generated key in ~100,000:
                    // alone it tells only in a key mostly made of such words
                    telling |= w.length() >= 5;
                    shortTelling = true;
                }
            }
        }
        if (telling || shortTelling && placeholderLetters * 2 >= letters) {
            return "it reads as a placeholder (a word such as change, replace, example or your)";
        }
        // every word of it is one of the words above: "django-secret-key", "my_dev_secret"
        if (wordCount > 0 && placeholder == wordCount && letters * 2 >= k.replaceAll("[^\\p{Alnum}]", "").length()) {
            return "it is made of words such as secret, key, django or dev, not generated";
        }
        return null;
    }

    /** The whole key is a block of at most 16 characters repeated ({@code abcabcabc}, {@code xxxxxxxx}). */
    private static boolean isRepetition(String k) {
        int n = k.length();
        for (int p = 1; p <= Math.min(16, n / 2); p++) {
            boolean repeats = true;
            for (int i = p; i < n && repeats; i++) {
                repeats = k.charAt(i) == k.charAt(i - p);
            }
            if (repeats) {
                return true;
            }
        }
        return false;
    }

    /** Nearly every character follows the one before it ({@code abcdefgh}, {@code 0123456789}, {@code 9876}). */
    private static boolean isSequence(String k) {
        int steps = 0;
        for (int i = 1; i < k.length(); i++) {
            int d = Character.toLowerCase(k.charAt(i)) - Character.toLowerCase(k.charAt(i - 1));
            if (d == 1 || d == -1) {
                steps++;
            }
        }
        return steps * 10 >= (k.length() - 1) * 8;
    }

    /** Letters, with perhaps separators and a few digits at the end ({@code Seekrit}, {@code my secret 2024}). */
    private static boolean isWordLike(String k) {
        int letters = 0;
        int digits = 0;
        for (int i = 0; i < k.length(); i++) {
            char c = k.charAt(i);
            if (Character.isLetter(c)) {
                letters++;
            } else if (Character.isDigit(c)) {
                digits++;
            } else if (c != ' ' && c != '-' && c != '_' && c != '.') {
                return false;
            }
        }
        return letters >= 3 && digits <= 4 && Character.isLetter(k.charAt(0));
    }

    static boolean isDigest(String s) {
        if (s.length() != 64) {
            return false;
        }
        for (int i = 0; i < 64; i++) {
            if (Character.digit(s.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    static String digest(String key) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** The resource, read once. */
    private static final class BuiltIn {
        static final KnownKeys KEYS = load();

        private static KnownKeys load() {
            Map<String, String> m = new HashMap<>();
            try (InputStream in = KnownKeys.class.getClassLoader().getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException(RESOURCE + " is missing from the class path");
                }
                BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
                String line;
                int number = 0;
                while ((line = r.readLine()) != null) {
                    number++;
                    line = line.strip();
                    if (line.isEmpty() || line.startsWith("#")) {
                        continue;
                    }
                    int space = line.indexOf(' ');
                    String digest = space < 0 ? line : line.substring(0, space);
                    if (!isDigest(digest)) {
                        throw new IllegalStateException(RESOURCE + " line " + number + ": not a SHA-256 digest");
                    }
                    String where = space < 0 ? "published" : line.substring(space).strip();
                    m.putIfAbsent(digest, where);
                }
            } catch (IOException e) {
                throw new IllegalStateException(RESOURCE + " could not be read", e);
            }
            return new KnownKeys(Map.copyOf(m));
        }
    }
}
