package io.djangoguard.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.djangoguard.audit.ManifestReader;
import io.djangoguard.audit.UnreadableManifest;
import io.djangoguard.cli.AuditCommand;
import io.djangoguard.cli.Inputs;
import io.djangoguard.properties.HostileText.Nesting;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Issue 8's YAML bombs, recursive aliases and thousands of levels: the reader must refuse them
 * with an UnreadableManifest naming the document (the command line with exit status 2), within
 * a second at the chart's 384 MiB heap, and never with a StackOverflowError or an exhausted heap.
 *
 * <p>EXPECTED TO FAIL until ManifestReader bounds expansion and depth (the rewrite for issue 8):
 * today the bombs expand exponentially and deep or recursive documents overflow the stack. The
 * bombs run in a child JVM with -Xmx384m and a deadline, so that today they cost that JVM, not
 * the build's.
 */
class ManifestLimitsPropertiesTest {

    static final String FILE = "limits.yaml";

    /** Issue 8's 561-byte alias bomb: nine levels of nine-element lists, each an alias of the level below (9^9 leaves). */
    static String aliasBomb() {
        StringBuilder b = new StringBuilder("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: bomb}\n");
        b.append("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (char level = 'b'; level <= 'i'; level++) {
            char below = (char) (level - 1);
            b.append(level).append(": &").append(level).append(" [");
            for (int i = 0; i < 9; i++) {
                b.append(i == 0 ? "" : ",").append('*').append(below);
            }
            b.append("]\n");
        }
        return b.toString();
    }

    /** A merge-key bomb of the same size: each level merges the one below and holds it eight times more. */
    static String mergeKeyBomb() {
        StringBuilder b = new StringBuilder("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: bomb}\n");
        b.append("a: &a {a0: lol, a1: lol, a2: lol, a3: lol, a4: lol, a5: lol, a6: lol, a7: lol, a8: lol}\n");
        for (char level = 'b'; level <= 'i'; level++) {
            char below = (char) (level - 1);
            b.append(level).append(": &").append(level).append(" {<<: *").append(below);
            for (int i = 0; i < 8; i++) {
                b.append(", ").append(level).append(i).append(": *").append(below);
            }
            b.append("}\n");
        }
        b.append("data:\n  <<: *i\n");
        return b.toString();
    }

    // ---- the bombs, each in a child JVM the size of the chart's ----

    @Example
    void aliasBombIsRefusedAt384MiB() throws Exception {
        assertRefusedInChild("alias", aliasBomb());
    }

    @Example
    void mergeKeyBombIsRefusedAt384MiB() throws Exception {
        assertRefusedInChild("merge", mergeKeyBomb());
    }

    static void assertRefusedInChild(String name, String bomb) throws Exception {
        assertTrue(bomb.length() < 1_000, "the bomb is small: " + bomb.length() + " bytes");
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(javaBin.toString(), "-Xmx384m", "-XX:+ExitOnOutOfMemoryError",
                "-cp", classPath, Child.class.getName(), name));
        Path output = Files.createTempFile("django-guard-bomb", ".txt");
        Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        long started = System.nanoTime();
        // Generous: a JVM starting on a busy 2-core machine, then (after the rewrite) a refusal within a second.
        boolean finished = child.waitFor(20, TimeUnit.SECONDS);
        long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        if (!finished) {
            child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        String said = Files.readString(output).strip();
        Files.delete(output);
        assertTrue(finished, "the " + name + " bomb was still being read after " + waited + " ms at -Xmx384m; output: " + said);
        assertTrue(said.startsWith("REFUSED "), "the " + name + " bomb was not refused at -Xmx384m (exit "
                + child.exitValue() + " after " + waited + " ms): " + Trees.shortened(said, 2000));
        String[] parts = said.split(" ", 3);
        long millis = Long.parseLong(parts[1]);
        System.out.println("[ManifestLimitsPropertiesTest] " + name + " bomb (" + bomb.length() + " bytes) refused in " + millis
                + " ms inside a 384 MiB JVM: " + parts[2]);
        assertTrue(millis < 5_000, "refused, but after " + millis + " ms; issue 8 asks for a second");
        assertTrue(parts[2].startsWith(FILE + ": document 1"), "the refusal names the document: " + parts[2]);
    }

    /** Reads one bomb and says how it went on one line: REFUSED ms message, READ ms documents, or CRASHED ms throwable. */
    public static final class Child {
        public static void main(String[] args) {
            String text = args[0].equals("alias") ? aliasBomb() : mergeKeyBomb();
            long started = System.nanoTime();
            String outcome;
            try {
                int documents = new ManifestReader(ManifestReader.Limits.DEFAULTS).read(text, FILE).size();
                outcome = "READ " + ms(started) + " " + documents + " documents";
            } catch (UnreadableManifest e) {
                outcome = "REFUSED " + ms(started) + " " + e.getMessage();
            } catch (Throwable t) {
                outcome = "CRASHED " + ms(started) + " " + t;
            }
            System.out.println(outcome);
            System.out.flush();
            Runtime.getRuntime().halt(0);
        }

        private static long ms(long started) {
            return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        }
    }

    // ---- recursion and depth, in this JVM (a StackOverflowError is caught here) ----

    static final String RECURSIVE_SEQUENCE = "apiVersion: example.com/v1\nkind: Loop\nmetadata: {name: loop}\nspec: &a [*a]\n";
    static final String RECURSIVE_MAPPING = "apiVersion: example.com/v1\nkind: Loop\nmetadata: {name: loop}\nspec: &a {self: *a}\n";
    static final String RECURSIVE_MERGE = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: loop}\ndata: &a\n  <<: *a\n  K: v\n";

    @Example
    void recursiveSequenceIsRefused() {
        assertRefusedEverywhere(RECURSIVE_SEQUENCE);
    }

    @Example
    void recursiveMappingIsRefused() {
        assertRefusedEverywhere(RECURSIVE_MAPPING);
    }

    @Example
    void recursiveMergeIsReadOrRefused() {
        assertReadOrRefused(RECURSIVE_MERGE);
    }

    @Example
    void twoThousandLevelsOfBlockMappingsAreRefused() {
        assertRefusedEverywhere(HostileText.nested(Nesting.BLOCK_MAPPINGS, 2_000, true).replace(HostileText.M, "bottom"));
    }

    @Example
    void twoThousandLevelsOfFlowSequencesAreRefused() {
        assertRefusedEverywhere(HostileText.nested(Nesting.FLOW_SEQUENCES, 2_000, true).replace(HostileText.M, "bottom"));
    }

    @Example
    void twoThousandLevelsOfJsonArraysAreRefused() {
        assertRefusedEverywhere(HostileText.nested(Nesting.JSON_ARRAYS, 2_000, true).replace(HostileText.M, "bottom"));
    }

    /** Any depth to 3,000 of any shape: read, or refused naming the document; never a StackOverflowError. */
    @Property(tries = 100)
    void anyDepthIsReadOrRefused(@ForAll("depths") Deep deep) {
        Statistics.label("outcome").collect(assertReadOrRefused(deep.text()));
    }

    /** {@code depth} levels of {@code shape}; shown by its recipe, not its (long) text. */
    record Deep(Nesting shape, int depth, boolean underSpec) {
        String text() {
            return HostileText.nested(shape, depth, underSpec).replace(HostileText.M, "bottom");
        }

        @Override
        public String toString() {
            return depth + " levels of " + shape + (underSpec ? " under a document's spec" : " as the whole document");
        }
    }

    @Provide
    Arbitrary<Deep> depths() {
        return Combinators.combine(Arbitraries.of(Nesting.values()), Arbitraries.integers().between(1, 3_000),
                Arbitraries.of(true, false)).as(Deep::new);
    }

    /**
     * Read or refused by the reader, and by the command line: exit 0 or 1 when read, 2 when refused, except
     * that YAML holding no Kubernetes object at all (no apiVersion, no kind anywhere) is skipped as no
     * manifest, exit 0, and said so in the report.
     */
    static String assertReadOrRefused(String text) {
        String outcome;
        String notAManifest = null;
        try {
            new ManifestReader(ManifestReader.Limits.DEFAULTS).read(text, FILE);
            outcome = "read";
        } catch (UnreadableManifest e) {
            ManifestReaderPropertiesTest.assertNamesWhere(e, FILE);
            notAManifest = Inputs.notAManifest(text, e.problem());
            outcome = notAManifest == null ? "refused" : "skipped";
        } catch (StackOverflowError | RuntimeException e) {
            throw new AssertionError("the reader threw " + e, e);
        }
        CommandLineRun run = runCommandLine(text);
        int status = run.status();
        if (outcome.equals("skipped")) {
            assertTrue(status == AuditCommand.OK && run.stdout().contains(notAManifest),
                    "the command line exits " + status + " for what is no manifest, and says so");
        } else {
            assertTrue(outcome.equals("refused") ? status == AuditCommand.UNREADABLE : status != AuditCommand.UNREADABLE,
                    "the command line exits " + status + " for what the reader " + outcome);
        }
        return outcome;
    }

    static void assertRefusedEverywhere(String text) {
        assertEquals("refused", assertReadOrRefused(text), "the reader reads it");
        CommandLineRun run = runCommandLine(text);
        assertEquals(1, run.stderr().strip().lines().count(), "one line on standard error: " + Trees.shortened(run.stderr(), 2000));
        assertTrue(run.stderr().startsWith("django-guard: -: document 1"), "standard error names the document: " + run.stderr());
    }

    record CommandLineRun(int status, String stdout, String stderr) {
    }

    /** {@code django-guard audit -} with {@code text} on standard input. A StackOverflowError there is a crash too. */
    static CommandLineRun runCommandLine(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            status = AuditCommand.run(new String[] {"-"}, new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), o, e);
        } catch (StackOverflowError | RuntimeException e) {
            throw new AssertionError("the command line threw " + e, e);
        }
        return new CommandLineRun(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
