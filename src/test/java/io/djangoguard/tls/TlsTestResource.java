package io.djangoguard.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.restassured.RestAssured;
import io.restassured.config.SSLConfig;

/**
 * Gives {@code @QuarkusTest} tests (which start the application without going through {@code io.djangoguard.Main})
 * a freshly generated self-signed certificate: it writes one to a temporary directory, points
 * {@code django-guard.tls.cert-file} and {@code django-guard.tls.key-file} at it, and makes RestAssured trust exactly
 * that certificate (RestAssured talks HTTPS to {@code quarkus.http.test-ssl-port} once insecure requests are disabled).
 * The directory is deleted when the resource stops.
 * <p>
 * Use with {@code @QuarkusTestResource(TlsTestResource.class)} (applies to every {@code @QuarkusTest} of the module)
 * or {@code @WithTestResource(TlsTestResource.class)}.
 */
public class TlsTestResource implements QuarkusTestResourceLifecycleManager {

    private Path dir;

    @Override
    public Map<String, String> start() {
        try {
            dir = Files.createTempDirectory("django-guard-test-tls-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        SelfSignedCertificate.PemFiles files = SelfSignedCertificate.writeTo(dir, List.of());
        trustInRestAssured(files.certFile());
        return Map.of(
                "django-guard.tls.cert-file", files.certFile().toString(),
                "django-guard.tls.key-file", files.keyFile().toString());
    }

    private static void trustInRestAssured(Path certFile) {
        try (InputStream in = Files.newInputStream(certFile)) {
            Certificate certificate = CertificateFactory.getInstance("X.509").generateCertificate(in);
            KeyStore trustStore = KeyStore.getInstance(KeyStore.getDefaultType());
            trustStore.load(null, null);
            trustStore.setCertificateEntry("django-guard-test", certificate);
            RestAssured.config = RestAssured.config().sslConfig(SSLConfig.sslConfig().trustStore(trustStore));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build a trust store for the test certificate", e);
        }
    }

    @Override
    public void stop() {
        if (dir == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
        dir = null;
    }
}
