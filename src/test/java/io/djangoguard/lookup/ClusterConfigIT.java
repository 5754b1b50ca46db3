package io.djangoguard.lookup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.djangoguard.TestServers;
import io.djangoguard.TestTls;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;

/**
 * The cluster configuration and the caches' health as an operator meets them: the packaged jar in a process of its
 * own, with its shipped logging configuration. A kubeconfig that is not there stops the server with one line and exit
 * status 2; an API server that does not answer is one warning, not a stack trace per retry, and readiness says so.
 */
public class ClusterConfigIT {

    static final Path ROOT = Path.of("").toAbsolutePath();
    static final Path JAR = ROOT.resolve("target/quarkus-app/quarkus-run.jar");
    static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    @BeforeAll
    public static void thePackagedJarIsThere() {
        if (!Files.isRegularFile(JAR)) {
            fail(JAR + " is missing: build it first with ./mvnw package -DskipTests (or run ./mvnw verify)");
        }
    }

    public record Exit(int status, String out, String err) {
        public String describe() {
            return "exit " + status + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    /** The server, started with {@code env} (KUBECONFIG, KUBERNETES_* and HOME under test control), expected to stop. */
    Exit startExpectingExit(Map<String, String> env, String... options) throws Exception {
        List<String> command = new ArrayList<>(List.of("-Dquarkus.http.ssl-port=" + freePort(),
                "-Duser.home=" + Files.createDirectories(work.resolve("home"))));
        command.addAll(List.of(options));
        return runJarExpectingExit(work, env, command);
    }

    /**
     * The packaged jar run in {@code work} with these JVM options and then {@code args}, in an environment cleaned of
     * KUBE*, DJANGO_GUARD_* and QUARKUS_* variables plus {@code env}; it must stop within 90 s.
     */
    public static Exit runJarExpectingExit(Path work, Map<String, String> env, List<String> options, String... args)
            throws Exception {
        List<String> command = new ArrayList<>(List.of(JAVA));
        command.addAll(options);
        command.addAll(List.of("-jar", JAR.toString()));
        command.addAll(List.of(args));
        Path out = work.resolve("out.txt");
        Path err = work.resolve("err.txt");
        ProcessBuilder pb = new ProcessBuilder(command).directory(work.toFile()).redirectOutput(out.toFile())
                .redirectError(err.toFile());
        clean(pb.environment()).putAll(env);
        Process p = pb.start();
        try {
            if (!p.waitFor(90, TimeUnit.SECONDS)) {
                fail("the server did not stop within 90 s\n" + Files.readString(out) + Files.readString(err));
            }
            return new Exit(p.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            p.destroyForcibly();
        }
    }

    static Map<String, String> clean(Map<String, String> env) {
        env.keySet().removeIf(k -> k.startsWith("KUBE") || k.startsWith("DJANGO_GUARD_") || k.startsWith("QUARKUS_"));
        env.remove("JAVA_OPTS");
        env.put("HOME", "/nonexistent-home");
        return env;
    }

    static void assertOneLineAndNoStackTrace(Exit e, String expected) {
        assertEquals(2, e.status(), e.describe());
        assertEquals(expected + "\n", e.err(), e.describe());
        assertFalse(e.out().contains("Exception") || e.out().lines().anyMatch(l -> l.startsWith("\tat ")), e.describe());
        assertFalse(e.out().contains("Listening on"), "it must not have started serving\n" + e.describe());
    }

    @Test
    void aKubeconfigThatDoesNotExistStopsTheServerWithOneLine() throws Exception {
        String missing = work.resolve("nowhere/config") + ":" + work.resolve("also-missing");
        Exit e = startExpectingExit(Map.of("KUBECONFIG", missing));
        assertOneLineAndNoStackTrace(e, "django-guard: KUBECONFIG names no file that exists: " + missing
                + "; mount the kubeconfig there, fix the setting, or set django-guard.cluster.enabled=false to run "
                + "without cluster lookups");
    }

    @Test
    void clusterLookupsSwitchedOnWithNoClusterStopTheServerWithOneLine() throws Exception {
        Exit e = startExpectingExit(Map.of(), "-Ddjango-guard.cluster.enabled=true");
        assertOneLineAndNoStackTrace(e, "django-guard: django-guard.cluster.enabled=true but no cluster is configured: "
                + "not in a pod (KUBERNETES_SERVICE_HOST unset), no KUBECONFIG, no ~/.kube/config and no "
                + "quarkus.kubernetes-client.api-server-url; configure one, or set django-guard.cluster.enabled=auto "
                + "(on only when a cluster is configured) or false");
    }

    @Test
    void switchedOffAMissingKubeconfigDoesNotMatter() throws Exception {
        int port = freePort();
        Path log = work.resolve("off.log");
        ProcessBuilder pb = new ProcessBuilder(JAVA, "-Dquarkus.http.ssl-port=" + port, "-Ddjango-guard.cluster.enabled=false",
                "-jar", JAR.toString()).directory(work.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        clean(pb.environment()).put("KUBECONFIG", work.resolve("missing").toString());
        Process server = pb.start();
        try {
            HttpClient http = HttpClient.newBuilder().sslContext(TestTls.trustAll()).build();
            URI ready = URI.create("https://localhost:" + port + "/q/health/ready");
            TestServers.awaitReady(server, http, ready, Duration.ofSeconds(90), log, null);
            assertEquals("off", cacheState(http, ready).get("state").asText());
        } finally {
            stop(server);
        }
    }

    /**
     * An API server that is down, then up, then down again: one line per change, no stack trace, and readiness (UP
     * throughout) saying unreachable, loaded, unreachable; a review that waited on the caches does not make them
     * "loaded".
     */
    @Test
    void anApiThatComesAndGoesIsOneLinePerChangeAndReadinessSaysWhatIsTrue() throws Exception {
        int apiPort = freePort();
        Path kubeconfig = Files.writeString(work.resolve("kubeconfig"), """
                apiVersion: v1
                kind: Config
                clusters: [{name: test, cluster: {server: "http://127.0.0.1:%d"}}]
                contexts: [{name: test, context: {cluster: test, user: test}}]
                current-context: test
                users: [{name: test, user: {token: not-a-real-token}}]
                """.formatted(apiPort));
        int port = freePort();
        Path log = work.resolve("server.log");
        ProcessBuilder pb = new ProcessBuilder(JAVA, "-Dquarkus.http.ssl-port=" + port,
                "-Ddjango-guard.cluster.lookup-timeout=300ms", "-jar", JAR.toString())
                .directory(work.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        clean(pb.environment()).put("KUBECONFIG", kubeconfig.toString());
        Process server = pb.start();
        KubernetesMockServer api = null;
        try {
            HttpClient http = HttpClient.newBuilder().sslContext(TestTls.trustAll()).connectTimeout(Duration.ofSeconds(2)).build();
            URI ready = URI.create("https://localhost:" + port + "/q/health/ready");
            TestServers.awaitReady(server, http, ready, Duration.ofSeconds(90), log, null);

            // A review that needs a ConfigMap waits (300 ms) and is answered by the fail mode.
            HttpResponse<String> review = http.send(HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/validate"))
                    .header("Content-Type", "application/json").timeout(Duration.ofSeconds(5))
                    .POST(HttpRequest.BodyPublishers.ofString(ClusterUnreachableTest.REVIEW)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, review.statusCode(), review.body());
            assertTrue(review.body().contains("could not be read"), review.body());

            JsonNode down = awaitState(http, ready, "unreachable", Duration.ofSeconds(30), log);
            assertTrue(down.get("reason").asText().contains("Connection refused"), down.toString());
            assertFalse(down.get("since").asText().isEmpty(), down.toString());
            // Several seconds of retries (six informers, from 1 s apart): one warning, nothing else.
            Thread.sleep(8000);
            assertEquals("unreachable", cacheState(http, ready).get("state").asText());
            assertEquals(down.get("since"), cacheState(http, ready).get("since"), "unreachable since the first failure");
            String first = Files.readString(log);
            assertQuiet(first);
            assertEquals(1, count(first, "Cluster caches: the Kubernetes API cannot be reached (ConnectException: "
                    + "Connection refused); until it answers, reviews that need a ConfigMap follow "
                    + "django-guard.cluster.fail-mode. Retrying; the next line comes when it answers"), first);
            assertEquals(1, first.lines().filter(l -> l.matches("[\\d:.]+ (WARN|ERROR) .*")).count(), first);

            // The API answers: the informers' next retry (their back-off is at most 32 s) loads the caches.
            api = startApi(apiPort);
            awaitState(http, ready, "loaded", Duration.ofSeconds(60), log);
            String second = Files.readString(log);
            assertQuiet(second);
            assertEquals(1, count(second, "Cluster caches: the Kubernetes API answers again after "), second);

            // And goes away again: the watches are lost.
            api.destroy();
            api = null;
            JsonNode lost = awaitState(http, ready, "unreachable", Duration.ofSeconds(30), log);
            assertFalse(lost.get("reason").asText().isEmpty(), lost.toString());
            Thread.sleep(5000);
            String third = Files.readString(log);
            assertQuiet(third);
            assertEquals(1, count(third, "Cluster caches: lost the watch on the Kubernetes API")
                    + count(third, "Cluster caches: the Kubernetes API cannot be reached") - 1, third);
            assertEquals(2, third.lines().filter(l -> l.matches("[\\d:.]+ (WARN|ERROR) .*")).count(), third);
        } finally {
            if (api != null) {
                api.destroy();
            }
            stop(server);
        }
    }

    static KubernetesMockServer startApi(int port) {
        KubernetesMockServer api = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), false);
        api.init(InetAddress.getLoopbackAddress(), port);
        return api;
    }

    static void assertQuiet(String log) {
        assertTrue(log.lines().noneMatch(l -> l.startsWith("\tat ") || l.startsWith("Caused by")), "a stack trace was logged\n" + log);
        assertFalse(log.contains("Reflector"), "fabric8's per-retry warning was logged\n" + log);
    }

    static long count(String text, String needle) {
        return text.lines().filter(l -> l.contains(needle)).count();
    }

    static JsonNode cacheState(HttpClient http, URI ready) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), "readiness stays UP whatever the caches' state: " + r.body());
        for (JsonNode check : JSON.readTree(r.body()).get("checks")) {
            if (check.get("name").asText().equals("cluster-caches")) {
                assertEquals("UP", check.get("status").asText(), r.body());
                return check.get("data");
            }
        }
        throw new AssertionError("no cluster-caches check: " + r.body());
    }

    static JsonNode awaitState(HttpClient http, URI ready, String state, Duration timeout, Path log) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = cacheState(http, ready);
            if (last.get("state").asText().equals(state)) {
                return last;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the caches did not become " + state + " within " + timeout.toSeconds() + " s (last: "
                + last + ")\n" + Files.readString(log));
    }

    static void stop(Process p) throws InterruptedException {
        p.destroy();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
