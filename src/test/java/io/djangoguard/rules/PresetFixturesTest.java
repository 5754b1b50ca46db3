package io.djangoguard.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import io.djangoguard.Manifests;
import io.djangoguard.engine.Engine;
import io.djangoguard.engine.Finding;
import io.djangoguard.engine.ObjectResult;
import io.djangoguard.engine.Policy;

/**
 * Each application preset judged as the application reads its settings: {@code src/test/resources/presets/<id>/}
 * holds {@code failure-*.yaml} files whose first line says {@code # expect: rule, rule} (exactly the rules that fire)
 * and {@code success-*.yaml} files on which no rule fires. The workload is the first document; the others are sent
 * with it.
 */
class PresetFixturesTest {

    private static final Path ROOT = Path.of("src/test/resources/presets");
    private static final Engine ENGINE = new Engine(Policy.defaults(), RuleCatalog.all());

    @TestFactory
    Stream<DynamicTest> everyPresetFixture() throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(ROOT)) {
            files = walk.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        return files.stream().map(f -> DynamicTest.dynamicTest(ROOT.relativize(f).toString(), () -> check(f)));
    }

    /** Every preset is proved both ways: a breach only its own reading shows, and a value that only looks wrong. */
    @org.junit.jupiter.api.Test
    void everyPresetHasASuccessAndAFailure() throws IOException {
        for (io.djangoguard.settings.Preset p : io.djangoguard.settings.Presets.builtIn().all()) {
            Path folder = ROOT.resolve(p.id());
            List<String> names;
            try (Stream<Path> list = Files.exists(folder) ? Files.list(folder) : Stream.empty()) {
                names = list.map(f -> f.getFileName().toString()).toList();
            }
            assertTrue(names.stream().anyMatch(n -> n.startsWith("failure-")) && names.stream().anyMatch(n -> n.startsWith("success-")),
                    "src/test/resources/presets/" + p.id() + "/ needs a failure-*.yaml and a success-*.yaml: " + names);
        }
    }

    private static void check(Path file) throws IOException {
        String text = Files.readString(file);
        String name = file.getFileName().toString();
        String preset = file.getParent().getFileName().toString();
        ObjectResult result = ENGINE.judgeAll(Manifests.parse(text), Engine.Context.alone("default")).get(0);
        Set<String> fired = new TreeSet<>(result.findings().stream().map(Finding::rule).toList());
        assertTrue(result.django().stream().allMatch(d -> d.evidence().stream().anyMatch(e -> e.contains("(preset " + preset))),
                name + ": judged with preset " + preset + ": " + result.django());
        assertTrue(!result.django().isEmpty(), name + ": no Django container found");
        if (name.startsWith("failure-")) {
            String first = text.lines().findFirst().orElse("");
            assertTrue(first.startsWith("# expect: "), file + " must start with '# expect: rule, ...'");
            Set<String> expected = new TreeSet<>(Arrays.asList(first.substring("# expect: ".length()).strip().split(",\\s*")));
            assertEquals(expected, fired, name + ": " + result.findings());
        } else {
            assertTrue(name.startsWith("success-"), file + " must be named success-*.yaml or failure-*.yaml");
            assertEquals(Set.of(), fired, name + ": " + result.findings());
        }
    }
}
