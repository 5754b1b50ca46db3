package io.djangoguard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.djangoguard.WithoutGuardSystemProperties;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;
import org.xml.sax.InputSource;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@code django-guard audit} in-process: exit status, what goes to standard output (the report and nothing else)
 * and to standard error (problems, one line each), every format, directories, standard input, profiles and
 * configuration. Fixtures are in src/test/resources/cli/ (surefire runs with the project root as working directory).
 */
@ExtendWith(WithoutGuardSystemProperties.class)
class AuditCommandTest {

    static final Path CLI = Path.of("src/test/resources/cli");
    static final Path CLEAN = CLI.resolve("clean.yaml");
    static final Path DEBUG_ON = CLI.resolve("debug-on.yaml");
    static final Path DEBUG_UNREADABLE = CLI.resolve("debug-unreadable.yaml");
    static final Path BROKEN = CLI.resolve("broken.yaml");
    static final Path MINIMAL = CLI.resolve("minimal-django.yaml");
    static final Path SECRETS = CLI.resolve("secrets.yaml");
    static final Path HELM = CLI.resolve("helm-template.yaml");
    static final Path TREE = CLI.resolve("tree");
    static final Path UNREADABLE = CLI.resolve("unreadable");

    /** Every literal secret key in secrets.yaml and unreadable/* carries it. */
    static final String SECRET_MARKER = "SNITCH-7f3a9c";

    static final Pattern SUMMARY = Pattern.compile("(\\d+) objects?: (\\d+) denied, (\\d+) in error, (\\d+) warned, (\\d+) allowed, (\\d+) skipped");

    /** Fails on anything after the report's one JSON value: stdout must hold the report only. */
    static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    record Run(int status, String out, String err) {

        JsonNode json() {
            try {
                return JSON.readTree(out);
            } catch (Exception e) {
                throw new AssertionError("stdout is not one JSON document: " + e.getMessage() + "\n" + out, e);
            }
        }

        String describe() {
            return "exit " + status + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }

        void assertSucceeded(int expectedStatus) {
            assertEquals(expectedStatus, status, describe());
            assertEquals("", err, "stderr must be empty when the audit ran: " + describe());
            assertFalse(out.isEmpty(), describe());
        }

        /**
         * Exit 2 with the problem named on stderr. Wrong usage or configuration writes no report; an
         * unreadable input is listed in the report of everything else, which is written all the same.
         */
        void assertRefused() {
            assertEquals(AuditCommand.UNREADABLE, status, describe());
            assertFalse(err.isBlank(), "the problem must be named on stderr: " + describe());
            if (!out.isEmpty()) {
                assertTrue(out.contains("could not be read") || out.contains("\"errors\"") || out.contains("classname=\"unreadable\""),
                        "a report written beside a refusal lists it: " + describe());
            }
        }
    }

    static Run audit(String... args) {
        return auditWithStdin("", args);
    }

    static Run auditWithStdin(String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            status = AuditCommand.run(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), o, e);
        }
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (Exception e) {
            throw new AssertionError("fixture " + p + " cannot be read (is the working directory the project root?)", e);
        }
    }

    static List<JsonNode> results(JsonNode report) {
        List<JsonNode> list = new ArrayList<>();
        report.get("results").forEach(list::add);
        return list;
    }

    static JsonNode result(JsonNode report, String kind, String name) {
        for (JsonNode r : report.get("results")) {
            if (r.get("kind").asText().equals(kind) && r.get("name").asText().equals(name)) {
                return r;
            }
        }
        throw new AssertionError("no " + kind + " " + name + " in " + report.toPrettyString());
    }

    static List<JsonNode> findings(JsonNode result, String rule) {
        List<JsonNode> list = new ArrayList<>();
        for (JsonNode f : result.get("findings")) {
            if (f.get("rule").asText().equals(rule)) {
                list.add(f);
            }
        }
        return list;
    }

    static Set<String> rules(JsonNode report) {
        Set<String> rules = new TreeSet<>();
        for (JsonNode r : report.get("results")) {
            r.get("findings").forEach(f -> rules.add(f.get("rule").asText()));
        }
        return rules;
    }

    static String lastLine(String text) {
        String[] lines = text.strip().split("\n");
        return lines[lines.length - 1];
    }

    // ---- exit status and usage

    @Test
    void aCleanManifestExitsZero() {
        Run run = audit(CLEAN.toString());
        run.assertSucceeded(AuditCommand.OK);
        assertEquals("1 object: 0 denied, 0 in error, 0 warned, 1 allowed, 0 skipped", lastLine(run.out()), run.describe());
        assertTrue(run.out().contains("Deployment shop/shop (" + CLEAN + ":2): allowed"), run.describe());
    }

    @Test
    void aDeniedManifestExitsOne() {
        Run run = audit(DEBUG_ON.toString());
        run.assertSucceeded(AuditCommand.DENIED);
        assertTrue(run.out().contains("[debug-enabled]"), run.describe());
        assertEquals("1 object: 1 denied, 0 in error, 0 warned, 0 allowed, 0 skipped", lastLine(run.out()), run.describe());
    }

    @Test
    void oneDeniedObjectAmongCleanOnesStillExitsOne() {
        Run run = audit(CLEAN.toString(), DEBUG_ON.toString());
        run.assertSucceeded(AuditCommand.DENIED);
        assertEquals("2 objects: 1 denied, 0 in error, 0 warned, 1 allowed, 0 skipped", lastLine(run.out()), run.describe());
    }

    @Test
    void aMissingFileExitsTwoAndIsNamed() {
        Path missing = CLI.resolve("no-such-manifest.yaml");
        Run run = audit(CLEAN.toString(), missing.toString());
        run.assertRefused();
        assertTrue(run.err().contains(missing.toString()), run.describe());
        assertTrue(run.err().contains("no such file or directory"), run.describe());
    }

    @Test
    void brokenYamlExitsTwoNamingFileDocumentAndLine() {
        Run run = audit(CLEAN.toString(), BROKEN.toString());
        run.assertRefused();
        assertEquals(1, run.err().strip().lines().count(), "one line: " + run.describe());
        assertTrue(run.err().startsWith("django-guard: " + BROKEN + ": document 2, line 13: "), run.describe());
        assertTrue(run.err().contains("YAML could not be parsed"), run.describe());
    }

    @Test
    void noInputsExitsTwoWithUsage() {
        Run run = audit();
        run.assertRefused();
        assertTrue(run.err().contains("name at least one file"), run.describe());
        assertTrue(run.err().contains("usage: django-guard audit"), run.describe());
    }

    @Test
    void onlyOptionsAndNoInputsExitsTwo() {
        audit("--format", "json", "--profile", "strict").assertRefused();
    }

    @ParameterizedTest
    @ValueSource(strings = {"--verbose", "--output=report.json", "--"})
    void anUnknownOptionExitsTwoAndIsNamed(String option) {
        Run run = audit(option, CLEAN.toString());
        run.assertRefused();
        assertTrue(run.err().startsWith("django-guard audit: unknown option " + option + "\n"), run.describe());
        assertTrue(run.err().contains("usage: django-guard audit"), run.describe());
    }

    static Stream<Arguments> badValues() {
        return Stream.of(
                Arguments.of(List.of("--format", "xml"), "--format takes text, json, sarif, junit, policyreport or openreports"),
                Arguments.of(List.of("--format=xml"), "--format takes text, json, sarif, junit, policyreport or openreports"),
                Arguments.of(List.of("--format=", "--profile", "strict"), "--format takes text, json, sarif, junit, policyreport or openreports"),
                Arguments.of(List.of("--profile", "lenient"), "--profile takes declared or strict"),
                Arguments.of(List.of("--profile=lenient"), "--profile takes declared or strict"));
    }

    @ParameterizedTest
    @MethodSource("badValues")
    void aBadOptionValueExitsTwo(List<String> options, String message) {
        List<String> args = new ArrayList<>(options);
        args.add(CLEAN.toString());
        Run run = audit(args.toArray(String[]::new));
        run.assertRefused();
        assertTrue(run.err().startsWith("django-guard audit: " + message + "\n"), run.describe());
    }

    @ParameterizedTest
    @ValueSource(strings = {"--format", "--profile"})
    void anOptionWithoutItsValueExitsTwo(String option) {
        // The option is last: there is no value to take (and no input).
        audit(CLEAN.toString(), option).assertRefused();
    }

    @ParameterizedTest
    @ValueSource(strings = {"--help", "-h"})
    void helpPrintsUsageOnStdoutAndExitsZero(String flag) {
        Run run = audit(flag);
        assertEquals(AuditCommand.OK, run.status(), run.describe());
        assertEquals("", run.err(), run.describe());
        assertTrue(run.out().startsWith("usage: django-guard audit [--profile declared|strict] [--format text|json|sarif|junit|policyreport|openreports]"),
                run.describe());
        assertTrue(run.out().contains("Exit status: 0 admission would let everything through, 1 it would refuse something"),
                run.describe());
        // --help wins over everything else on the line and judges nothing.
        Run withInput = audit(DEBUG_ON.toString(), flag, "--format", "xml");
        assertEquals(AuditCommand.OK, withInput.status(), withInput.describe());
        assertEquals(run.out(), withInput.out());
    }

    @Test
    void optionValuesMayFollowAnEqualsSignAndAreCaseInsensitive() {
        Run eq = audit("--format=json", "--profile=strict", MINIMAL.toString());
        eq.assertSucceeded(AuditCommand.DENIED);
        assertEquals("strict", results(eq.json()).get(0).get("profile").asText());
        Run upper = audit("--format", "JSON", "--profile", "STRICT", MINIMAL.toString());
        upper.assertSucceeded(AuditCommand.DENIED);
        assertEquals(eq.out(), upper.out());
    }

    // ---- directories

    @Test
    void aDirectoryIsSearchedRecursivelyForManifestsOnlyInSortedOrder() throws Exception {
        assertTrue(Files.isRegularFile(TREE.resolve("README.md")) && Files.isRegularFile(TREE.resolve("notes.txt")),
                "the fixture tree holds files that are not manifests");
        Run run = audit("--format", "json", TREE.toString());
        run.assertSucceeded(AuditCommand.DENIED);
        JsonNode report = run.json();

        List<String> files = new ArrayList<>();
        for (JsonNode r : report.get("results")) {
            files.add(r.get("source").get("file").asText());
        }
        assertEquals(List.of(
                TREE.resolve("a-configmaps/settings.yaml").toString(),
                TREE.resolve("b-apps/web/deployment.yaml").toString(),
                TREE.resolve("b-apps/worker.yml").toString(),
                TREE.resolve("c-service.json").toString()), files, run.describe());
        for (String f : files) {
            assertFalse(f.endsWith(".md") || f.endsWith(".txt"), f);
        }

        // Every *.yaml, *.yml and *.json under the tree, and nothing else, was read.
        List<String> manifests;
        try (Stream<Path> walk = Files.walk(TREE)) {
            manifests = walk.filter(Files::isRegularFile).map(Path::toString)
                    .filter(n -> n.endsWith(".yaml") || n.endsWith(".yml") || n.endsWith(".json")).sorted().toList();
        }
        assertEquals(manifests, files);

        JsonNode summary = report.get("summary");
        assertEquals(4, summary.get("objects").asInt());
        assertEquals(2, summary.get("denied").asInt());
        assertEquals(1, summary.get("errors").asInt()); // the worker's ConfigMap is in no file
        assertEquals(0, summary.get("warned").asInt());
        assertEquals(0, summary.get("allowed").asInt());
        assertEquals(1, summary.get("skipped").asInt());
        assertEquals("skipped", result(report, "Service", "web").get("verdict").asText());
    }

    @Test
    void aConfigMapInAnotherFileIsResolved() {
        JsonNode report = audit("--format", "json", TREE.toString()).json();
        JsonNode web = result(report, "Deployment", "web");
        assertEquals("deny", web.get("verdict").asText(), web.toPrettyString());
        List<JsonNode> debug = findings(web, "debug-enabled");
        assertEquals(1, debug.size(), web.toPrettyString());
        assertEquals("deny", debug.get(0).get("severity").asText());
        assertEquals("web", debug.get(0).get("container").asText());
        assertEquals("DEBUG", debug.get(0).get("setting").asText());
        assertTrue(debug.get(0).get("message").asText().contains("shop-settings"), debug.get(0).toString());
        assertTrue(findings(web, "reference-unresolved").isEmpty(), "the reference resolved: " + web.toPrettyString());
    }

    @Test
    void filesNamedSeparatelyAreAlsoJudgedTogether() {
        Run run = audit("--format", "json", TREE.resolve("b-apps/web/deployment.yaml").toString(),
                TREE.resolve("a-configmaps/settings.yaml").toString());
        run.assertSucceeded(AuditCommand.DENIED);
        JsonNode web = result(run.json(), "Deployment", "web");
        assertEquals(1, findings(web, "debug-enabled").size(), web.toPrettyString());
        // In the order given, not sorted: only a directory's files are sorted.
        assertEquals("Deployment", results(run.json()).get(0).get("kind").asText());
    }

    @Test
    void aConfigMapInNoFileIsAnUnresolvedReference() {
        JsonNode report = audit("--format", "json", TREE.toString()).json();
        JsonNode worker = result(report, "Deployment", "worker");
        assertEquals("error", worker.get("verdict").asText(), worker.toPrettyString());
        List<JsonNode> unresolved = findings(worker, "reference-unresolved");
        assertEquals(1, unresolved.size(), worker.toPrettyString());
        assertEquals("warn", unresolved.get(0).get("severity").asText());
        assertEquals("spec.template.spec.containers[0].envFrom[0]", unresolved.get(0).get("path").asText());
        assertTrue(unresolved.get(0).get("message").asText().contains("\"worker-settings\""), unresolved.get(0).toString());

        // Without the file that holds it, the web Deployment's ConfigMap is unresolved too, and DEBUG goes unseen.
        Run alone = audit("--format", "json", TREE.resolve("b-apps/web/deployment.yaml").toString());
        alone.assertSucceeded(AuditCommand.OK);
        JsonNode web = result(alone.json(), "Deployment", "web");
        assertEquals("error", web.get("verdict").asText(), web.toPrettyString());
        assertEquals(1, findings(web, "reference-unresolved").size(), web.toPrettyString());
        assertTrue(findings(web, "debug-enabled").isEmpty(), web.toPrettyString());
    }

    /**
     * A repository as people keep it: manifests beside a Helm chart, a kustomization, a values file and
     * a broken manifest. Every manifest is judged; the chart, the kustomization and the values file are
     * skipped with what to do instead; the broken one is listed; every format carries both lists.
     */
    @Test
    void aRepositoryWithAChartAKustomizationAValuesFileAndABrokenManifest(@TempDir Path repo) throws Exception {
        Files.copy(DEBUG_ON, repo.resolve("web.yaml"));
        Files.copy(CLEAN, repo.resolve("worker.yaml"));
        Files.writeString(repo.resolve("broken.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x: y\n");
        Files.writeString(repo.resolve("values.yaml"), "replicaCount: 2\nimage:\n  repository: shop\n  tag: \"1.0\"\n");
        Path chart = Files.createDirectories(repo.resolve("chart/templates"));
        Files.writeString(chart.getParent().resolve("Chart.yaml"), "apiVersion: v2\nname: shop\nversion: 1.0.0\n");
        Files.writeString(chart.resolve("deployment.yaml"), "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n"
                + "  name: {{ include \"shop.fullname\" . }}\n{{- if .Values.x }}\n");
        Path overlay = Files.createDirectories(repo.resolve("overlays/prod"));
        Files.writeString(overlay.resolve("kustomization.yaml"), "apiVersion: kustomize.config.k8s.io/v1beta1\n"
                + "kind: Kustomization\nresources: [../../web.yaml]\n");

        Run text = audit(repo.toString());
        text.assertRefused(); // exit 2: something could not be read, after judging the rest
        assertEquals(2, text.err().lines().count(), text.describe());
        assertTrue(text.err().contains("django-guard: " + repo.resolve("broken.yaml") + ": document 1, line 4: "), text.describe());
        assertTrue(text.out().contains("DENIED"), "web.yaml turns DEBUG on: " + text.describe());
        // the chart is rendered (ChartAuditTest); this one's template is broken, and Helm says where
        assertTrue(text.err().contains("django-guard: " + repo.resolve("chart") + ": Helm could not render the chart: "),
                text.describe());
        assertTrue(text.err().contains("shop/templates/deployment.yaml"), text.describe());
        assertTrue(text.out().contains("a kustomization: audit what it builds with: kubectl kustomize " + overlay), text.describe());
        assertTrue(text.out().contains(repo.resolve("values.yaml") + ": YAML without apiVersion or kind"), text.describe());
        assertTrue(lastLine(text.out()).endsWith("; 2 inputs could not be read"), text.describe());

        JsonNode json = audit("--format", "json", repo.toString()).json();
        assertEquals(2, json.get("errors").size(), json.toPrettyString());
        assertEquals(repo.resolve("broken.yaml").toString(), json.get("errors").get(0).get("file").asText());
        assertEquals(4, json.get("errors").get(0).get("line").asInt());
        assertEquals(2, json.get("skippedFiles").size(), json.toPrettyString());
        assertEquals(2, json.get("summary").get("objects").asInt(), json.toPrettyString());

        String junit = audit("--format", "junit", repo.toString()).out();
        assertTrue(junit.contains("<testcase classname=\"unreadable\" name=\"" + repo.resolve("broken.yaml") + "\""), junit);
        assertTrue(junit.contains("<error type=\"unreadable\""), junit);
        assertTrue(junit.contains("tests=\"6\""), junit); // 2 objects, 2 unreadable, 2 skipped files

        JsonNode sarif = JSON.readTree(audit("--format", "sarif", repo.toString()).out());
        JsonNode invocation = sarif.at("/runs/0/invocations/0");
        assertFalse(invocation.get("executionSuccessful").asBoolean(), invocation.toPrettyString());
        assertEquals(2, stream(invocation.get("toolExecutionNotifications"))
                .filter(n -> n.get("level").asText().equals("error")).count(), invocation.toPrettyString());
        assertEquals(2, stream(invocation.get("toolExecutionNotifications"))
                .filter(n -> n.get("level").asText().equals("note")).count(), invocation.toPrettyString());
    }

    @Test
    void aBrokenManifestInADirectoryIsListedAndTheRestIsJudged() {
        Run run = audit(TREE.toString(), CLI.toString());
        run.assertRefused();
        assertTrue(run.err().startsWith("django-guard: " + BROKEN + ": document 2, line 13: "), run.describe());
        // everything else was judged: the tree's denials are in the report above the list of what could not be read
        assertTrue(run.out().contains("DENIED"), run.describe());
        assertTrue(run.out().contains("could not be read (the rest was judged):\n  " + BROKEN + ": document 2, line 13: "),
                run.describe());
    }

    @Test
    void aDirectoryWithNoManifestsIsAnEmptyAuditAndSaysSo(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("README.md"), "# nothing to see\nkey: [unclosed\n");
        Run run = audit(dir.toString());
        assertEquals(AuditCommand.OK, run.status(), run.describe());
        assertEquals("0 objects: 0 denied, 0 in error, 0 warned, 0 allowed, 0 skipped", lastLine(run.out()));
        // A wrong path (or a link the walk did not follow) must not pass unnoticed in CI.
        assertEquals("django-guard: " + dir + ": no *.yaml, *.yml or *.json file in this directory\n", run.err());
    }

    // ---- links

    @Test
    void aLinkedSubdirectoryIsAudited(@TempDir Path dir) throws Exception {
        Path shared = Files.createDirectory(dir.resolve("shared"));
        Files.copy(CLEAN, shared.resolve("clean.yaml"));
        Path app = Files.createDirectory(dir.resolve("app"));
        Files.copy(DEBUG_ON, app.resolve("debug-on.yaml"));
        Files.createSymbolicLink(app.resolve("linked"), Path.of("../shared"));
        Run run = audit("--format", "json", app.toString());
        run.assertSucceeded(AuditCommand.DENIED);
        assertEquals(List.of(app.resolve("debug-on.yaml").toString(), app.resolve("linked/clean.yaml").toString()),
                sources(run.json()), run.describe());
    }

    @Test
    void aLinkedDirectoryNamedOnTheCommandLineIsAudited(@TempDir Path dir) throws Exception {
        Path real = Files.createDirectory(dir.resolve("real"));
        Files.copy(CLEAN, real.resolve("clean.yaml"));
        Path link = Files.createSymbolicLink(dir.resolve("link"), Path.of("real"));
        Run run = audit(link.toString());
        run.assertSucceeded(AuditCommand.OK);
        assertEquals("1 object: 0 denied, 0 in error, 0 warned, 1 allowed, 0 skipped", lastLine(run.out()), run.describe());
        assertTrue(run.out().contains("(" + link.resolve("clean.yaml") + ":2)"), run.describe());
    }

    @Test
    void aLinkLoopEndsAndEachFileIsReadOnce(@TempDir Path dir) throws Exception {
        Path app = Files.createDirectory(dir.resolve("app"));
        Files.copy(CLEAN, app.resolve("clean.yaml"));
        Path sub = Files.createDirectory(app.resolve("sub"));
        Files.copy(DEBUG_ON, sub.resolve("debug-on.yaml"));
        Files.createSymbolicLink(sub.resolve("up"), Path.of(".."));        // back to an ancestor
        Files.createSymbolicLink(app.resolve("self"), Path.of("."));       // to itself
        Files.createSymbolicLink(app.resolve("sub-again"), Path.of("sub")); // a second way into sub
        Files.createSymbolicLink(app.resolve("z-clean.yaml"), Path.of("clean.yaml")); // a second name for a file
        Run run = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> audit("--format", "json", app.toString()));
        run.assertSucceeded(AuditCommand.DENIED);
        assertEquals(List.of(app.resolve("clean.yaml").toString(), app.resolve("sub/debug-on.yaml").toString()),
                sources(run.json()), "each file once, under its first path: " + run.describe());
    }

    @Test
    void aLinkLoopWithNothingElseIsAnEmptyAudit(@TempDir Path dir) throws Exception {
        Path loop = Files.createDirectory(dir.resolve("loop"));
        Files.createSymbolicLink(loop.resolve("again"), Path.of("."));
        Run run = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> audit(loop.toString()));
        assertEquals(AuditCommand.OK, run.status(), run.describe());
        assertEquals("django-guard: " + loop + ": no *.yaml, *.yml or *.json file in this directory\n", run.err());
    }

    @Test
    void dotFoldersAndDotFilesAreSkippedLinkedOrNot(@TempDir Path dir) throws Exception {
        Path elsewhere = Files.createDirectory(dir.resolve("elsewhere"));
        Files.copy(DEBUG_ON, elsewhere.resolve("debug-on.yaml"));
        Path app = Files.createDirectory(dir.resolve("app"));
        Files.copy(CLEAN, app.resolve("clean.yaml"));
        Files.copy(DEBUG_ON, Files.createDirectory(app.resolve(".git")).resolve("debug-on.yaml"));
        Files.copy(DEBUG_ON, app.resolve(".debug-on.yaml"));
        Files.createSymbolicLink(app.resolve(".linked"), elsewhere);
        Run run = audit(app.toString());
        run.assertSucceeded(AuditCommand.OK);
        assertEquals("1 object: 0 denied, 0 in error, 0 warned, 1 allowed, 0 skipped", lastLine(run.out()), run.describe());
        // The directory named may itself be a dot-folder.
        audit(app.resolve(".git").toString()).assertSucceeded(AuditCommand.DENIED);
    }

    static List<String> sources(JsonNode report) {
        List<String> files = new ArrayList<>();
        for (JsonNode r : report.get("results")) {
            files.add(r.get("source").get("file").asText());
        }
        return files;
    }

    // ---- hostile input: refused, exit 2 and one line, never 1 and never a stack trace

    static final Path HOSTILE = Path.of("src/test/resources/audit/hostile");

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            alias-bomb.yaml          | document 1, line 12: YAML expands beyond 1,000,000 nodes
            merge-key-bomb.yaml      | document 1, line 9: YAML expands beyond 1,000,000 nodes
            text-bomb.yaml           | document 1, line 4: YAML expands beyond 16,777,216 characters
            recursive-sequence.yaml  | document 1, line 6: an alias names a node that contains it
            deep-block.yaml          | document 1, line 2: YAML nests deeper than 200 levels
            deep-flow.yaml           | document 1, line 2: YAML nests deeper than 200 levels
            deep-json.json           | document 1, line 1: JSON nests deeper than 200 levels
            """)
    void hostileInputExitsTwoWithOneLineNamingTheLimit(String fixture, String problem) {
        Path path = HOSTILE.resolve(fixture);
        Run run = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> audit(path.toString()));
        run.assertRefused();
        assertEquals(1, run.err().lines().count(), "one line: " + run.describe());
        assertTrue(run.err().startsWith("django-guard: " + path + ": " + problem), run.describe());

        Run stdin = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> auditWithStdin(read(path), "-"));
        stdin.assertRefused();
        assertEquals(1, stdin.err().lines().count(), "one line: " + stdin.describe());
        assertTrue(stdin.err().startsWith("django-guard: -: " + problem), stdin.describe());
    }

    // ---- standard input

    @Test
    void dashReadsHelmTemplateOutputFromStdin() {
        String helm = read(HELM);
        Run run = auditWithStdin(helm, "--format", "json", "-");
        run.assertSucceeded(AuditCommand.DENIED);
        JsonNode report = run.json();
        List<JsonNode> results = results(report);
        assertEquals(List.of("ServiceAccount", "ConfigMap", "Deployment"),
                results.stream().map(r -> r.get("kind").asText()).toList(), run.describe());

        // The lines where each object starts (after its # Source: comment), and rising document numbers
        // (the empty document rendered for hpa.yaml is no object).
        List<Integer> apiVersionLines = new ArrayList<>();
        List<String> lines = helm.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("apiVersion:")) {
                apiVersionLines.add(i + 1);
            }
        }
        int previousDocument = 0;
        for (int i = 0; i < results.size(); i++) {
            JsonNode source = results.get(i).get("source");
            assertEquals("-", source.get("file").asText());
            assertEquals(apiVersionLines.get(i).intValue(), source.get("line").asInt(), source.toString());
            assertTrue(source.get("document").asInt() > previousDocument, source.toString());
            previousDocument = source.get("document").asInt();
        }
        assertEquals(1, results.get(0).get("source").get("document").asInt());

        assertEquals("skipped", results.get(0).get("verdict").asText());
        // The Deployment's envFrom names the ConfigMap rendered from another template.
        JsonNode deployment = result(report, "Deployment", "shop");
        assertEquals(1, findings(deployment, "debug-enabled").size(), deployment.toPrettyString());
        assertTrue(findings(deployment, "reference-unresolved").isEmpty(), deployment.toPrettyString());
    }

    @Test
    void stdinInTextFormatNamesItsSourceDash() {
        Run run = auditWithStdin(read(HELM), "-");
        run.assertSucceeded(AuditCommand.DENIED);
        assertTrue(run.out().contains("ServiceAccount shop (-:3): skipped"), run.describe());
        assertEquals("3 objects: 2 denied, 0 in error, 0 warned, 0 allowed, 1 skipped", lastLine(run.out()));
    }

    @Test
    void stdinAndFilesAreJudgedTogether() {
        // The ConfigMap comes on stdin, the Deployment that references it from a file.
        Run run = auditWithStdin(read(TREE.resolve("a-configmaps/settings.yaml")), "--format", "json",
                TREE.resolve("b-apps/web/deployment.yaml").toString(), "-");
        run.assertSucceeded(AuditCommand.DENIED);
        JsonNode web = result(run.json(), "Deployment", "web");
        assertEquals(1, findings(web, "debug-enabled").size(), web.toPrettyString());
        assertEquals("-", result(run.json(), "ConfigMap", "shop-settings").get("source").get("file").asText());
    }

    @Test
    void emptyStdinIsAnEmptyAudit() {
        Run run = auditWithStdin("", "-");
        run.assertSucceeded(AuditCommand.OK);
        assertEquals("0 objects: 0 denied, 0 in error, 0 warned, 0 allowed, 0 skipped", lastLine(run.out()));
    }

    @Test
    void brokenStdinIsNamedDash() {
        Run run = auditWithStdin("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x: y\n", "-");
        run.assertRefused();
        assertTrue(run.err().startsWith("django-guard: -: document 1, line 4: "), run.describe());
    }

    // ---- profiles

    @Test
    void strictProfileAddsFindingsDeclaredDoesNot() {
        Run declared = audit("--format", "json", "--profile", "declared", MINIMAL.toString());
        declared.assertSucceeded(AuditCommand.OK);
        JsonNode d = results(declared.json()).get(0);
        assertEquals("allow", d.get("verdict").asText(), d.toPrettyString());
        assertEquals("declared", d.get("profile").asText());
        assertTrue(d.get("findings").isEmpty(), d.toPrettyString());

        Run strict = audit("--format", "json", "--profile", "strict", MINIMAL.toString());
        strict.assertSucceeded(AuditCommand.DENIED);
        JsonNode s = results(strict.json()).get(0);
        assertEquals("deny", s.get("verdict").asText(), s.toPrettyString());
        assertEquals("strict", s.get("profile").asText());
        List<JsonNode> session = findings(s, "session-cookie-insecure");
        assertEquals(1, session.size(), s.toPrettyString());
        assertEquals("deny", session.get(0).get("severity").asText());
        assertEquals("SESSION_COOKIE_SECURE", session.get(0).get("setting").asText());
        assertEquals("security.W012", session.get(0).get("djangoCheck").asText());

        assertTrue(rules(strict.json()).containsAll(rules(declared.json())));
        assertTrue(rules(strict.json()).size() > rules(declared.json()).size());
    }

    @Test
    void withoutProfileTheConfiguredDefaultApplies() {
        // No django-guard.profile configured: declared.
        Run run = audit("--format", "json", MINIMAL.toString());
        run.assertSucceeded(AuditCommand.OK);
        assertEquals("declared", results(run.json()).get(0).get("profile").asText());
    }

    // ---- formats

    static final List<String> FORMATS = List.of("json", "text", "sarif", "junit");

    @Test
    void jsonHasTheReportShape() {
        Run run = audit("--format", "json", TREE.toString(), DEBUG_ON.toString(), CLEAN.toString());
        run.assertSucceeded(AuditCommand.DENIED);
        JsonNode report = run.json();
        assertEquals(List.of("summary", "results"), fieldNames(report));
        JsonNode summary = report.get("summary");
        assertEquals(List.of("objects", "denied", "errors", "warned", "allowed", "skipped", "refused"), fieldNames(summary));
        summary.forEach(n -> assertTrue(n.isInt(), summary.toString()));
        assertEquals(6, summary.get("objects").asInt());
        assertEquals(summary.get("objects").asInt(), report.get("results").size());
        assertEquals(summary.get("objects").asInt(), summary.get("denied").asInt() + summary.get("errors").asInt() + summary.get("warned").asInt()
                + summary.get("allowed").asInt() + summary.get("skipped").asInt());
        Map<String, Integer> verdicts = new HashMap<>();
        for (JsonNode r : report.get("results")) {
            // only a skipped object has a reason; a judged workload says which containers were Django (a ConfigMap has none)
            assertEquals(r.get("verdict").asText().equals("skipped")
                    ? List.of("apiVersion", "kind", "namespace", "name", "verdict", "reason", "profile", "source", "findings")
                    : r.get("kind").asText().equals("ConfigMap")
                    ? List.of("apiVersion", "kind", "namespace", "name", "verdict", "profile", "enforcement", "source", "findings")
                    : List.of("apiVersion", "kind", "namespace", "name", "verdict", "profile", "enforcement", "source", "django", "findings"),
                    fieldNames(r), r.toString());
            assertTrue(r.get("apiVersion").isTextual() && r.get("kind").isTextual() && r.get("name").isTextual(), r.toString());
            assertTrue(r.get("namespace").isTextual(), r.toString()); // every fixture here has one
            String verdict = r.get("verdict").asText();
            assertTrue(Set.of("deny", "error", "warn", "allow", "skipped").contains(verdict), verdict);
            verdicts.merge(verdict, 1, Integer::sum);
            if (verdict.equals("skipped")) {
                assertTrue(r.get("profile").isNull(), r.toString());
                assertTrue(r.get("findings").isEmpty(), r.toString());
                assertFalse(r.get("reason").asText().isBlank(), r.toString());
            } else {
                assertEquals("declared", r.get("profile").asText(), r.toString());
                assertEquals("enforce", r.get("enforcement").asText(), r.toString());
            }
            JsonNode source = r.get("source");
            assertEquals(List.of("file", "document", "line"), fieldNames(source));
            assertTrue(source.get("file").isTextual() && source.get("document").isInt() && source.get("line").isInt(),
                    source.toString());
            assertTrue(source.get("document").asInt() >= 1 && source.get("line").asInt() >= 1, source.toString());
            assertTrue(r.get("findings").isArray());
            for (JsonNode f : r.get("findings")) {
                assertEquals(List.of("rule", "djangoCheck", "kind", "severity", "subject", "container", "setting", "path", "message",
                        "remediation"), fieldNames(f), f.toString());
                assertTrue(Set.of("deny", "warn").contains(f.get("severity").asText()), f.toString());
                assertTrue(Set.of("breach", "error").contains(f.get("kind").asText()), f.toString());
                for (String field : List.of("rule", "subject", "path", "message", "remediation")) {
                    assertTrue(f.get(field).isTextual() && !f.get(field).asText().isBlank(), field + " in " + f);
                }
                for (String field : List.of("djangoCheck", "container", "setting")) {
                    assertTrue(f.get(field).isTextual() || f.get(field).isNull(), field + " in " + f);
                }
            }
            if (verdict.equals("deny")) {
                assertTrue(stream(r.get("findings")).anyMatch(f -> f.get("severity").asText().equals("deny")), r.toString());
            }
            if (verdict.equals("error")) {
                assertTrue(stream(r.get("findings")).anyMatch(f -> f.get("kind").asText().equals("error")), r.toString());
            }
        }
        assertEquals(summary.get("refused").asInt(), summary.get("denied").asInt(), "no error here is at deny");
        assertEquals(summary.get("denied").asInt(), verdicts.getOrDefault("deny", 0));
        assertEquals(summary.get("errors").asInt(), verdicts.getOrDefault("error", 0));
        assertEquals(summary.get("warned").asInt(), verdicts.getOrDefault("warn", 0));
        assertEquals(summary.get("allowed").asInt(), verdicts.getOrDefault("allow", 0));
        assertEquals(summary.get("skipped").asInt(), verdicts.getOrDefault("skipped", 0));
    }

    @Test
    void textEndsWithTheSummaryLine() {
        Run text = audit(TREE.toString(), CLEAN.toString());
        text.assertSucceeded(AuditCommand.DENIED);
        assertTrue(text.out().endsWith("\n"), text.describe());
        Matcher m = SUMMARY.matcher(lastLine(text.out()));
        assertTrue(m.matches(), "last line: " + lastLine(text.out()));
        JsonNode summary = audit("--format", "json", TREE.toString(), CLEAN.toString()).json().get("summary");
        assertEquals(summary.get("objects").asText(), m.group(1));
        assertEquals(summary.get("denied").asText(), m.group(2));
        assertEquals(summary.get("errors").asText(), m.group(3));
        assertEquals(summary.get("warned").asText(), m.group(4));
        assertEquals(summary.get("allowed").asText(), m.group(5));
        assertEquals(summary.get("skipped").asText(), m.group(6));
        assertEquals("5 objects: 2 denied, 1 in error, 0 warned, 1 allowed, 1 skipped", lastLine(text.out()));
        // text is the default and --format text says so explicitly.
        assertEquals(text.out(), audit("--format", "text", TREE.toString(), CLEAN.toString()).out());
    }

    @Test
    void sarifIsJsonVersion210() {
        Run run = audit("--format", "sarif", TREE.toString());
        run.assertSucceeded(AuditCommand.DENIED);
        JsonNode log = run.json();
        assertEquals("2.1.0", log.get("version").asText());
        assertTrue(log.get("runs").isArray() && log.get("runs").size() == 1, log.toString());
        JsonNode results = log.get("runs").get(0).get("results");
        assertTrue(results.isArray() && !results.isEmpty(), log.toString());
        Set<String> ruleIds = new TreeSet<>();
        results.forEach(r -> ruleIds.add(r.get("ruleId").asText()));
        assertTrue(ruleIds.containsAll(Set.of("debug-enabled", "reference-unresolved")), ruleIds.toString());
    }

    @Test
    void junitIsXml() throws Exception {
        Run run = audit("--format", "junit", TREE.toString());
        run.assertSucceeded(AuditCommand.DENIED);
        Document doc = xml(run.out());
        assertEquals("testsuites", doc.getDocumentElement().getTagName());
        assertEquals("4", doc.getDocumentElement().getAttribute("tests"));
        assertEquals("2", doc.getDocumentElement().getAttribute("failures"));
        assertEquals("1", doc.getDocumentElement().getAttribute("errors")); // the worker's ConfigMap is in no file
        assertEquals("1", doc.getDocumentElement().getAttribute("skipped"));
        assertEquals(4, doc.getElementsByTagName("testcase").getLength());
        assertEquals(1, doc.getElementsByTagName("error").getLength());
    }

    @ParameterizedTest
    @ValueSource(strings = {"json", "text", "sarif", "junit"})
    void everyFormatWritesOnlyTheReportAndKeepsTheExitStatus(String format) throws Exception {
        for (Path input : List.of(CLEAN, DEBUG_ON, TREE)) {
            Run run = audit("--format", format, input.toString());
            run.assertSucceeded(input == CLEAN ? AuditCommand.OK : AuditCommand.DENIED);
            switch (format) {
                case "json", "sarif" -> run.json();
                case "junit" -> xml(run.out());
                default -> assertTrue(SUMMARY.matcher(lastLine(run.out())).matches(), run.describe());
            }
        }
        // An empty audit is still a well-formed report.
        Run empty = auditWithStdin("", "--format", format, "-");
        empty.assertSucceeded(AuditCommand.OK);
        switch (format) {
            case "json" -> assertEquals(0, empty.json().get("summary").get("objects").asInt());
            case "sarif" -> assertEquals("2.1.0", empty.json().get("version").asText());
            case "junit" -> assertEquals("0", xml(empty.out()).getDocumentElement().getAttribute("tests"));
            default -> assertEquals("0 objects: 0 denied, 0 in error, 0 warned, 0 allowed, 0 skipped", lastLine(empty.out()));
        }
    }

    // ---- errors: never a pass; the exit status is admission's (1 only when an error is at deny)

    @Test
    void anErrorAtWarnExitsZeroAndAtDenyExitsOne() {
        // The worker's ConfigMap is in no file: reference-unresolved, an error at warn by default.
        Path worker = TREE.resolve("b-apps/worker.yml");
        Run atWarn = audit("--format", "json", worker.toString());
        atWarn.assertSucceeded(AuditCommand.OK);
        JsonNode summary = atWarn.json().get("summary");
        assertEquals(List.of(1, 0, 1, 0), List.of(summary.get("objects").asInt(), summary.get("denied").asInt(),
                summary.get("errors").asInt(), summary.get("refused").asInt()), summary.toString());

        withProperty("django-guard.severity.reference-unresolved", "deny", () -> {
            Run atDeny = audit("--format", "json", worker.toString());
            atDeny.assertSucceeded(AuditCommand.DENIED);
            JsonNode s = atDeny.json().get("summary");
            assertEquals(List.of(0, 1, 1), List.of(s.get("denied").asInt(), s.get("errors").asInt(), s.get("refused").asInt()),
                    s.toString());
            assertEquals("error", results(atDeny.json()).get(0).get("verdict").asText(), "still an error, refused for it");
        });

        // invalid-setting-value is at deny unless configured to warn
        audit(DEBUG_UNREADABLE.toString()).assertSucceeded(AuditCommand.DENIED);
        withProperty("django-guard.severity.invalid-setting-value", "warn", () -> {
            Run lowered = audit("--format", "json", DEBUG_UNREADABLE.toString());
            lowered.assertSucceeded(AuditCommand.OK);
            assertEquals("error", results(lowered.json()).get(0).get("verdict").asText(), "an error at warn is never allow");
        });
    }

    @Test
    void everyFormatCarriesTheError() throws Exception {
        Run json = audit("--format", "json", DEBUG_UNREADABLE.toString());
        JsonNode web = results(json.json()).get(0);
        assertEquals("error", web.get("verdict").asText(), web.toPrettyString());
        assertEquals("error", findings(web, "invalid-setting-value").get(0).get("kind").asText());

        Run text = audit(DEBUG_UNREADABLE.toString());
        assertTrue(text.out().startsWith("Deployment shop/web (" + DEBUG_UNREADABLE + ":2): ERROR (profile declared, enforcement enforce): could not be fully judged "
                + "(1 error); admission would refuse it\n  django container \"web\" (web): "), text.describe());
        assertTrue(text.out().contains("\n  error  [invalid-setting-value] container \"web\": "), text.describe());
        assertEquals("1 object: 0 denied, 1 in error, 0 warned, 0 allowed, 0 skipped", lastLine(text.out()));

        JsonNode run = audit("--format", "sarif", DEBUG_UNREADABLE.toString()).json().get("runs").get(0);
        JsonNode notification = run.get("invocations").get(0).get("toolExecutionNotifications").get(0);
        assertEquals("error", notification.get("level").asText());
        assertEquals("invalid-setting-value", notification.get("associatedRule").get("id").asText());
        assertEquals("invalid-setting-value", run.get("results").get(0).get("ruleId").asText());

        Document junit = xml(audit("--format", "junit", DEBUG_UNREADABLE.toString()).out());
        assertEquals("1", junit.getDocumentElement().getAttribute("errors"));
        assertEquals("0", junit.getDocumentElement().getAttribute("failures"));
        assertEquals("invalid-setting-value",
                ((org.w3c.dom.Element) junit.getElementsByTagName("error").item(0)).getAttribute("type"));
    }

    @Test
    void everyFormatSaysWhyAnObjectWasSkipped() throws Exception {
        String service = read(TREE.resolve("c-service.json"));
        String reason = "not a kind django-guard judges";
        assertEquals(reason, results(auditWithStdin(service, "--format", "json", "-").json()).get(0).get("reason").asText());
        assertTrue(auditWithStdin(service, "-").out().startsWith("Service shop/web (-:1): skipped (" + reason + ")\n"));
        Document junit = xml(auditWithStdin(service, "--format", "junit", "-").out());
        assertEquals(reason, ((org.w3c.dom.Element) junit.getElementsByTagName("skipped").item(0)).getAttribute("message"));
        JsonNode sarif = auditWithStdin(service, "--format", "sarif", "-").json().get("runs").get(0);
        assertTrue(sarif.get("results").isEmpty(), sarif.toString());
        assertEquals("Service shop/web was skipped: " + reason,
                sarif.at("/invocations/0/toolExecutionNotifications/0/message/text").asText(), sarif.toString());
    }

    // ---- secrets

    @ParameterizedTest
    @ValueSource(strings = {"json", "text", "sarif", "junit"})
    void aLiteralSecretKeyIsNeverEchoed(String format) {
        assertTrue(read(SECRETS).contains(SECRET_MARKER), "the fixture holds the marker");
        Run run = audit("--format", format, SECRETS.toString());
        run.assertSucceeded(AuditCommand.DENIED);
        assertFalse(run.out().contains(SECRET_MARKER), run.describe());
        assertFalse(run.err().contains(SECRET_MARKER), run.describe());
        // The findings that are about those secrets are there, though.
        assertTrue(run.out().contains("secret-key-inline") && run.out().contains("secret-key-in-configmap"), run.describe());

        Run stdin = auditWithStdin(read(SECRETS), "--format", format, "-");
        assertEquals(AuditCommand.DENIED, stdin.status(), stdin.describe());
        assertFalse((stdin.out() + stdin.err()).contains(SECRET_MARKER), stdin.describe());
    }

    @ParameterizedTest
    @ValueSource(strings = {"mapping-value.yaml", "schema-mismatch.yaml", "broken.json"})
    void anUnreadableManifestIsNamedWithoutQuotingIt(String file) {
        Path path = UNREADABLE.resolve(file);
        assertTrue(read(path).contains(SECRET_MARKER), "the fixture holds the marker");
        for (String format : FORMATS) {
            Run run = audit("--format", format, path.toString());
            run.assertRefused();
            assertTrue(run.err().startsWith("django-guard: " + path + ": document 1, line "), run.describe());
            assertFalse(run.err().contains(SECRET_MARKER), run.describe());
        }
        Run stdin = auditWithStdin(read(path), "-");
        stdin.assertRefused();
        assertFalse(stdin.err().contains(SECRET_MARKER), stdin.describe());
    }

    // ---- configuration

    @Test
    void aSeverityFromSystemPropertiesApplies() {
        assertEquals(AuditCommand.DENIED, audit(DEBUG_ON.toString()).status());
        String key = "django-guard.severity.debug-enabled";
        String before = System.getProperty(key);
        System.setProperty(key, "off");
        try {
            Run run = audit("--format", "json", DEBUG_ON.toString());
            run.assertSucceeded(AuditCommand.OK);
            JsonNode deployment = results(run.json()).get(0);
            assertTrue(findings(deployment, "debug-enabled").isEmpty(), deployment.toPrettyString());
            assertEquals("allow", deployment.get("verdict").asText());
        } finally {
            restore(key, before);
        }
        assertEquals(AuditCommand.DENIED, audit(DEBUG_ON.toString()).status(), "the property was restored");
    }

    @Test
    void aSeverityCanBeLoweredToWarn() {
        String key = "django-guard.severity.debug-enabled";
        String before = System.getProperty(key);
        System.setProperty(key, "warn");
        try {
            Run run = audit("--format", "json", DEBUG_ON.toString());
            run.assertSucceeded(AuditCommand.OK);
            JsonNode deployment = results(run.json()).get(0);
            assertEquals("warn", deployment.get("verdict").asText());
            assertEquals("warn", findings(deployment, "debug-enabled").get(0).get("severity").asText());
        } finally {
            restore(key, before);
        }
    }

    /** An error is never a pass: the command line refuses to switch an error rule off, as the server does. */
    @Test
    void anErrorRuleSwitchedOffExitsTwoWithOneLineNamingIt() {
        Run run = auditWithProperty("django-guard.severity.reference-unresolved", "off", CLEAN.toString());
        run.assertRefused();
        assertEquals("", run.out(), run.describe());
        assertEquals("django-guard: django-guard.severity.reference-unresolved=off: reference-unresolved reports what "
                + "could not be evaluated, which is never a pass; use deny or warn\n", run.err(), run.describe());
    }

    @Test
    void anUnknownSeverityKeyExitsTwoWithOneLineNamingIt() {
        String key = "django-guard.severity.nope";
        String before = System.getProperty(key);
        System.setProperty(key, "warn");
        try {
            Run run = audit(CLEAN.toString());
            run.assertRefused();
            assertFalse(run.err().strip().contains("\n"), "one line: " + run.describe());
            assertTrue(run.err().startsWith("django-guard: django-guard.severity.nope"), run.describe());
        } finally {
            restore(key, before);
        }
        assertEquals(AuditCommand.OK, audit(CLEAN.toString()).status(), "the property was restored");
    }

    @Test
    void anUnknownSeverityValueExitsTwoNamingTheKey() {
        String key = "django-guard.severity.debug-enabled";
        String before = System.getProperty(key);
        System.setProperty(key, "loud");
        try {
            Run run = audit(CLEAN.toString());
            run.assertRefused();
            assertFalse(run.err().strip().contains("\n"), "one line: " + run.describe());
            assertTrue(run.err().contains(key) && run.err().contains("loud"), run.describe());
        } finally {
            restore(key, before);
        }
    }

    // ---- regressions: a JSON object's first line, and a byte order mark

    @Test
    void aJsonObjectsSourceLineIsWhereItStarts() {
        JsonNode service = result(audit("--format", "json", TREE.toString()).json(), "Service", "web");
        assertEquals(1, service.get("source").get("line").asInt(), service.toPrettyString());
    }

    @Test
    void aJsonFileWithAByteOrderMarkIsRead(@TempDir Path dir) throws Exception {
        Path bom = dir.resolve("service.json");
        Files.writeString(bom, "\uFEFF" + read(TREE.resolve("c-service.json")), StandardCharsets.UTF_8);
        audit(bom.toString()).assertSucceeded(AuditCommand.OK);
    }

    // ---- helpers

    /** Runs {@code body} with the system property {@code key} set to {@code value}, then puts back what was there. */
    static void withProperty(String key, String value, Runnable body) {
        String before = System.getProperty(key);
        System.setProperty(key, value);
        try {
            body.run();
        } finally {
            restore(key, before);
        }
    }

    /** The audit run with one system property set, as -D would set it; the property is as it was afterwards. */
    static Run auditWithProperty(String key, String value, String... args) {
        Run[] run = new Run[1];
        withProperty(key, value, () -> run[0] = audit(args));
        return run[0];
    }

    static void restore(String key, String before) {
        if (before == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, before);
        }
    }

    static List<String> fieldNames(JsonNode node) {
        assertNotNull(node);
        assertTrue(node.isObject(), node.toString());
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
            names.add(it.next());
        }
        return names;
    }

    static Stream<JsonNode> stream(JsonNode array) {
        List<JsonNode> list = new ArrayList<>();
        array.forEach(list::add);
        return list.stream();
    }

    static Document xml(String text) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        f.setNamespaceAware(true);
        var builder = f.newDocumentBuilder();
        builder.setErrorHandler(null);
        try {
            return builder.parse(new InputSource(new java.io.StringReader(text)));
        } catch (Exception e) {
            throw new AssertionError("stdout is not one XML document: " + e.getMessage() + "\n" + text, e);
        }
    }
}
