package io.djangoguard.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

import io.djangoguard.OutsideTools;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;

/**
 * The chart's pieces against the real server, as the cluster would put them together, without a cluster: the
 * packaged jar (target/quarkus-app) runs with the Deployment's environment and the policy ConfigMap, serving the
 * certificate the chart generated; then the {@code helm test} Pod's own script runs with curl, reaching the
 * server by the Service's DNS name (curl --resolve to 127.0.0.1) and verifying the certificate against the CA
 * the chart put in the webhook's caBundle. Also asks the probes' paths over the same verified HTTPS.
 * The script's audit part runs too, in the three layouts of the audit: on a port and Service of its own (the
 * server listens where the ConfigMap says, the certificate names the audit Service), beside /validate with
 * token authentication, and switched off.
 */
class ChartServerIT {

    static final Path JAR = Helm.PROJECT.resolve("target/quarkus-app/quarkus-run.jar");
    static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    @TempDir
    Path work;

    /** The chart's audit layouts, with what the helm test script must print against the server. */
    enum Layout {
        OWN_PORT(List.of(), List.of("PASS: the audit denied the Deployment",
                "PASS: the webhook Service answered /audit with 404 (the audit is served by " + ChartRenderTest.AUDIT_SERVICE + ")")),
        BESIDE_VALIDATE_WITH_TOKENS(List.of("--set", "audit.separatePort=false", "--set", "audit.authentication=token"),
                List.of("PASS: the audit refused a caller without a token (401, audit.authentication=token)")),
        OFF(List.of("--set", "audit.enabled=false"), List.of("PASS: the webhook Service answered /audit with 404 (audit.enabled=false)"));

        final List<String> values;
        final List<String> passes;

        Layout(List<String> values, List<String> passes) {
            this.values = values;
            this.passes = passes;
        }
    }

    @ParameterizedTest
    @EnumSource(Layout.class)
    void theHelmTestScriptPassesAgainstTheServerWithTheGeneratedCertificate(Layout layout) throws Exception {
        OutsideTools.assumePresent(Files.isExecutable(Path.of("/usr/bin/curl")) || Files.isExecutable(Path.of("/bin/curl")),
                "ChartServerIT needs curl, as the helm test Pod has: apt-get install curl");
        if (!Files.isRegularFile(JAR)) {
            fail(JAR + " is missing: build it first with ./mvnw package -DskipTests (or run ./mvnw verify)");
        }
        int port;
        int auditPort;
        try (ServerSocket s = new ServerSocket(0); ServerSocket a = new ServerSocket(0)) {
            port = s.getLocalPort();
            auditPort = a.getLocalPort();
        }
        // The Service ports are the container ports here: curl reaches the server directly.
        List<String> args = new ArrayList<>(List.of("--set", "service.port=" + port, "--set", "audit.containerPort=" + auditPort,
                "--set", "audit.service.port=" + auditPort));
        args.addAll(layout.values);
        Rendered r = Rendered.of(Helm.template(ChartRenderTest.RELEASE, ChartRenderTest.NAMESPACE, args.toArray(String[]::new)));
        String host = ChartRenderTest.FULLNAME + "." + ChartRenderTest.NAMESPACE + ".svc";
        String auditHost = ChartRenderTest.AUDIT_SERVICE + "." + ChartRenderTest.NAMESPACE + ".svc";

        // The Secret as the pod and the test Pod see it, mounted.
        Secret tls = r.one(Secret.class);
        Path tlsDir = Files.createDirectories(work.resolve("tls"));
        for (String key : List.of("tls.crt", "tls.key", "ca.crt")) {
            Files.write(tlsDir.resolve(key), Base64.getDecoder().decode(tls.getData().get(key)));
        }
        assertEquals(tls.getData().get("ca.crt"), ChartRenderTest.webhook(r).getClientConfig().getCaBundle());
        Path testDir = work.resolve("test");
        Files.createDirectories(testDir.resolve("ca"));
        Files.createDirectories(testDir.resolve("review"));
        Files.write(testDir.resolve("ca/ca.crt"), Base64.getDecoder().decode(tls.getData().get("ca.crt")));
        ConfigMap testData = r.named(ConfigMap.class, ChartRenderTest.FULLNAME + "-test");
        for (String key : List.of("review.json", "deployment.json")) {
            Files.writeString(testDir.resolve("review").resolve(key), testData.getData().get(key));
        }

        // The webhook container: its env (TLS files moved to where they are here), envFrom the policy ConfigMap.
        Container c = ChartRenderTest.container(r.one(Deployment.class));
        List<String> command = new ArrayList<>(List.of(JAVA, "-Dquarkus.http.ssl-port=" + port, "-jar", JAR.toString()));
        ProcessBuilder pb = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(work.resolve("server.log").toFile());
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("DJANGO_GUARD_") || k.startsWith("QUARKUS_"));
        // The chart turns cluster lookups on; here the cluster is one whose API does not answer (a kubeconfig naming a
        // closed local port), never the developer's. (A KUBECONFIG naming no file is a start-up error.)
        env.put("KUBECONFIG", Files.writeString(work.resolve("kubeconfig"), """
                apiVersion: v1
                kind: Config
                clusters: [{name: down, cluster: {server: "https://127.0.0.1:%d"}}]
                contexts: [{name: down, context: {cluster: down, user: nobody}}]
                current-context: down
                users: [{name: nobody, user: {}}]
                """.formatted(closedPort())).toString());
        env.remove("KUBERNETES_SERVICE_HOST");
        env.putAll(ChartRenderTest.policyConfigMap(r).getData());
        for (EnvVar e : c.getEnv()) {
            env.put(e.getName(), e.getValue().replace("/etc/django-guard/tls", tlsDir.toString()));
        }
        Process server = pb.start();
        try {
            String curl = "curl --resolve " + host + ":" + port + ":127.0.0.1 --resolve " + auditHost + ":" + auditPort + ":127.0.0.1 ";
            waitReady(curl, host, port, testDir, server);
            for (String path : List.of("/q/health/live", "/q/health/ready")) {
                Result health = sh(curl + "-sS --fail --cacert " + testDir.resolve("ca/ca.crt") + " https://" + host + ":" + port + path);
                assertEquals(0, health.exit, () -> path + ": " + health.out);
            }

            Pod test = r.one(Pod.class);
            String script = String.join("\n", test.getSpec().getContainers().get(0).getArgs())
                    .replace("/etc/django-guard-test", testDir.toString())
                    .replace("curl ", curl);
            Result run = sh(script);
            assertEquals(0, run.exit, () -> "the helm test script failed:\n" + run.out + "\nserver log:\n" + log());
            assertTrue(run.out.contains("PASS: django-guard answered \"allowed\": false"), run.out);
            assertTrue(run.out.contains("[debug-enabled]"), run.out);
            for (String pass : layout.passes) {
                assertTrue(run.out.contains(pass), () -> "expected \"" + pass + "\" in:\n" + run.out);
            }
            if (layout != Layout.OWN_PORT) {
                return;
            }
            assertTrue(run.out.contains("\"denied\" : 1") || run.out.contains("\"denied\":1"), run.out);

            // The same script refuses a server whose certificate it cannot verify.
            Files.write(testDir.resolve("ca/ca.crt"), Base64.getDecoder().decode(
                    Rendered.of(Helm.template(ChartRenderTest.RELEASE, ChartRenderTest.NAMESPACE)).one(Secret.class).getData().get("ca.crt")));
            Result untrusted = sh(script.replace("--retry 5", "--retry 0"));
            assertEquals(1, untrusted.exit, untrusted.out);
            assertTrue(untrusted.out.contains("FAIL: no answer from the webhook over verified HTTPS"), untrusted.out);
        } finally {
            server.destroy();
            if (!server.waitFor(20, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }

    private void waitReady(String curl, String host, int port, Path testDir, Process server) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) {
                fail("the server stopped:\n" + log());
            }
            if (sh(curl + "-s --fail --cacert " + testDir.resolve("ca/ca.crt") + " https://" + host + ":" + port + "/q/health/ready").exit == 0) {
                return;
            }
            Thread.sleep(500);
        }
        fail("the server was not ready in 90 s:\n" + log());
    }

    /** A local port nothing listens on. */
    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private String log() {
        try {
            return Files.readString(work.resolve("server.log"));
        } catch (IOException e) {
            return e.toString();
        }
    }

    record Result(int exit, String out) {
    }

    private Result sh(String script) throws Exception {
        Process p = new ProcessBuilder("sh", "-c", script).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("sh did not finish: " + script);
        }
        return new Result(p.exitValue(), out);
    }
}
