package io.djangoguard.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.djangoguard.TestServers;
import io.djangoguard.TestTls;

/**
 * Certificate renewal on the packaged jar: the server reads its pair from a Secret volume laid out as the kubelet does
 * ({@link MountedSecret}) and re-reads it every second. A valid renewal is served, logged once and drops no connection;
 * a mismatched pair or a corrupt PEM is not installed: the certificate in use stays, with one error line.
 */
class TlsReloadIT {

    static final Path ROOT = Path.of("").toAbsolutePath();
    static final Path JAR = ROOT.resolve("target/quarkus-app/quarkus-run.jar");
    static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    /** Generous: a renewal is picked up within one reload period (1 s) on an idle machine. */
    static final Duration PICKED_UP = Duration.ofSeconds(20);

    @TempDir
    static Path work;

    static MountedSecret secret;
    static Process server;
    static Path log;
    static int port;

    @BeforeAll
    static void startTheServer() throws Exception {
        if (!Files.isRegularFile(JAR)) {
            fail(JAR + " is missing: build it first with ./mvnw package -DskipTests (or run ./mvnw verify)");
        }
        secret = MountedSecret.create(Files.createDirectories(work.resolve("tls")));
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        log = work.resolve("server.log");
        ProcessBuilder pb = new ProcessBuilder(JAVA, "-Dquarkus.http.ssl-port=" + port,
                "-Ddjango-guard.tls.reload-period=1s", "-Ddjango-guard.cluster.enabled=false", "-jar", JAR.toString())
                .directory(work.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("DJANGO_GUARD_") || k.equals("JAVA_OPTS"));
        pb.environment().remove("KUBERNETES_SERVICE_HOST");
        pb.environment().put("DJANGO_GUARD_TLS_CERT_FILE", secret.certFile().toString());
        pb.environment().put("DJANGO_GUARD_TLS_KEY_FILE", secret.keyFile().toString());
        server = pb.start();
        HttpClient http = HttpClient.newBuilder().sslContext(TestTls.trustAll()).connectTimeout(Duration.ofSeconds(2)).build();
        TestServers.awaitReady(server, http, URI.create("https://localhost:" + port + "/q/health/ready"),
                Duration.ofSeconds(90), log, null);
    }

    @AfterAll
    static void stopTheServer() throws InterruptedException {
        if (server != null) {
            server.destroy();
            if (!server.waitFor(20, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }

    /** Each test starts from a valid pair that is being served. */
    X509Certificate before;

    @BeforeEach
    void aValidPairIsServed() throws Exception {
        before = secret.renew();
        awaitServed(before);
    }

    @Test
    void aRenewedPairIsServedAndLoggedOnce() throws Exception {
        long mark = Files.size(log);
        X509Certificate renewed = secret.renew();
        awaitServed(renewed);
        // Three more periods with nothing new: nothing more is logged.
        Thread.sleep(3_500);
        List<String> lines = logSince(mark);
        assertEquals(1, count(lines, "TLS certificate reloaded"), () -> String.join("\n", lines));
        assertEquals(0, count(lines, "updated"), () -> String.join("\n", lines));
        assertEquals(renewed, served());
    }

    @Test
    void aMismatchedPairAtReloadIsNotInstalled() throws Exception {
        long mark = Files.size(log);
        secret.update(pem(work.resolve("mismatch-a"), SelfSignedCertificate.CERT_FILE_NAME),
                pem(work.resolve("mismatch-b"), SelfSignedCertificate.KEY_FILE_NAME));
        String error = awaitLogLine(mark, "ERROR");
        assertTrue(error.contains(secret.certFile().toString()) && error.contains(secret.keyFile().toString()),
                () -> "the error must name both files: " + error);
        assertTrue(error.contains("does not belong to"), error);
        stillServing(mark);
    }

    @Test
    void aCorruptCertificateAtReloadIsNotInstalled() throws Exception {
        long mark = Files.size(log);
        byte[] corrupt = "-----BEGIN CERTIFICATE-----\nthis is not base64 at all!\n-----END CERTIFICATE-----\n"
                .getBytes(StandardCharsets.US_ASCII);
        secret.update(corrupt, pem(work.resolve("corrupt-cert"), SelfSignedCertificate.KEY_FILE_NAME));
        String error = awaitLogLine(mark, "ERROR");
        assertTrue(error.contains(secret.certFile().toString()), () -> "the error must name the certificate file: " + error);
        stillServing(mark);
    }

    @Test
    void aKeyFileWithoutAKeyAtReloadIsNotInstalled() throws Exception {
        long mark = Files.size(log);
        Path dir = work.resolve("no-key");
        byte[] cert = pem(dir, SelfSignedCertificate.CERT_FILE_NAME);
        secret.update(cert, cert);
        String error = awaitLogLine(mark, "ERROR");
        assertTrue(error.contains(secret.keyFile().toString()), () -> "the error must name the key file: " + error);
        stillServing(mark);
    }

    /** The error is logged once, not at every period; the old certificate is still served and answers. */
    private void stillServing(long mark) throws Exception {
        Thread.sleep(3_500);
        List<String> lines = logSince(mark);
        assertEquals(1, count(lines, "ERROR"), () -> String.join("\n", lines));
        assertFalse(lines.stream().anyMatch(l -> l.startsWith("\tat ") || l.contains("Exception")), () -> String.join("\n", lines));
        assertEquals(before, served(), "the certificate in use must stay");
        assertEquals("HTTP/1.1 200 OK", get("/q/health/ready"));
    }

    @Test
    void noNewConnectionFailsWhileThePairIsRenewed() throws Exception {
        long mark = Files.size(log);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger connections = new AtomicInteger();
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        Set<X509Certificate> seen = Collections.synchronizedSet(new HashSet<>());
        List<Thread> clients = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Thread client = new Thread(() -> {
                while (!stop.get()) {
                    try {
                        // A new SSLContext each time: a full handshake, no session resumed.
                        Response r = request(TestTls.trustAll(), "/q/health/live");
                        seen.add(r.certificate());
                        if (!r.statusLine().equals("HTTP/1.1 200 OK")) {
                            failures.add(r.statusLine());
                        }
                    } catch (Exception e) {
                        failures.add(e.toString());
                    }
                    connections.incrementAndGet();
                }
            }, "tls-client-" + i);
            client.start();
            clients.add(client);
        }
        int renewals = 8;
        try {
            for (int i = 0; i < renewals; i++) {
                X509Certificate renewed = secret.renew();
                awaitServed(renewed, failures);
                Thread.sleep(200);
            }
        } finally {
            stop.set(true);
            for (Thread client : clients) {
                client.join(30_000);
            }
        }
        List<String> lines = logSince(mark);
        assertTrue(failures.isEmpty(), () -> failures.size() + " of " + connections + " connections failed, first: "
                + failures.subList(0, Math.min(3, failures.size())) + "\n"
                + String.join("\n", lines.stream().filter(l -> !l.startsWith("\t")).limit(200).toList()));
        assertTrue(connections.get() >= 100, "too few connections to tell: " + connections);
        assertTrue(seen.size() >= renewals / 2, "the clients must have met several certificates: " + seen.size());
        assertFalse(lines.stream().anyMatch(l -> l.contains("Exception") || l.contains("ERROR")), () -> String.join("\n", lines));
        assertEquals(renewals, count(lines, "TLS certificate reloaded"), () -> String.join("\n", lines));
        System.out.printf("TlsReloadIT: %d renewals under load: %d new connections, %d certificates met, none failed%n",
                renewals, connections.get(), seen.size());
    }

    // ---- helpers

    /** A freshly generated pair's file {@code name} in {@code dir} (which must not exist yet). */
    static byte[] pem(Path dir, String name) throws IOException {
        Files.createDirectories(dir);
        SelfSignedCertificate.writeTo(dir, List.of());
        return Files.readAllBytes(dir.resolve(name));
    }

    record Response(String statusLine, X509Certificate certificate) {
    }

    static Response request(SSLContext tls, String path) throws Exception {
        return request(tls, port, path);
    }

    static Response request(SSLContext tls, int port, String path) throws Exception {
        try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket("localhost", port)) {
            socket.setSoTimeout(10_000);
            socket.startHandshake();
            X509Certificate certificate = (X509Certificate) socket.getSession().getPeerCertificates()[0];
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            int end = response.indexOf("\r\n");
            return new Response(end < 0 ? "no status line: " + response : response.substring(0, end), certificate);
        }
    }

    static String get(String path) throws Exception {
        return request(TestTls.trustAll(), path).statusLine();
    }

    /** The certificate a new client gets (a new SSLContext, so no session is resumed). */
    static X509Certificate served() throws Exception {
        return request(TestTls.trustAll(), "/q/health/live").certificate();
    }

    static void awaitServed(X509Certificate expected) throws Exception {
        List<String> failures = new ArrayList<>();
        awaitServed(expected, failures);
        assertEquals(List.of(), failures, "connections failed while the certificate was renewed");
    }

    /** Polls with new connections until {@code expected} is served; a connection that fails is added to {@code failures}. */
    static void awaitServed(X509Certificate expected, List<String> failures) throws Exception {
        long deadline = System.nanoTime() + PICKED_UP.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (expected.equals(served())) {
                    return;
                }
            } catch (IOException e) {
                failures.add("probe: " + e);
            }
            Thread.sleep(100);
        }
        fail("the renewed certificate was not served within " + PICKED_UP.toSeconds() + "s\n" + Files.readString(log));
    }

    static List<String> logSince(long mark) throws IOException {
        byte[] all = Files.readAllBytes(log);
        String text = new String(all, (int) mark, all.length - (int) mark, StandardCharsets.UTF_8);
        return text.lines().toList();
    }

    static String awaitLogLine(long mark, String marker) throws Exception {
        long deadline = System.nanoTime() + PICKED_UP.toNanos();
        while (System.nanoTime() < deadline) {
            for (String line : logSince(mark)) {
                if (line.contains(marker)) {
                    return line;
                }
            }
            Thread.sleep(100);
        }
        fail("no log line with " + marker + " within " + PICKED_UP.toSeconds() + "s\n" + String.join("\n", logSince(mark)));
        return null;
    }

    static long count(List<String> lines, String marker) {
        return lines.stream().filter(l -> l.contains(marker)).count();
    }
}
