package io.djangoguard.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.djangoguard.TestServers;
import io.djangoguard.TestTls;

/**
 * The attack issue 8 reproduced, on the packaged jar at the chart's heap (384 MiB, exit on out-of-memory): YAML alias
 * and merge-key bombs, recursive aliases and deep nesting posted to /audit again and again while admission reviews
 * keep coming. Each hostile body is a 400 naming the limit, within a second; every review is answered; the server
 * is alive and ready at the end, and its log holds no stack trace.
 */
class HostileAuditIT {

    static final Path ROOT = Path.of("").toAbsolutePath();
    static final Path JAR = ROOT.resolve("target/quarkus-app/quarkus-run.jar");
    static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    static final Path HOSTILE = ROOT.resolve("src/test/resources/audit/hostile");

    @TempDir
    Path work;

    private Process server;

    @AfterEach
    void stop() throws Exception {
        if (server != null && server.isAlive()) {
            server.destroy();
            server.waitFor();
        }
    }

    @Test
    void bombsAreRefusedQuicklyWhileAdmissionKeepsAnswering() throws Exception {
        int port;
        try (var s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path log = work.resolve("server.log");
        ProcessBuilder pb = new ProcessBuilder(JAVA, "-Xmx384m", "-XX:+ExitOnOutOfMemoryError",
                "-Dquarkus.http.ssl-port=" + port, "-jar", JAR.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().remove("JAVA_OPTS");
        server = pb.start();
        HttpClient http = HttpClient.newBuilder().sslContext(TestTls.trustAll()).connectTimeout(Duration.ofSeconds(5)).build();
        String base = "https://localhost:" + port;
        TestServers.awaitReady(server, http, URI.create(base + "/q/health/ready"), Duration.ofSeconds(90), log, null);

        byte[] review = Files.readAllBytes(ROOT.resolve("examples/admission-review-good.json"));
        AtomicBoolean stop = new AtomicBoolean();
        List<String> reviewFailures = new CopyOnWriteArrayList<>();
        int[] reviews = {0};
        Thread admission = new Thread(() -> {
            while (!stop.get()) {
                try {
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/validate"))
                            .timeout(Duration.ofSeconds(5)).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(review)).build(), HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() != 200 || !r.body().contains("\"allowed\":true")) {
                        reviewFailures.add(r.statusCode() + " " + r.body());
                    }
                    reviews[0]++;
                } catch (Exception e) {
                    reviewFailures.add(e.toString());
                }
            }
        });
        admission.start();

        List<Path> bodies = new ArrayList<>();
        try (var files = Files.list(HOSTILE)) {
            files.filter(f -> !f.getFileName().toString().startsWith("many-documents")).sorted().forEach(bodies::add);
        }
        assertTrue(bodies.size() >= 6, "the hostile fixtures are missing: " + bodies);
        List<String> problems = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            for (Path body : bodies) {
                long start = System.nanoTime();
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/audit"))
                        .timeout(Duration.ofSeconds(10)).header("Content-Type", body.toString().endsWith(".json")
                                ? "application/json" : "application/yaml")
                        .POST(HttpRequest.BodyPublishers.ofFile(body)).build(), HttpResponse.BodyHandlers.ofString());
                long ms = (System.nanoTime() - start) / 1_000_000;
                if (r.statusCode() != 400 || !r.body().contains("\"error\"")) {
                    problems.add(body.getFileName() + ": " + r.statusCode() + " " + r.body());
                }
                if (ms > 1000) {
                    problems.add(body.getFileName() + ": answered in " + ms + " ms");
                }
            }
        }
        stop.set(true);
        admission.join(10_000);

        String serverLog = Files.readString(log);
        assertEquals(List.of(), problems, serverLog);
        assertEquals(List.of(), reviewFailures, "reviews failed while audits were refused");
        assertTrue(reviews[0] > 0, "no review was sent");
        assertTrue(server.isAlive(), "the server died\n" + serverLog);
        assertEquals(200, http.send(HttpRequest.newBuilder(URI.create(base + "/q/health/ready")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode());
        assertTrue(!serverLog.contains("\tat "), "a stack trace was logged\n" + serverLog);
    }
}
