package io.djangoguard.properties;

import java.util.SplittableRandom;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/**
 * A high-entropy marker planted in inputs where a secret might be, and the check that no output
 * gives away any {@value #PIECE}-character piece of it.
 */
final class Planted {

    /** A piece this long is enough to recognise (and, for a key, to shorten a brute force). */
    static final int PIECE = 12;

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    private Planted() {
    }

    /**
     * Markers of 40 to 64 characters of [A-Za-z0-9+/], drawn from a seed: shrinking shrinks the
     * seed, and the marker stays as random as ever (a shrunk "AAAA..." would prove nothing).
     */
    static Arbitrary<String> markers() {
        return Arbitraries.longs().withoutEdgeCases().map(Planted::marker);
    }

    static String marker(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        while (true) {
            int length = 40 + random.nextInt(25);
            StringBuilder b = new StringBuilder(length);
            for (int i = 0; i < length; i++) {
                b.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
            String m = b.toString();
            // Mixed case and a digit: never a word, a number or a host name a rule would read.
            if (m.chars().anyMatch(Character::isUpperCase) && m.chars().anyMatch(Character::isLowerCase)
                    && m.chars().anyMatch(Character::isDigit)) {
                return m;
            }
        }
    }

    /** The first piece of {@code marker} that {@code text} contains, or null. */
    static String leakIn(String marker, String text) {
        if (text == null) {
            return null;
        }
        for (int i = 0; i + PIECE <= marker.length(); i++) {
            String piece = marker.substring(i, i + PIECE);
            if (text.contains(piece)) {
                return piece;
            }
        }
        return null;
    }

    /** Fails, naming the output and showing where, when {@code text} holds a piece of {@code marker}. */
    static void assertNotIn(String marker, String what, String text) {
        String piece = leakIn(marker, text);
        if (piece != null) {
            int at = text.indexOf(piece);
            String around = text.substring(Math.max(0, at - 160), Math.min(text.length(), at + piece.length() + 40));
            throw new AssertionError(what + " gives away " + piece.length() + "+ characters of the planted value ("
                    + piece + "): ..." + around + "...");
        }
    }
}
