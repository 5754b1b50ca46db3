package io.djangoguard.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

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

        assertTrue(pem.endsWith("-----END PRIVATE KEY-----\n"), pem.substring(pem.lastIndexOf('\n', pem.length() - 2)));
        String base64 = pem.substring("-----BEGIN PRIVATE KEY-----\n".length(), pem.indexOf("-----END"));
        assertTrue(Arrays.stream(base64.split("\n")).allMatch(line -> line.length() <= 64), "lines of 64 characters at most");
        PrivateKey privateKey = KeyFactory.getInstance("EC")
                .generatePrivate(new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(base64)));
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

    @Test
    void isSignedWithEcdsaSha256ByAP256Key() {
        assertEquals("SHA256withECDSA", certificate.getSigAlgName());
        assertEquals("1.2.840.10045.4.3.2", certificate.getSigAlgOID());
        assertNull(certificate.getSigAlgParams(), "ecdsa-with-SHA256 has no parameters (RFC 5758)");
        ECPublicKey key = (ECPublicKey) certificate.getPublicKey();
        assertEquals(256, key.getParams().getCurve().getField().getFieldSize());
        assertTrue(key.getParams().toString().contains("secp256r1"), key.getParams()::toString);
    }

    @Test
    void theSerialIsPositiveAndAtMostTwentyOctets() {
        BigInteger serial = certificate.getSerialNumber();
        assertEquals(1, serial.signum());
        assertTrue(serial.toByteArray().length <= 20, serial::toString);
    }

    @Test
    void notBeforeIsAFewMinutesBackForClocksBehind() {
        Instant notBefore = certificate.getNotBefore().toInstant();
        Instant notAfter = certificate.getNotAfter().toInstant();
        assertEquals(SelfSignedCertificate.VALIDITY.plusMinutes(5), Duration.between(notBefore, notAfter));
        assertTrue(notBefore.isBefore(Instant.now().minus(Duration.ofMinutes(4))), notBefore::toString);
    }

    @Test
    void keyIdentifiersAreTheSha1OfThePublicKey() throws Exception {
        // RFC 5280, 4.2.1.2, method 1: the SHA-1 of the subjectPublicKey bits, which for an EC key are its last 65 octets.
        byte[] spki = certificate.getPublicKey().getEncoded();
        byte[] id = MessageDigest.getInstance("SHA-1").digest(Arrays.copyOfRange(spki, spki.length - 65, spki.length));
        // getExtensionValue is the extnValue OCTET STRING, around the extension's own DER.
        byte[] ski = Der.single(certificate.getExtensionValue("2.5.29.14")).content();
        assertArrayEquals(Der.octetString(id), ski);
        byte[] aki = Der.single(certificate.getExtensionValue("2.5.29.35")).content();
        assertArrayEquals(Der.sequence(Der.implicit(0, Der.octetString(id))), aki);
        assertEquals(java.util.Set.of("2.5.29.14", "2.5.29.35", "2.5.29.37", "2.5.29.17"), certificate.getNonCriticalExtensionOIDs());
        assertEquals(java.util.Set.of("2.5.29.19", "2.5.29.15"), certificate.getCriticalExtensionOIDs());
    }

    @Test
    void validityAfter2049IsAGeneralizedTime() throws Exception {
        Instant now = Instant.parse("2049-06-01T12:00:00Z");
        X509Certificate later = SelfSignedCertificate.createCertificate(TestPairs.ec(), List.of("localhost"), now);
        later.verify(later.getPublicKey());
        assertEquals(now.minus(Duration.ofMinutes(5)), later.getNotBefore().toInstant());
        assertEquals(now.plus(SelfSignedCertificate.VALIDITY), later.getNotAfter().toInstant());
    }

    @Test
    void theFilesAreAPairPemPairReads() throws Exception {
        PemPair pair = PemPair.read(files.certFile(), files.keyFile());
        assertEquals(certificate, pair.certificate());
        assertNull(pair.validityProblem(Instant.now()));
    }
}
