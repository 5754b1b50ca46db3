package io.djangoguard.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class KnownKeysTest {

    private final KnownKeys keys = KnownKeys.builtIn();

    @ParameterizedTest
    @ValueSource(strings = {"changeme", "CHANGE_ME", "ChangeMe123", "change-me-in-production", "override-me",
            "your-secret-key", "YOUR_SECRET_KEY_HERE", "<your-secret-key>", "{{ secret_key }}", "${DJANGO_SECRET_KEY}",
            "REPLACE_WITH_A_LONG_RANDOM_STRING", "replace-this-with-a-50-character-random-string-of-your-own-please",
            "secret", "secretkey", "super-secret-key", "django-secret-key", "my_dev_secret", "notasecret", "insecure-key",
            "TODO", "example-key-do-not-use", "dummy", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
            "abcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabc", "0123456789", "abcdefghijklmnopqrstuvwxyz",
            "Seekrit", "hunter two", "django-insecure-#a9z!q2w8e&r4t(y)u7i*o0p^s5d=f+g3h%j1k@l6x$c"})
    void shapesNobodyGeneratedAreKnown(String key) {
        assertNotNull(keys.why(key), key);
    }

    /** Django's own generator: 50 characters of a-z, 0-9 and !@#$%^&*(-_=+). Not one of 20,000 may be flagged. */
    @Test
    void keysDjangoGeneratesAreNeverFlagged() {
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789!@#$%^&*(-_=+)";
        Random random = new Random(20261203); // fixed: a test that fails must fail again
        for (int n = 0; n < 20_000; n++) {
            StringBuilder k = new StringBuilder();
            for (int i = 0; i < 50; i++) {
                k.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            assertNull(keys.why(k.toString()), "a generated key was flagged");
        }
    }

    /** secrets.token_urlsafe(50) and base64 of random bytes: mixed case, where camel-case splitting finds "words". */
    @Test
    void urlSafeTokensAreNeverFlagged() {
        Random random = new Random(20261203); // fixed: a test that fails must fail again
        for (int n = 0; n < 20_000; n++) {
            byte[] b = new byte[50];
            random.nextBytes(b);
            String k = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(b);
            assertNull(keys.why(k), "a token was flagged");
        }
    }

    @Test
    void aPublishedKeyIsMatchedByItsDigestAndSaysWhere() {
        String key = "q8$w^m1z!r6t-h@v3k(b0n)x7y=c2j+e5u*g9p&f4s#d_a_l";
        assertNull(keys.why(key));
        KnownKeys more = keys.with(List.of("sha256:" + KnownKeys.digest(key).toUpperCase()), "our leaked key");
        assertEquals("it is a published key (our leaked key)", more.why(key));
        assertEquals("it is a published key (our leaked key)", more.why(" " + key + "\n"), "a padded copy is the same key");
        assertEquals(keys.size() + 1, more.size());
    }

    @Test
    void aConfiguredEntryThatIsNoDigestIsRefusedWithoutQuotingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> keys.with(List.of(KnownKeys.digest("a"), "my-real-production-key-pasted-by-mistake"), "config"));
        assertTrue(e.getMessage().startsWith("entry 2 is not a SHA-256 digest"), e.getMessage());
        assertFalse(e.getMessage().contains("pasted"), e.getMessage());
    }

    @Test
    void theBuiltInListIsWellFormedAndCitesEachKey() throws Exception {
        try (var in = KnownKeys.class.getClassLoader().getResourceAsStream(KnownKeys.RESOURCE)) {
            List<String> lines = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
            for (String l : lines) {
                String[] parts = l.split(" ", 2);
                assertTrue(KnownKeys.isDigest(parts[0]), l);
                assertTrue(parts.length == 2 && parts[1].strip().length() > 10, "every digest says where it was found: " + l);
            }
            assertEquals(lines.size(), keys.size(), "no digest twice");
        }
    }

    /** Every placeholder found in public repositories while building the list, caught by its shape alone. */
    @Test
    void everyPlaceholderSeenInPublicRepositoriesIsCaughtByItsShape() throws Exception {
        List<String> missed = new java.util.ArrayList<>();
        int n = 0;
        for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("src/test/resources/known-keys/placeholders.tsv"))) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            n++;
            String placeholder = line.split("\t")[0];
            if (KnownKeys.shape(placeholder) == null) {
                missed.add(line);
            }
        }
        assertTrue(n > 50, "the research list is there");
        assertEquals(List.of(), missed);
    }

    @Test
    void aKeyPublishedByAnApplicationIsKnownWithWhereItWasFound() {
        // netbox-docker's env/netbox.env default: random-looking, caught only by its digest
        String key = "r(m)9nLGnz$(_q3N4z1k(EFsMCjjjzx08x9VhNVcfd%6RF#r!6DE@+V5Zk2X";
        assertNull(KnownKeys.shape(key));
        assertEquals("it is a published key (an example environment file: netbox-community/netbox-docker env/netbox.env at "
                + "27bf52cf3ea8)", keys.why(key));
    }
}
