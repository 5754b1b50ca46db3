package io.djangoguard.settings;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import io.djangoguard.engine.Engine;
import io.djangoguard.engine.Finding;
import io.djangoguard.engine.Policy;
import io.djangoguard.Manifests;
import io.djangoguard.rules.RuleCatalog;

/**
 * Settings files in ConfigMaps, judged alone and where Django containers mount them, table-driven from
 * {@code src/test/resources/settings-files/}: each file's header says what must be found
 * ({@code # expect: rule | subject | text of the message}) and what must not ({@code # expect-not: rule [| subject]}).
 */
class SettingsFilesTest {

    static final Path ROOT = Path.of("src/test/resources/settings-files");
    private final Engine engine = new Engine(Policy.defaults(), RuleCatalog.all());

    @TestFactory
    Stream<DynamicTest> everyCase() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(ROOT)) {
            files = s.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
        }
        return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), f.toUri(), () -> check(f)));
    }

    private void check(Path file) throws IOException {
        List<Finding> all = engine.judgeAll(Manifests.load(file), Engine.Context.manifestsOnly(null)).stream()
                .flatMap(r -> r.findings().stream()).toList();
        String seen = all.stream().map(f -> "[" + f.rule() + "] " + f.subject() + ": " + f.message())
                .collect(Collectors.joining("\n  ", "findings:\n  ", ""));
        int expectations = 0;
        for (String line : Files.readAllLines(file)) {
            if (!line.startsWith("#")) {
                break;
            }
            if (line.startsWith("# expect: ")) {
                String[] e = line.substring("# expect: ".length()).split(" \\| ", 3);
                assertTrue(all.stream().anyMatch(f -> f.rule().equals(e[0]) && f.subject().startsWith(e[1])
                        && f.message().contains(e[2])), line + "\n" + seen);
                expectations++;
            } else if (line.startsWith("# expect-not: ")) {
                String[] e = line.substring("# expect-not: ".length()).split(" \\| ", 2);
                assertFalse(all.stream().anyMatch(f -> f.rule().equals(e[0]) && (e.length == 1 || f.subject().startsWith(e[1]))),
                        line + "\n" + seen);
                expectations++;
            }
        }
        assertTrue(expectations > 0, file + " expects nothing");
    }
}
