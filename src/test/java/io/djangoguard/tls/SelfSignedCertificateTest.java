package io.djangoguard.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SelfSignedCertificateTest {

    private static final int SAN_DNS = 2;
    private static final int SAN_IP = 7;
    private static final String EXTENDED_KEY_USAGE_SERVER_AUTH = "1.3.6.1.5.5.7.3.1";

    @TempDir
    static Path dir;

    static SelfSignedCertificate.PemFiles files;
    static X509Certificate certificate;

    @BeforeAll
    static void generate() throws Exception {
        files = SelfSignedCertificate.writeTo(dir, List.of("django-guard.django-guard.svc", " ", "localhost"));
        try (InputStream in = Files.newInputStream(files.certFile())) {
            certificate = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    @Test
    void writesTheTwoFilesInTheDirectory() {
        assertEquals(dir.resolve("tls.crt"), files.certFile());
        assertEquals(dir.resolve("tls.key"), files.keyFile());
    }

    @Test
    void subjectAlternativeNamesCoverLocalhostAndTheExtraName() throws Exception {
        List<String> dns = new ArrayList<>();
        List<String> ips = new ArrayList<>();
        for (List<?> san : certificate.getSubjectAlternativeNames()) {
            int type = (Integer) san.get(0);
            if (type == SAN_DNS) {
                dns.add((String) san.get(1));
            } else if (type == SAN_IP) {
                ips.add((String) san.get(1));
            }
        }
        // Blank names are dropped and localhost is not repeated.
        assertEquals(List.of("localhost", "django-guard.django-guard.svc"), dns);
        assertEquals(2, ips.size(), ips::toString);
        assertTrue(ips.contains("127.0.0.1"), ips::toString);
        // The JDK renders IPv6 addresses in full form.
        assertTrue(ips.contains("0:0:0:0:0:0:0:1"), ips::toString);
    }

    @Test
    void isASelfSignedServerCertificateThatIsNotACa() throws Exception {
        assertEquals(3, certificate.getVersion());
        assertEquals("CN=django-guard", certificate.getSubjectX500Principal().getName());
        assertEquals(certificate.getSubjectX500Principal(), certificate.getIssuerX500Principal());
        certificate.verify(certificate.getPublicKey());

        assertEquals(-1, certificate.getBasicConstraints(), "basic constraints must say CA:false");
        assertTrue(certificate.getCriticalExtensionOIDs().contains("2.5.29.19"), "basic constraints should be critical");
        assertEquals(List.of(EXTENDED_KEY_USAGE_SERVER_AUTH), certificate.getExtendedKeyUsage());
        boolean[] keyUsage = certificate.getKeyUsage();
        assertNotNull(keyUsage);
        assertTrue(keyUsage[0], "digitalSignature");
        assertFalse(keyUsage[5], "keyCertSign");
    }

    @Test
    void isValidForOneYearFromNow() throws Exception {
        Instant now = Instant.now();
        certificate.checkValidity();
        Instant notAfter = certificate.getNotAfter().toInstant();
        assertTrue(notAfter.isAfter(now.plus(Duration.ofDays(364))), notAfter::toString);
        assertTrue(notAfter.isBefore(now.plus(Duration.ofDays(366))), notAfter::toString);
    }

    @Test
    void privateKeyIsPkcs8PemAndMatchesTheCertificate() throws Exception {
        String pem = Files.readString(files.keyFile(), StandardCharsets.US_ASCII);
        assertTrue(pem.startsWith("-----BEGIN PRIVATE KEY-----"), "key must be PKCS#8 PEM");

        Object parsed;
        try (Reader reader = Files.newBufferedReader(files.keyFile(), StandardCharsets.US_ASCII);
                PEMParser parser = new PEMParser(reader)) {
            parsed = parser.readObject();
        }
        PrivateKeyInfo info = assertInstanceOf(PrivateKeyInfo.class, parsed);
        PrivateKey privateKey = new JcaPEMKeyConverter().getPrivateKey(info);
        assertEquals("EC", privateKey.getAlgorithm());

        byte[] message = "django-guard".getBytes(StandardCharsets.UTF_8);
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(privateKey);
        signer.update(message);
        byte[] signature = signer.sign();

        Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(certificate.getPublicKey());
        verifier.update(message);
        assertTrue(verifier.verify(signature), "the key file does not belong to the certificate");
    }

    @Test
    void keyFileIsReadableByTheOwnerOnly() throws Exception {
        assumeTrue(files.keyFile().getFileSystem().supportedFileAttributeViews().contains("posix"),
                "the file system has no POSIX permissions");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(files.keyFile())));
    }

    @Test
    void eachCallMakesANewKey(@TempDir Path other) throws Exception {
        SelfSignedCertificate.PemFiles second = SelfSignedCertificate.writeTo(other, List.of());
        assertFalse(Files.readString(second.keyFile()).equals(Files.readString(files.keyFile())));
    }

    @Test
    void neverOverwritesExistingFiles(@TempDir Path other) throws Exception {
        byte[] existing = "not a key".getBytes(StandardCharsets.US_ASCII);
        Files.write(other.resolve("tls.key"), existing);
        assertThrows(UncheckedIOException.class, () -> SelfSignedCertificate.writeTo(other, List.of()));
        assertArrayEquals(existing, Files.readAllBytes(other.resolve("tls.key")));
        assertFalse(Files.exists(other.resolve("tls.crt")));
    }
}
