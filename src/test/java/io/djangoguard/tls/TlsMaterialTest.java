package io.djangoguard.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.djangoguard.TestTls;
import io.djangoguard.tls.TlsMaterial.Outcome;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;

class TlsMaterialTest {

    static final Duration PERIOD = Duration.ofMinutes(1);

    @TempDir
    Path dir;

    MountedSecret mount() throws Exception {
        return MountedSecret.create(Files.createDirectories(dir.resolve("secret")));
    }

    TlsMaterial material(MountedSecret secret) {
        return new TlsMaterial(secret.certFile(), secret.keyFile(), PERIOD, Clock.systemUTC());
    }

    static byte[] bytes(String pem) {
        return pem.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void aReloadThatFindsTheSameFilesChangesNothing() throws Exception {
        MountedSecret secret = mount();
        TlsMaterial tls = material(secret);
        X509Certificate served = tls.certificate();
        assertEquals(Outcome.UNCHANGED, tls.reload());
        assertEquals(Outcome.UNCHANGED, tls.reload());
        assertEquals(served, tls.certificate());
    }

    @Test
    void aRenewedPairIsInstalled() throws Exception {
        MountedSecret secret = mount();
        TlsMaterial tls = material(secret);
        X509Certificate renewed = secret.renew();
        assertNotEquals(renewed, tls.certificate());
        assertEquals(Outcome.INSTALLED, tls.reload());
        assertEquals(renewed, tls.certificate());
        assertEquals(Outcome.UNCHANGED, tls.reload());
    }

    @Test
    void aPairThatCannotBeUsedIsNotInstalledUntilItIsFixed() throws Exception {
        MountedSecret secret = mount();
        TlsMaterial tls = material(secret);
        X509Certificate before = tls.certificate();
        KeyPair a = TestPairs.ec();
        KeyPair b = TestPairs.ec();
        X509Certificate certA = TestPairs.certificate(a, "a");

        secret.update(bytes(TestPairs.pem(certA)), bytes(TestPairs.pkcs8(b)));
        assertEquals(Outcome.KEPT, tls.reload());
        assertEquals(before, tls.certificate());

        secret.update(bytes("-----BEGIN CERTIFICATE-----\n!!\n-----END CERTIFICATE-----\n"), bytes(TestPairs.pkcs8(a)));
        assertEquals(Outcome.KEPT, tls.reload());
        assertEquals(before, tls.certificate());

        secret.update(bytes(TestPairs.pem(certA)), bytes(TestPairs.pkcs8(a)));
        assertEquals(Outcome.INSTALLED, tls.reload());
        assertEquals(certA, tls.certificate());
    }

    @Test
    void filesThatDisappearKeepThePairInUse() throws Exception {
        MountedSecret secret = mount();
        TlsMaterial tls = material(secret);
        X509Certificate before = tls.certificate();
        Files.delete(dir.resolve("secret/..data"));
        assertEquals(Outcome.KEPT, tls.reload());
        assertEquals(before, tls.certificate());
    }

    @Test
    void aCertificateNotValidNowDoesNotReplaceOneThatIs() throws Exception {
        MountedSecret secret = mount();
        TlsMaterial tls = material(secret);
        X509Certificate before = tls.certificate();
        KeyPair keys = TestPairs.ec();
        Instant now = Instant.now();
        X509Certificate expired = TestPairs.certificate(keys, "expired", now.minus(Duration.ofDays(9)), now.minus(Duration.ofDays(1)));
        secret.update(bytes(TestPairs.pem(expired)), bytes(TestPairs.pkcs8(keys)));
        assertEquals(Outcome.KEPT, tls.reload());
        assertEquals(before, tls.certificate());

        X509Certificate early = TestPairs.certificate(keys, "early", now.plus(Duration.ofHours(1)), now.plus(Duration.ofDays(9)));
        secret.update(bytes(TestPairs.pem(early)), bytes(TestPairs.pkcs8(keys)));
        assertEquals(Outcome.KEPT, tls.reload());
        assertEquals(before, tls.certificate());
    }

    @Test
    void anExpiredCertificateIsServedAtStartAndReplacedByAnyValidOne() throws Exception {
        KeyPair keys = TestPairs.ec();
        Instant now = Instant.now();
        X509Certificate expired = TestPairs.certificate(keys, "expired", now.minus(Duration.ofDays(9)), now.minus(Duration.ofDays(1)));
        MountedSecret secret = mount();
        secret.update(bytes(TestPairs.pem(expired)), bytes(TestPairs.pkcs8(keys)));
        TlsMaterial tls = material(secret);
        assertEquals(expired, tls.certificate());

        // Not valid yet either, but no worse than the expired one: installed.
        X509Certificate early = TestPairs.certificate(keys, "early", now.plus(Duration.ofHours(1)), now.plus(Duration.ofDays(9)));
        secret.update(bytes(TestPairs.pem(early)), bytes(TestPairs.pkcs8(keys)));
        assertEquals(Outcome.INSTALLED, tls.reload());
        assertEquals(early, tls.certificate());
    }

    @Test
    void aPairThatCannotBeUsedAtStartIsRefusedWithItsOneLine() throws Exception {
        MountedSecret secret = mount();
        secret.update(bytes(TestPairs.pem(TestPairs.certificate(TestPairs.ec(), "a"))), bytes(TestPairs.pkcs8(TestPairs.ec())));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> material(secret));
        assertEquals("the TLS key in " + secret.keyFile() + " does not belong to the certificate in " + secret.certFile(),
                e.getMessage());
    }

    @Test
    void theReloadPeriodMustBePositive() throws Exception {
        MountedSecret secret = mount();
        assertThrows(IllegalArgumentException.class,
                () -> new TlsMaterial(secret.certFile(), secret.keyFile(), Duration.ZERO, Clock.systemUTC()));
        assertEquals("1m", TlsMaterial.describe(Duration.ofMinutes(1)));
        assertEquals("90s", TlsMaterial.describe(Duration.ofSeconds(90)));
        assertEquals("1500ms", TlsMaterial.describe(Duration.ofMillis(1500)));
    }

    @Test
    void aHandshakeThatChoseTheOldPairGetsTheOldKeyAndChain() throws Exception {
        MountedSecret secret = mount();
        ReloadingKeyManager keys = new ReloadingKeyManager();
        PemPair first = PemPair.read(secret.certFile(), secret.keyFile());
        keys.install(first);
        String alias = keys.chooseEngineServerAlias("EC", null, null);
        assertNotNull(alias);
        secret.renew();
        PemPair second = PemPair.read(secret.certFile(), secret.keyFile());
        keys.install(second);
        // Chosen before the renewal, used after it: still the first pair, key and chain alike.
        assertEquals(first.key(), keys.getPrivateKey(alias));
        assertEquals(first.certificate(), keys.getCertificateChain(alias)[0]);
        String next = keys.chooseEngineServerAlias("EC", null, null);
        assertNotEquals(alias, next);
        assertEquals(second.key(), keys.getPrivateKey(next));
        assertEquals(second.certificate(), keys.getCertificateChain(next)[0]);
        // A key type the pair does not have is not chosen.
        assertEquals(null, keys.chooseEngineServerAlias("RSA", null, null));
    }

    /**
     * A Vert.x HTTPS server set up by {@link TlsMaterial#applyTo} (as another listener of django-guard would be) serves
     * each renewal without a failed connection while clients keep connecting.
     */
    @Test
    void aServerUsingItServesRenewalsWithoutDroppingAConnection() throws Exception {
        MountedSecret secret = mount();
        TlsMaterial tls = material(secret);
        Vertx vertx = Vertx.vertx();
        try {
            HttpServer server = vertx.createHttpServer(tls.applyTo(new HttpServerOptions().setHost("localhost").setPort(0)))
                    .requestHandler(request -> request.response().end("ok"));
            int port = server.listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS).actualPort();

            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger connections = new AtomicInteger();
            List<String> failures = Collections.synchronizedList(new ArrayList<>());
            Set<X509Certificate> seen = Collections.synchronizedSet(new HashSet<>());
            List<Thread> clients = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                Thread client = new Thread(() -> {
                    while (!stop.get()) {
                        try {
                            seen.add(get(TestTls.trustAll(), port));
                        } catch (Exception e) {
                            failures.add(e.toString());
                        }
                        connections.incrementAndGet();
                    }
                });
                client.start();
                clients.add(client);
            }
            List<X509Certificate> renewed = new ArrayList<>();
            try {
                // Each renewal is followed by a few connections, however slow the machine: no timing is assumed.
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
                for (int i = 0; i < 20; i++) {
                    renewed.add(secret.renew());
                    assertEquals(Outcome.INSTALLED, tls.reload());
                    int after = connections.get() + 10;
                    while (connections.get() < after && failures.isEmpty()) {
                        assertTrue(System.nanoTime() < deadline, "the clients made too few connections: " + connections);
                        Thread.sleep(5);
                    }
                }
            } finally {
                stop.set(true);
                for (Thread client : clients) {
                    client.join(30_000);
                }
            }
            assertEquals(List.of(), failures, () -> failures.size() + " of " + connections + " connections failed");
            assertTrue(seen.size() >= 10, "the clients must have met most of the certificates: " + seen.size());
            assertEquals(renewed.get(renewed.size() - 1), get(TestTls.trustAll(), port));

            // TLS 1.3 only.
            assertThrows(SSLHandshakeException.class, () -> get(TestTls.trustAll(), port, "TLSv1.2"));
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    /** GET / over a new connection; the certificate the server presented. */
    static X509Certificate get(SSLContext context, int port, String... protocols) throws Exception {
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("localhost", port)) {
            socket.setSoTimeout(10_000);
            if (protocols.length > 0) {
                socket.setEnabledProtocols(protocols);
            }
            socket.startHandshake();
            X509Certificate served = (X509Certificate) socket.getSession().getPeerCertificates()[0];
            OutputStream out = socket.getOutputStream();
            out.write("GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            if (!response.startsWith("HTTP/1.1 200 ")) {
                throw new AssertionError("no 200: " + response);
            }
            return served;
        }
    }
}
