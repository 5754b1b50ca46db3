package io.djangoguard.properties;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.djangoguard.audit.UnreadableManifest;
import io.djangoguard.engine.Profile;
import io.djangoguard.properties.HostileText.Hostile;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Issue 8: whatever text reaches the manifest reader (POST /audit, the command line), it either
 * reads documents (which the audit then judges and reports in every format) or refuses with an
 * {@link UnreadableManifest} that names the document or line and never quotes a planted value.
 * Nothing else comes out: no StackOverflowError, no RuntimeException.
 *
 * <p>Inputs here are hostile but modest (nesting to 300 levels, at most 5^4 alias leaves); the
 * bombs and thousands of levels are {@link ManifestLimitsPropertiesTest}.
 */
class ManifestReaderPropertiesTest {

    static final String FILE = "hostile.yaml";

    @Provide
    Arbitrary<Hostile> hostile() {
        return HostileText.any();
    }

    @Property(tries = 1000)
    void readsOrRefusesNamingWhereWithoutQuoting(@ForAll("hostile") Hostile input) {
        Doors.Audited audited;
        String logs;
        try (LogCapture capture = LogCapture.start()) {
            audited = Doors.audit(new Doors.Policy(Profile.DECLARED, true, false), Doors.SERVER_READER, input.text(), FILE, null);
            logs = capture.text();
        } catch (StackOverflowError | RuntimeException e) {
            throw new AssertionError("the reader or the audit threw " + e, e);
        }
        Planted.assertNotIn(input.marker(), "a log line", logs);
        UnreadableManifest refusal = audited.refusal();
        if (refusal != null) {
            Planted.assertNotIn(input.marker(), "the UnreadableManifest message", refusal.getMessage());
            assertNamesWhere(refusal, FILE);
            Statistics.label("outcome").collect("refused");
        } else {
            assertNotNull(audited.documents());
            Statistics.label("outcome").collect(audited.documents().isEmpty() ? "no documents" : "read and audited");
        }
    }

    /** "hostile.yaml: document 2, line 7: ..." on one line: the file, and a document or a line (or "the input"). */
    static void assertNamesWhere(UnreadableManifest e, String file) {
        String m = e.getMessage();
        assertTrue(m.startsWith(file + ": "), "the message names the file: " + m);
        // a document or a line, unless the whole input is refused (it is over the length budget)
        assertTrue(e.document() > 0 || e.line() > 0 || m.startsWith(file + ": the input is "),
                "the message names a document or a line: " + m);
        assertFalse(m.contains("\n") || m.contains("\r"), "the message is one line: " + HostileText.visible(m));
        assertFalse(m.contains("Exception") || m.contains("org.snakeyaml") || m.contains("com.fasterxml"),
                "the message shows the implementation: " + m);
    }
}
