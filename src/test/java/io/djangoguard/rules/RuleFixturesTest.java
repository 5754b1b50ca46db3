package io.djangoguard.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import io.djangoguard.Manifests;
import io.djangoguard.engine.Engine;
import io.djangoguard.engine.Rule;
import io.djangoguard.engine.Finding;
import io.djangoguard.engine.ObjectResult;
import io.djangoguard.engine.Policy;

/**
 * Table-driven from {@code src/test/resources/rules/<rule-id>/}: every {@code failure-*.yaml}
 * must produce a finding of that rule, every {@code success-*.yaml} must not.
 */
class RuleFixturesTest {

    static final Path ROOT = Path.of("src/test/resources/rules");
    private final Engine engine = new Engine(Policy.defaults(), RuleCatalog.all());

    @TestFactory
    Stream<DynamicTest> everyFixture() throws IOException {
        return folders().flatMap(folder -> files(folder).stream().map(file -> DynamicTest.dynamicTest(
                folder.getFileName() + "/" + file.getFileName(), file.toUri(), () -> judge(folder, file))));
    }

    private void judge(Path folder, Path file) {
        String rule = folder.getFileName().toString();
        List<ObjectResult> results = engine.judgeAll(Manifests.load(file), Engine.Context.alone("default"));
        List<Finding> all = results.stream().flatMap(r -> r.findings().stream()).toList();
        boolean fired = all.stream().anyMatch(f -> f.rule().equals(rule));
        String seen = all.isEmpty() ? "no findings"
                : all.stream().map(f -> "[" + f.rule() + "] " + f.subject() + ": " + f.message()).collect(Collectors.joining("\n  ", "findings:\n  ", ""));
        if (file.getFileName().toString().startsWith("failure")) {
            assertTrue(fired, rule + " should fire on " + file + "; " + seen);
            all.stream().filter(f -> f.rule().equals(rule)).forEach(f -> {
                assertEquals(RuleCatalog.byId(rule).defaultSeverity(), f.severity());
                assertNotNull(f.path(), "a finding names where it is");
                assertTrue(f.subject() != null && !f.subject().isBlank(), "a finding names who: " + f);
            });
        } else {
            assertFalse(fired, rule + " should not fire on " + file + "; " + seen);
        }
    }

    @Test
    void everyRuleHasPassingAndFailingFixtures() throws IOException {
        Set<String> folders = folders().map(f -> f.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        for (Rule rule : RuleCatalog.all()) {
            Path folder = ROOT.resolve(rule.id());
            assertTrue(folders.contains(rule.id()), "rule " + rule.id() + " has no fixture folder " + folder);
            List<Path> files = files(folder);
            assertTrue(files.stream().anyMatch(f -> f.getFileName().toString().startsWith("success")),
                    rule.id() + " needs a success-*.yaml");
            assertTrue(files.stream().anyMatch(f -> f.getFileName().toString().startsWith("failure")),
                    rule.id() + " needs a failure-*.yaml");
        }
        for (String folder : folders) {
            assertNotNull(RuleCatalog.byId(folder), "fixture folder " + folder + " names no rule");
        }
    }

    @Test
    void everyFixtureSaysWhyInItsFirstLine() throws IOException {
        for (Path folder : folders().toList()) {
            for (Path file : files(folder)) {
                String first = Files.readAllLines(file).stream().findFirst().orElse("");
                assertTrue(first.startsWith("#"), file + " should start with a comment saying why it passes or fails");
            }
        }
    }

    private static Stream<Path> folders() throws IOException {
        return Files.list(ROOT).filter(Files::isDirectory).sorted();
    }

    private static List<Path> files(Path folder) {
        try (Stream<Path> s = Files.list(folder)) {
            List<Path> files = s.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
            for (Path f : files) {
                String n = f.getFileName().toString();
                if (!n.startsWith("success") && !n.startsWith("failure")) {
                    fail(f + " must be named success-*.yaml or failure-*.yaml");
                }
            }
            return files;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
