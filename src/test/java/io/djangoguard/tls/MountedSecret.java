package io.djangoguard.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * Test only: a kubernetes.io/tls Secret as the kubelet mounts it. {@code tls.crt} and {@code tls.key} are links to
 * {@code ..data/tls.crt} and {@code ..data/tls.key}; {@code ..data} links to a directory that holds one version of both
 * files, and an update writes a new directory and then swaps the {@code ..data} link with one rename, so that a reader
 * never sees a certificate of one version beside a key of another.
 */
public final class MountedSecret {

    private final Path dir;
    private int versions;

    private MountedSecret(Path dir) {
        this.dir = dir;
    }

    /** Mounts a freshly generated pair in {@code dir} (an existing empty directory). */
    public static MountedSecret create(Path dir) throws IOException {
        MountedSecret secret = new MountedSecret(dir);
        secret.renew();
        Files.createSymbolicLink(dir.resolve(SelfSignedCertificate.CERT_FILE_NAME), Path.of("..data", SelfSignedCertificate.CERT_FILE_NAME));
        Files.createSymbolicLink(dir.resolve(SelfSignedCertificate.KEY_FILE_NAME), Path.of("..data", SelfSignedCertificate.KEY_FILE_NAME));
        return secret;
    }

    public Path certFile() {
        return dir.resolve(SelfSignedCertificate.CERT_FILE_NAME);
    }

    public Path keyFile() {
        return dir.resolve(SelfSignedCertificate.KEY_FILE_NAME);
    }

    /** Swaps in a newly generated, valid pair; returns its certificate. */
    public X509Certificate renew() throws IOException {
        Path version = Files.createDirectory(newVersion());
        SelfSignedCertificate.writeTo(version, List.of());
        swapTo(version);
        return certificate(version.resolve(SelfSignedCertificate.CERT_FILE_NAME));
    }

    /** Swaps in the given content for both files (a mismatched pair, a corrupt PEM...). */
    public void update(byte[] cert, byte[] key) throws IOException {
        Path version = Files.createDirectory(newVersion());
        Files.write(version.resolve(SelfSignedCertificate.CERT_FILE_NAME), cert);
        Files.write(version.resolve(SelfSignedCertificate.KEY_FILE_NAME), key);
        swapTo(version);
    }

    private Path newVersion() {
        return dir.resolve("..version-" + (++versions));
    }

    private void swapTo(Path version) throws IOException {
        Path link = dir.resolve("..data_tmp");
        Files.deleteIfExists(link);
        Files.createSymbolicLink(link, version.getFileName());
        // rename(2) replaces the old link atomically, as the kubelet's atomic writer does.
        Files.move(link, dir.resolve("..data"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    public static X509Certificate certificate(Path pem) {
        try (InputStream in = Files.newInputStream(pem)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (CertificateException e) {
            throw new IllegalStateException("cannot read the test certificate " + pem, e);
        }
    }
}
