package io.djangoguard.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.djangoguard.TestServers;
import io.djangoguard.TestTls;

/**
 * The packaged jar started with a certificate and key that cannot be used: it does not start, exits 2 and says why in
 * one line that names the file(s), with no stack trace and nothing of the key. A certificate outside its validity
 * period is served, with a warning.
 */
class TlsStartIT {

    static final Path ROOT = Path.of("").toAbsolutePath();
    static final Path JAR = ROOT.resolve("target/quarkus-app/quarkus-run.jar");
    static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    @TempDir
    Path dir;

    static KeyPair keys;
    static String keyPem;
    static String certPem;

    @BeforeAll
    static void pair() {
        if (!Files.isRegularFile(JAR)) {
            fail(JAR + " is missing: build it first with ./mvnw package -DskipTests (or run ./mvnw verify)");
        }
        keys = TestPairs.ec();
        keyPem = TestPairs.pkcs8(keys);
        certPem = TestPairs.pem(TestPairs.certificate(keys, "django-guard"));
    }

    record Run(int status, String output) {
    }

    ProcessBuilder server(Path cert, Path key, Map<String, String> env, Path output, int port) {
        ProcessBuilder pb = new ProcessBuilder(JAVA, "-Dquarkus.http.ssl-port=" + port, "-Ddjango-guard.cluster.enabled=false",
                "-jar", JAR.toString()).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(output.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("DJANGO_GUARD_") || k.equals("JAVA_OPTS"));
        pb.environment().remove("KUBERNETES_SERVICE_HOST");
        pb.environment().put("DJANGO_GUARD_TLS_CERT_FILE", cert.toString());
        pb.environment().put("DJANGO_GUARD_TLS_KEY_FILE", key.toString());
        pb.environment().putAll(env);
        return pb;
    }

    Run refused(Path cert, Path key, Map<String, String> env) throws Exception {
        Path output = dir.resolve("output");
        Process p = server(cert, key, env, output, freePort()).start();
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                fail("the server started, or hung, instead of refusing the pair\n" + Files.readString(output));
            }
        } finally {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        return new Run(p.exitValue(), Files.readString(output));
    }

    /** Exit 2 and exactly {@code line}: nothing else printed, no stack trace, nothing of the key. */
    static void assertOneLine(String line, Run run) {
        String described = "exit " + run.status() + "\n" + run.output();
        assertEquals(2, run.status(), described);
        List<String> lines = run.output().lines().filter(l -> !l.isBlank()).toList();
        assertEquals(List.of(line), lines, described);
        for (String keyLine : keyPem.lines().toList()) {
            if (!keyLine.startsWith("-----")) {
                assertFalse(run.output().contains(keyLine), "the key is quoted: " + described);
            }
        }
    }

    @Test
    void aKeyOfAnotherCertificateStopsTheServerNamingBothFiles() throws Exception {
        Path cert = TestPairs.write(dir.resolve("tls.crt"), TestPairs.pem(TestPairs.certificate(TestPairs.ec(), "other")));
        Path key = TestPairs.write(dir.resolve("tls.key"), keyPem);
        assertOneLine("django-guard: the TLS key in " + key + " does not belong to the certificate in " + cert,
                refused(cert, key, Map.of()));
    }

    @Test
    void aCorruptCertificateStopsTheServerNamingTheFile() throws Exception {
        Path cert = TestPairs.write(dir.resolve("tls.crt"), "-----BEGIN CERTIFICATE-----\nnot base64 at all!\n-----END CERTIFICATE-----\n");
        Path key = TestPairs.write(dir.resolve("tls.key"), keyPem);
        assertOneLine("django-guard: TLS certificate file " + cert + " is not valid PEM: a block in it cannot be decoded",
                refused(cert, key, Map.of()));
    }

    @Test
    void aKeyFileWithoutAKeyStopsTheServerNamingTheFile() throws Exception {
        Path cert = TestPairs.write(dir.resolve("tls.crt"), certPem);
        Path key = TestPairs.write(dir.resolve("tls.key"), certPem);
        assertOneLine("django-guard: TLS key file " + key + " holds a certificate but no private key", refused(cert, key, Map.of()));
        Path truncated = TestPairs.write(dir.resolve("truncated.key"), keyPem.substring(0, keyPem.length() / 2));
        assertOneLine("django-guard: TLS key file " + truncated + " is not valid PEM: a block in it cannot be decoded as a private key (PKCS#8, PKCS#1 RSA or SEC1 EC)",
                refused(cert, truncated, Map.of()));
    }

    @Test
    void aReloadPeriodThatIsNotADurationStopsTheServerWithoutEchoingIt() throws Exception {
        Path cert = TestPairs.write(dir.resolve("tls.crt"), certPem);
        Path key = TestPairs.write(dir.resolve("tls.key"), keyPem);
        Run run = refused(cert, key, Map.of("DJANGO_GUARD_TLS_RELOAD_PERIOD", "sk-live-0123456789"));
        assertOneLine("django-guard: django-guard.tls.reload-period (environment variable DJANGO_GUARD_TLS_RELOAD_PERIOD) is "
                + "not a positive duration: use a number of seconds, or a number followed by ms, s, m, h or d (30s, 1m)", run);
    }

    @Test
    void anExpiredCertificateIsServedWithAWarning() throws Exception {
        Instant now = Instant.now();
        X509Certificate expired = TestPairs.certificate(keys, "expired", now.minus(Duration.ofDays(90)), now.minus(Duration.ofDays(1)));
        Path cert = TestPairs.write(dir.resolve("tls.crt"), TestPairs.pem(expired));
        Path key = TestPairs.write(dir.resolve("tls.key"), keyPem);
        Path log = dir.resolve("server.log");
        int port = freePort();
        Process server = server(cert, key, Map.of(), log, port).start();
        try {
            HttpClient http = HttpClient.newBuilder().sslContext(TestTls.trustAll()).connectTimeout(Duration.ofSeconds(2)).build();
            TestServers.awaitReady(server, http, URI.create("https://localhost:" + port + "/q/health/ready"),
                    Duration.ofSeconds(90), log, "an expired certificate is served");
            List<String> warnings = new ArrayList<>();
            for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
                if (line.contains("WARN") && line.contains(cert.toString())) {
                    warnings.add(line);
                }
            }
            assertEquals(1, warnings.size(), () -> String.join("\n", warnings));
            assertTrue(warnings.get(0).contains("expired on " + expired.getNotAfter().toInstant()), warnings.get(0));
            assertEquals(expired, TlsReloadIT.request(TestTls.trustAll(), port, "/q/health/live").certificate());
        } finally {
            server.destroy();
            if (!server.waitFor(20, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
