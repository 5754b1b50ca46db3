package io.djangoguard.properties;

import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Values people (and tools) write into Django settings variables: booleans in odd spellings,
 * integers with underscores and signs, host lists with spaces, JSON lists, unicode, control
 * characters, very long values.
 */
final class SettingValues {

    private SettingValues() {
    }

    static final List<String> BOOLEAN_WORDS = List.of("True", "true", "TRUE", "False", "false", "yes", "Yes", "y", "Y",
            "no", "n", "on", "ON", "off", "ok", "OK", "1", "0", "-1", "2", " 1 ", "", " ", "maybe", "t", "f", " true",
            "true ", "tru", "yes please", "\u0661", "\uff54rue", "1_0", "0_0", "+0", "nan", "None", "null", "~");

    static Arbitrary<String> booleans() {
        Arbitrary<String> mixedCase = Combinators.combine(Arbitraries.of("true", "false", "yes", "no", "on", "off", "ok"),
                Arbitraries.integers().between(0, 31)).as((w, mask) -> {
                    StringBuilder b = new StringBuilder(w);
                    for (int i = 0; i < w.length(); i++) {
                        if ((mask & (1 << i)) != 0) {
                            b.setCharAt(i, Character.toUpperCase(w.charAt(i)));
                        }
                    }
                    return b.toString();
                });
        return Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.of(BOOLEAN_WORDS)), Tuple.of(1, mixedCase),
                Tuple.of(1, padded(Arbitraries.of(BOOLEAN_WORDS))));
    }

    static Arbitrary<String> integers() {
        Arbitrary<String> digits = Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(12);
        Arbitrary<String> withUnderscores = Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(4).list()
                .ofMinSize(1).ofMaxSize(4).map(parts -> String.join("_", parts));
        Arbitrary<String> signed = Combinators.combine(Arbitraries.of("", "+", "-", "--", "+-"),
                Arbitraries.oneOf(digits, withUnderscores)).as(String::concat);
        Arbitrary<String> odd = Arbitraries.of("31536000", "3600", "0", "-3600", "1y", "3600.0", "1e6", "0x10", "0o17",
                "\u0663\u0666\u0660\u0660", "99999999999999999999999", "-9223372036854775808", "9223372036854775808",
                "_1", "1_", "1__0", "1 000", "\u00a0600\u00a0", "٣٦٠٠", "Infinity", "");
        return Arbitraries.frequencyOf(Tuple.of(3, signed), Tuple.of(2, odd), Tuple.of(1, padded(signed)));
    }

    static final List<String> HOSTS = List.of("shop.example.com", ".example.com", "*", "localhost", "127.0.0.1",
            "[::1]", "*.example.com", "example.com:8000", "xn--bcher-kva.example", "bücher.example", "", " ", "a b",
            "*.", ".", "host\u0000name");

    static Arbitrary<String> hostLists() {
        Arbitrary<List<String>> hosts = Arbitraries.of(HOSTS).list().ofMaxSize(5);
        Arbitrary<String> commaSeparated = Combinators.combine(hosts, Arbitraries.of(",", ", ", " ,", ",,", " , "))
                .as((h, sep) -> String.join(sep, h));
        Arbitrary<String> json = hosts.map(h -> {
            StringBuilder b = new StringBuilder("[");
            for (int i = 0; i < h.size(); i++) {
                b.append(i == 0 ? "" : ", ").append('"').append(h.get(i).replace("\\", "\\\\").replace("\"", "\\\"")
                        .replace("\u0000", "\\u0000")).append('"');
            }
            return b.append(']').toString();
        });
        Arbitrary<String> malformed = Arbitraries.of("[", "[\"a\"", "[\"a\",]", "[1, 2]", "[null]", "[\"a\"] tail",
                "[[\"a\"]]", "[{\"a\": 1}]", " [\"*\"] ", "[\"\\ud800\"]", "['a']", "[]", "[\"\\u002a\"]");
        return Arbitraries.frequencyOf(Tuple.of(3, commaSeparated), Tuple.of(2, json), Tuple.of(1, malformed));
    }

    /** Any code point but unpaired surrogates, weighted to the troublesome ones. */
    static Arbitrary<String> unicode(int maxLength) {
        Arbitrary<Character> chars = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.chars().range(' ', '~')),
                Tuple.of(2, Arbitraries.of('\u0000', '\t', '\n', '\r', '\u000b', '\u001b', '\u007f', '\u0085', '\u00a0',
                        '\u2028', '\u2029', '\ufeff', '\u200b', '\u202e', '"', '\'', '\\', '#', ':', '=', ',', '[', ']')),
                Tuple.of(2, Arbitraries.chars().range('\u00a1', '\ud7ff')),
                Tuple.of(1, Arbitraries.chars().range('\ue000', '\ufffd')));
        Arbitrary<String> bmp = chars.list().ofMaxSize(maxLength).map(SettingValues::join);
        Arbitrary<String> astral = Arbitraries.of("\ud83d\udd11", "\ud835\udfd9", "\ud800\udc00");
        return Combinators.combine(bmp, astral.list().ofMaxSize(2), Arbitraries.integers().between(0, 64))
                .as((s, extra, at) -> {
                    // Inserted where s has only BMP characters, and all astral ones at the same place: pairs stay whole.
                    int i = Math.min(at, s.length());
                    return s.substring(0, i) + String.join("", extra) + s.substring(i);
                });
    }

    static Arbitrary<String> longValues() {
        return Combinators.combine(Arbitraries.of("a", "True,", "*,", "0", " ", "\u00e9", "x\n"),
                Arbitraries.integers().between(100, 20_000)).as((unit, n) -> unit.repeat(Math.max(1, n / unit.length())));
    }

    /** Any value a settings variable might hold. */
    static Arbitrary<String> any() {
        return Arbitraries.frequencyOf(
                Tuple.of(4, booleans()),
                Tuple.of(3, integers()),
                Tuple.of(3, hostLists()),
                Tuple.of(2, unicode(40)),
                Tuple.of(1, longValues()),
                Tuple.of(1, Arbitraries.of("django-insecure-0123456789abcdefghijklmnopqrstuvwxyz0123456789",
                        "changeme", "shop.settings.production", "/run/secrets/django-key", "secret_key")));
    }

    private static Arbitrary<String> padded(Arbitrary<String> values) {
        return Combinators.combine(Arbitraries.of(" ", "\t", "\n", "\u00a0", "\r\n", ""), values,
                Arbitraries.of(" ", "\t", "\n", "", "\u3000")).as((a, v, b) -> a + v + b);
    }

    private static String join(List<Character> chars) {
        StringBuilder b = new StringBuilder(chars.size());
        chars.forEach(b::append);
        return b.toString();
    }
}
