package io.djangoguard.cli;

import io.djangoguard.TestServers;

import io.djangoguard.TestTls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xml.sax.InputSource;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@code bin/django-guard audit} as users run it: the packaged jar (target/quarkus-app, built by {@code package}) in
 * a process of its own, started by the wrapper script from the project root (failsafe's working directory).
 */
class CommandLineIT {

    static final Path ROOT = Path.of("").toAbsolutePath();
    static final Path JAR = ROOT.resolve("target/quarkus-app/quarkus-run.jar");
    static final Path WRAPPER = ROOT.resolve("bin/django-guard");
    static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    static final String CLI = "src/test/resources/cli/";

    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(90);
    static final Duration SERVER_START_TIMEOUT = Duration.ofSeconds(90);

    static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    @TempDir
    static Path work;

    /** Started by {@link #runsBesideARunningServerAndOpensNoPort}; always stopped, in its finally and here. */
    static Process server;

    @BeforeAll
    static void thePackagedJarIsThere() {
        if (!Files.isRegularFile(JAR)) {
            fail(JAR + " is missing: CommandLineIT runs the packaged application; build it first with "
                    + "./mvnw package -DskipTests (or run ./mvnw verify)");
        }
        assertTrue(Files.isRegularFile(WRAPPER), WRAPPER + " is missing");
    }

    @AfterAll
    static void stopTheServer() throws InterruptedException {
        stop(server);
    }

    record Result(int status, String out, String err) {

        String describe() {
            return "exit " + status + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }

        JsonNode json() {
            try {
                return JSON.readTree(out);
            } catch (IOException e) {
                throw new AssertionError("stdout must be the JSON report and nothing else: " + e.getMessage() + "\n"
                        + describe(), e);
            }
        }
    }

    static int runs;

    /** {@code bin/django-guard audit ARGS}, with {@code stdin} piped in (null: nothing, closed at once). */
    static Result audit(String stdin, Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        if (!Files.isExecutable(WRAPPER)) {
            command.add("sh");
        }
        command.add(WRAPPER.toString());
        command.add("audit");
        command.addAll(List.of(args));
        int n = ++runs;
        Path out = work.resolve("audit-" + n + ".out");
        Path err = work.resolve("audit-" + n + ".err");
        ProcessBuilder pb = new ProcessBuilder(command).directory(ROOT.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().remove("DJANGO_GUARD_JAR");
        pb.environment().remove("JAVA_OPTS");
        pb.environment().put("JAVA", JAVA);
        pb.environment().putAll(env);
        Process p = pb.start();
        try {
            try (OutputStream in = p.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!p.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                fail(String.join(" ", command) + " did not finish within " + COMMAND_TIMEOUT.toSeconds() + "s\n--- stderr\n"
                        + Files.readString(err));
            }
            return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            if (p.isAlive()) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    static Result audit(String... args) throws Exception {
        return audit(null, Map.of(), args);
    }

    static String lastLine(String text) {
        String[] lines = text.strip().split("\n");
        return lines[lines.length - 1];
    }

    // ---- exit status

    /**
     * The packaged jar renders a chart (its child JVM started from quarkus-run.jar) and never talks to the cluster of
     * the caller's kubeconfig or service account: one stands by here, and must see no connection.
     */
    @Test
    void aChartIsRenderedFromThePackagedJarWithoutTouchingTheCallersCluster(@TempDir Path dir) throws Exception {
        try (ServerSocket callersCluster = new ServerSocket(0)) {
            callersCluster.setSoTimeout(200);
            Path kubeconfig = dir.resolve("kubeconfig");
            Files.writeString(kubeconfig, """
                    apiVersion: v1
                    kind: Config
                    clusters: [{name: c, cluster: {server: "http://127.0.0.1:%d"}}]
                    contexts: [{name: c, context: {cluster: c, user: u}}]
                    current-context: c
                    users: [{name: u, user: {token: t}}]
                    """.formatted(callersCluster.getLocalPort()));
            Result r = audit(null, Map.of("KUBECONFIG", kubeconfig.toString(), "KUBERNETES_SERVICE_HOST", "127.0.0.1",
                    "KUBERNETES_SERVICE_PORT", String.valueOf(callersCluster.getLocalPort())),
                    "--values", "src/test/resources/charts/shop-staging-values.yaml", "src/test/resources/charts/django-shop");
            assertEquals(1, r.status(), r.describe());
            assertTrue(r.out().contains("Job release-name-shop-migrate (src/test/resources/charts/django-shop/templates/migrate-job.yaml): DENIED"),
                    r.describe());
            assertEquals("", r.err(), r.describe());
            try {
                callersCluster.accept().close();
                fail("the chart's lookup went to the caller's cluster");
            } catch (java.net.SocketTimeoutException expected) {
                // nothing came
            }
        }
    }

    @Test
    void aCleanManifestExitsZero() throws Exception {
        Result r = audit(CLI + "clean.yaml");
        assertEquals(0, r.status(), r.describe());
        assertEquals("1 object: 0 denied, 0 in error, 0 warned, 1 allowed, 0 skipped", lastLine(r.out()), r.describe());
        assertFalse(r.err().contains("Exception"), r.describe());
    }

    @Test
    void aDeniedManifestExitsOne() throws Exception {
        Result r = audit(CLI + "debug-on.yaml");
        assertEquals(1, r.status(), r.describe());
        assertTrue(r.out().contains("[debug-enabled]"), r.describe());
        assertEquals("1 object: 1 denied, 0 in error, 0 warned, 0 allowed, 0 skipped", lastLine(r.out()), r.describe());
    }

    @Test
    void unreadableInputAndWrongUsageExitTwo() throws Exception {
        // An unreadable input is named on stderr and listed in the report of the rest, written all the same.
        Result missing = audit(CLI + "no-such-manifest.yaml");
        assertEquals(2, missing.status(), missing.describe());
        assertTrue(missing.out().startsWith("could not be read (the rest was judged):\n  " + CLI + "no-such-manifest.yaml: "),
                missing.describe());
        assertTrue(missing.err().contains(CLI + "no-such-manifest.yaml: no such file or directory"), missing.describe());

        Result broken = audit(CLI + "broken.yaml");
        assertEquals(2, broken.status(), broken.describe());
        assertTrue(broken.out().contains("could not be read (the rest was judged):"), broken.describe());
        assertTrue(broken.err().contains("django-guard: " + CLI + "broken.yaml: document 2, line 13: "), broken.describe());

        Result usage = audit("--format", "xml", CLI + "clean.yaml");
        assertEquals(2, usage.status(), usage.describe());
        assertEquals("", usage.out(), usage.describe());
        assertTrue(usage.err().contains("usage: django-guard audit"), usage.describe());

        Result none = audit();
        assertEquals(2, none.status(), none.describe());
        assertEquals("", none.out(), none.describe());
    }

    /** The issue: on an alias bomb the command line used 7 GB and printed nothing in 60 s. At the chart's heap now. */
    @Test
    void hostileYamlExitsTwoWithOneLineAtTheChartsHeap() throws Exception {
        Map<String, String> heap = Map.of("JAVA_OPTS", "-Xmx384m -XX:+ExitOnOutOfMemoryError");
        for (String fixture : List.of("alias-bomb.yaml", "merge-key-bomb.yaml", "recursive-sequence.yaml", "deep-block.yaml")) {
            String path = "src/test/resources/audit/hostile/" + fixture;
            Result r = audit(null, heap, path);
            assertEquals(2, r.status(), r.describe());
            assertTrue(r.out().startsWith("could not be read (the rest was judged):\n  " + path + ": document 1, line "),
                    r.describe());
            assertEquals(1, r.err().lines().count(), "one line, no stack trace: " + r.describe());
            assertTrue(r.err().startsWith("django-guard: " + path + ": document 1, line "), r.describe());
        }
    }

    @Test
    void helpGoesToStdoutAndExitsZero() throws Exception {
        Result r = audit("--help");
        assertEquals(0, r.status(), r.describe());
        assertTrue(r.out().startsWith("usage: django-guard audit"), r.describe());
    }

    // ---- output

    @Test
    void jsonOnStdoutIsTheReportAndNothingElse() throws Exception {
        Result r = audit("--format", "json", CLI + "tree");
        assertEquals(1, r.status(), r.describe());
        JsonNode report = r.json();
        JsonNode summary = report.get("summary");
        assertEquals(4, summary.get("objects").asInt(), r.describe());
        assertEquals(2, summary.get("denied").asInt(), r.describe());
        assertEquals(1, summary.get("errors").asInt(), r.describe()); // the worker's ConfigMap is in no file
        assertEquals(0, summary.get("warned").asInt(), r.describe());
        assertEquals(1, summary.get("skipped").asInt(), r.describe());
        assertEquals(CLI + "tree/a-configmaps/settings.yaml", report.get("results").get(0).get("source").get("file").asText());
        // Cross-file resolution in the packaged application too.
        JsonNode web = report.get("results").get(1);
        assertEquals("web", web.get("name").asText());
        assertEquals("debug-enabled", web.get("findings").get(0).get("rule").asText(), web.toPrettyString());
        assertFalse(r.err().contains("Exception"), r.describe());
    }

    @Test
    void sarifAndJunitOnStdoutParse() throws Exception {
        Result sarif = audit("--format", "sarif", CLI + "tree");
        assertEquals(1, sarif.status(), sarif.describe());
        assertEquals("2.1.0", sarif.json().get("version").asText());

        Result junit = audit("--format", "junit", CLI + "tree");
        assertEquals(1, junit.status(), junit.describe());
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        var builder = f.newDocumentBuilder();
        builder.setErrorHandler(null);
        try {
            assertEquals("testsuites", builder.parse(new InputSource(new java.io.StringReader(junit.out())))
                    .getDocumentElement().getTagName());
        } catch (org.xml.sax.SAXException e) {
            throw new AssertionError("stdout must be the JUnit XML report and nothing else: " + junit.describe(), e);
        }
    }

    @Test
    void aLiteralSecretKeyIsNotEchoed() throws Exception {
        for (String format : List.of("text", "json", "sarif", "junit")) {
            Result r = audit("--format", format, CLI + "secrets.yaml");
            assertEquals(1, r.status(), r.describe());
            assertFalse((r.out() + r.err()).contains("SNITCH-7f3a9c"), r.describe());
        }
    }

    // ---- standard input

    @Test
    void helmTemplateOutputPipedIn() throws Exception {
        String helm = Files.readString(ROOT.resolve(CLI + "helm-template.yaml"));
        Result r = audit(helm, Map.of(), "--format", "json", "-");
        assertEquals(1, r.status(), r.describe());
        JsonNode results = r.json().get("results");
        assertEquals(3, results.size(), r.describe());
        List<String> kinds = new ArrayList<>();
        for (JsonNode result : results) {
            kinds.add(result.get("kind").asText());
            assertEquals("-", result.get("source").get("file").asText(), result.toString());
        }
        assertEquals(List.of("ServiceAccount", "ConfigMap", "Deployment"), kinds);
        assertEquals("debug-enabled", results.get(2).get("findings").get(0).get("rule").asText(), r.describe());

        Result text = audit(helm, Map.of(), "-");
        assertEquals(1, text.status(), text.describe());
        assertEquals("3 objects: 2 denied, 0 in error, 0 warned, 0 allowed, 1 skipped", lastLine(text.out()), text.describe());

        Result empty = audit("", Map.of(), "-");
        assertEquals(0, empty.status(), empty.describe());
        assertEquals("0 objects: 0 denied, 0 in error, 0 warned, 0 allowed, 0 skipped", lastLine(empty.out()), empty.describe());
    }

    // ---- configuration, as -D options through JAVA_OPTS

    @Test
    void configurationComesFromSystemProperties() throws Exception {
        Result off = audit(null, Map.of("JAVA_OPTS", "-Ddjango-guard.severity.debug-enabled=off"), CLI + "debug-on.yaml");
        assertEquals(0, off.status(), off.describe());

        Result bad = audit(null, Map.of("JAVA_OPTS", "-Ddjango-guard.severity.nope=warn"), CLI + "clean.yaml");
        assertEquals(2, bad.status(), bad.describe());
        assertEquals("", bad.out(), bad.describe());
        assertTrue(bad.err().contains("django-guard.severity.nope"), bad.describe());
    }

    @Test
    void configurationComesFromEnvironmentVariables() throws Exception {
        Result off = audit(null, Map.of("DJANGO_GUARD_SEVERITY_DEBUG_ENABLED", "off"), CLI + "debug-on.yaml");
        assertEquals(0, off.status(), off.describe());
    }

    // ---- beside the server

    @Test
    void runsBesideARunningServerAndOpensNoPort() throws Exception {
        int sslPort = freePort();
        int httpPort = freePort();
        Path log = work.resolve("server.log");
        ProcessBuilder pb = new ProcessBuilder(JAVA, "-Dquarkus.http.ssl-port=" + sslPort, "-Dquarkus.http.port=" + httpPort,
                "-jar", JAR.toString()).directory(ROOT.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().remove("JAVA_OPTS");
        server = pb.start();
        try {
            URI ready = URI.create("https://localhost:" + sslPort + "/q/health/ready");
            HttpClient http = HttpClient.newBuilder().sslContext(TestTls.trustAll()).connectTimeout(Duration.ofSeconds(2)).build();
            TestServers.awaitReady(server, http, ready, SERVER_START_TIMEOUT, log, null);

            // The audit is told the server's own ports: were it to start a server, it would fail to bind them.
            Map<String, String> samePorts = Map.of("JAVA_OPTS",
                    "-Dquarkus.http.ssl-port=" + sslPort + " -Dquarkus.http.port=" + httpPort);
            Result clean = audit(null, samePorts, CLI + "clean.yaml");
            assertEquals(0, clean.status(), clean.describe());
            assertEquals("1 object: 0 denied, 0 in error, 0 warned, 1 allowed, 0 skipped", lastLine(clean.out()), clean.describe());
            Result denied = audit(null, samePorts, "--format", "json", CLI + "debug-on.yaml");
            assertEquals(1, denied.status(), denied.describe());
            assertEquals(1, denied.json().get("summary").get("denied").asInt(), denied.describe());
            Result piped = audit(Files.readString(ROOT.resolve(CLI + "helm-template.yaml")), Map.of(), "-");
            assertEquals(1, piped.status(), piped.describe());

            assertTrue(server.isAlive(), "the server must still run after the audits\n" + Files.readString(log));
            HttpResponse<String> after = http.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, after.statusCode(), after.body());
        } finally {
            stop(server);
        }
        assertFalse(server.isAlive());
    }



    static void stop(Process p) throws InterruptedException {
        if (p == null || !p.isAlive()) {
            return;
        }
        p.destroy();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }

}
