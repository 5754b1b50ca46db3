package io.djangoguard.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import io.djangoguard.Fixtures;
import io.djangoguard.Manifests;
import io.djangoguard.rules.RuleCatalog;

/**
 * Every object that carries a pod spec is judged wherever the spec sits, whatever its apiVersion:
 * each file in {@code src/test/resources/kinds/} turns DEBUG on and says, on its first line, the
 * path the finding must name ({@code # path: ...}) or why the object is skipped ({@code # skipped: ...}).
 */
class JudgedKindsTest {

    private static final Path ROOT = Path.of("src/test/resources/kinds");
    private static final Engine ENGINE = new Engine(Policy.defaults(), RuleCatalog.all());

    @TestFactory
    Stream<DynamicTest> everyFixture() throws IOException {
        return Fixtures.eachYamlIn(ROOT, f -> check(f));
    }

    private static void check(Path file) throws IOException {
        String text = Files.readString(file);
        String first = text.lines().findFirst().orElseThrow();
        ObjectResult result = ENGINE.judge(Manifests.one(text), Engine.Context.alone("shop"));
        String where = file.getFileName() + ": " + result;
        if (first.startsWith("# path: ")) {
            assertEquals(Verdict.DENY, result.verdict(), where);
            assertEquals(1, result.findings().size(), where);
            assertEquals("debug-enabled", result.findings().get(0).rule(), where);
            assertEquals(first.substring("# path: ".length()), result.findings().get(0).path(), where);
        } else {
            assertTrue(first.startsWith("# skipped: "), file + " must start with '# path: ' or '# skipped: '");
            assertEquals(Verdict.SKIPPED, result.verdict(), where);
            assertTrue(result.reason().startsWith(first.substring("# skipped: ".length())), where);
        }
    }
}
