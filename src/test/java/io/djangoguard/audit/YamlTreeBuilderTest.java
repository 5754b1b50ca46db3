package io.djangoguard.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What the budgets count, exactly: every node (keys too) and every character of scalar text, an alias or merge
 * key at the size of what it names each time it is used; depth in levels of lists and mappings, an alias at the
 * height of what it names. Each case reads at its exact cost and is refused one below it.
 */
class YamlTreeBuilderTest {

    static final int ROOMY = 1_000;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # YAML                                       | nodes | characters
            {a: '1'}                                     | 3     | 2
            {a: &x [1, 2], b: *x}                        | 9     | 6
            {a: &x [1, 2], b: [*x, *x]}                  | 13    | 8
            {d: &d {x: 1, y: 2}, m: {<<: *d, z: 3}}      | 17    | 14
            {d: &d {x: 1}, e: &e {y: 2}, m: {<<: [*d, *e]}} | 19 | 13
            {s: &s hello, t: *s, u: *s}                  | 7     | 18
            """)
    void aliasesAndMergeKeysCostWhatTheyNameEachTime(String yaml, long nodes, long characters) throws Exception {
        read(yaml, new ManifestReader.Limits(ROOMY, nodes, characters, 10));
        UnreadableManifest overNodes = assertThrows(UnreadableManifest.class,
                () -> read(yaml, new ManifestReader.Limits(ROOMY, nodes - 1, characters, 10)));
        assertEquals("document 1, line 1: YAML expands beyond " + (nodes - 1)
                + " nodes (aliases and merge keys count each time they are used); split the input", overNodes.getMessage());
        UnreadableManifest overCharacters = assertThrows(UnreadableManifest.class,
                () -> read(yaml, new ManifestReader.Limits(ROOMY, nodes, characters - 1, 10)));
        assertEquals("document 1, line 1: YAML expands beyond " + (characters - 1)
                + " characters of text (aliases and merge keys count each time they are used); split the input",
                overCharacters.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # YAML                                | depth
            [[[x]]]                               | 3
            {a: {b: [c]}}                         | 3
            {a: &a [[x]], b: [*a]}                | 4
            {a: &a [[x]], b: {c: [*a]}}           | 5
            """)
    void anAliasNestsAsDeepAsWhatItNames(String yaml, int depth) throws Exception {
        read(yaml, new ManifestReader.Limits(ROOMY, ROOMY, ROOMY, depth));
        UnreadableManifest e = assertThrows(UnreadableManifest.class,
                () -> read(yaml, new ManifestReader.Limits(ROOMY, ROOMY, ROOMY, depth - 1)));
        assertEquals("document 1, line 1: YAML nests deeper than " + (depth - 1)
                + " levels (an alias counts at the depth of what it names)", e.getMessage());
    }

    @Test
    void theBudgetRunsOverAllDocuments() throws Exception {
        String yaml = "{a: b}\n---\n{c: d}\n---\n{e: f}\n";
        assertEquals(3, read(yaml, new ManifestReader.Limits(ROOMY, 9, ROOMY, 10)).size());
        UnreadableManifest e = assertThrows(UnreadableManifest.class, () -> read(yaml, new ManifestReader.Limits(ROOMY, 8, ROOMY, 10)));
        assertEquals(3, e.document());
        assertEquals(5, e.line());
    }

    @Test
    void mergeKeysFollowYaml11() throws Exception {
        // (w and p, not y and n: unquoted, those are the boolean keys "true" and "false" to kubectl, as in YAML 1.1)
        JsonNode root = read("""
                a: &a {x: a, w: a}
                b: &b {w: b, z: b}
                m: {<<: [*a, *b], x: own}
                p: {x: own, <<: *b}
                """, new ManifestReader.Limits(ROOMY, ROOMY, ROOMY, 10)).get(0);
        ObjectMapper json = new ObjectMapper();
        assertEquals(json.readTree("{\"x\": \"own\", \"w\": \"a\", \"z\": \"b\"}"), root.get("m"));
        assertEquals(json.readTree("{\"x\": \"own\", \"w\": \"b\", \"z\": \"b\"}"), root.get("p"));
        assertEquals(json.readTree("{\"x\": \"a\", \"w\": \"a\"}"), root.get("a"), "the merged mapping is unchanged");
    }

    @Test
    void anAliasSharesTheTreeItNamesInsteadOfCopyingIt() throws Exception {
        JsonNode root = read("{a: &a {x: [1, 2]}, b: *a, c: [*a, *a]}", new ManifestReader.Limits(ROOMY, ROOMY, ROOMY, 10)).get(0);
        assertSame(root.get("a"), root.get("b"));
        assertSame(root.get("a"), root.get("c").get(1));
    }

    @Test
    void aLaterAnchorOfTheSameNameWins() throws Exception {
        // Not recursion: the inner &a is a new anchor, and *a names it.
        JsonNode root = read("a: &a [&a one, *a]\nb: *a\n", new ManifestReader.Limits(ROOMY, ROOMY, ROOMY, 10)).get(0);
        assertEquals("[\"one\",\"one\"]", root.get("a").toString());
        assertEquals("\"one\"", root.get("b").toString());
    }

    @ParameterizedTest(name = "{0} {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            # YAML (\\n: a line break)                      | document | path   | line
            a: 1\\nb:\\n  c: [x, y]                          | 1        | b.c.1  | 3
            a: 1\\nb:\\n  c: [x, y]                          | 1        | ''     | 1
            a: 1\\n---\\na: 2\\nb: 3                          | 2        | b      | 4
            d: &d {x: 1}\\ne: *d                            | 1        | e.x    | 2
            d: &d {x: 1}\\ne:\\n  w: 2\\n  <<: *d             | 1        | e.x    | 4
            d: &d {x: 1}\\ne:\\n  w: 2\\n  <<: *d             | 1        | e.w    | 3
            ? [k, {j: 1}]\\n: v\\nz: [1]                     | 1        | z.0    | 3
            on: 1\\n0755: 2                                 | 1        | 493    | 2
            on: 1\\n0755: 2                                 | 1        | true   | 1
            a: 1                                           | 1        | b      | 0
            """)
    void aValuesLineIsFoundAgainByItsPath(String yaml, int document, String path, int line) {
        List<Object> steps = new ArrayList<>();
        for (String step : path.equals("''") ? new String[0] : path.split("\\.")) {
            steps.add(step.matches("[0-9]") ? (Object) Integer.valueOf(step) : step);
        }
        YamlTreeBuilder builder = new YamlTreeBuilder(null, new ManifestReader.Limits(ROOMY, ROOMY, ROOMY, 10));
        assertEquals(line, builder.lineOf(yaml.replace("\\n", "\n"), document, steps));
    }

    static List<JsonNode> read(String yaml, ManifestReader.Limits limits) throws UnreadableManifest {
        List<JsonNode> roots = new ArrayList<>();
        new YamlTreeBuilder(null, limits).read(yaml, (root, document, line) -> roots.add(root));
        return roots;
    }
}
