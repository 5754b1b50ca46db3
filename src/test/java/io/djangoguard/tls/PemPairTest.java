package io.djangoguard.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import org.bouncycastle.asn1.pkcs.EncryptedPrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.PKCS12PBEParams;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PemPairTest {

    static KeyPair ec;
    static KeyPair otherEc;
    static KeyPair rsa;
    static X509Certificate ecCert;
    static X509Certificate rsaCert;

    @TempDir
    Path dir;

    @BeforeAll
    static void keys() {
        ec = TestPairs.ec();
        otherEc = TestPairs.ec();
        rsa = TestPairs.rsa();
        ecCert = TestPairs.certificate(ec, "ec");
        rsaCert = TestPairs.certificate(rsa, "rsa");
    }

    Path cert(String... pems) throws Exception {
        return TestPairs.write(dir.resolve("tls.crt"), pems);
    }

    Path key(String... pems) throws Exception {
        return TestPairs.write(dir.resolve("tls.key"), pems);
    }

    /** The one-line message, checked to hold no line of the key file. */
    String problem(Path cert, Path key) throws Exception {
        TlsFileException e = assertThrows(TlsFileException.class, () -> PemPair.read(cert, key));
        String message = e.getMessage();
        assertFalse(message.contains("\n"), message);
        if (Files.isRegularFile(key)) {
            for (String line : Files.readAllLines(key)) {
                if (line.length() > 8 && !line.startsWith("-----")) {
                    assertFalse(message.contains(line), "the message quotes the key file: " + message);
                }
            }
        }
        return message;
    }

    @Test
    void readsAPairWhoseKeyBelongsToTheCertificate() throws Exception {
        PemPair pair = PemPair.read(cert(TestPairs.pem(ecCert)), key(TestPairs.pkcs8(ec)));
        assertEquals(ecCert, pair.certificate());
        assertEquals(ec.getPrivate(), pair.key());
        assertNull(pair.validityProblem(Instant.now()));
        assertTrue(pair.describe().startsWith("\"CN=ec\" (serial "), pair.describe());
    }

    @Test
    void readsTheKeyFormatsOpenSslAndCertManagerWrite() throws Exception {
        // PKCS#1 "RSA PRIVATE KEY" (cert-manager's default, Helm's genSelfSignedCert) and SEC1 "EC PRIVATE KEY".
        assertTrue(TestPairs.pem(rsa.getPrivate()).startsWith("-----BEGIN RSA PRIVATE KEY-----"));
        assertEquals(rsaCert, PemPair.read(cert(TestPairs.pem(rsaCert)), key(TestPairs.pem(rsa.getPrivate()))).certificate());
        assertEquals(ecCert, PemPair.read(cert(TestPairs.pem(ecCert)), key(TestPairs.sec1(ec))).certificate());
        assertEquals(rsaCert, PemPair.read(cert(TestPairs.pem(rsaCert)), key(TestPairs.pkcs8(rsa))).certificate());
    }

    @Test
    void readsAChainLeafFirstAndTextAroundTheBlocks() throws Exception {
        PemPair pair = PemPair.read(cert("subject=CN = ec\n", TestPairs.pem(ecCert), "issuer\n", TestPairs.pem(rsaCert)),
                key(TestPairs.pkcs8(ec)));
        assertEquals(List.of(ecCert, rsaCert), pair.chain());
    }

    @Test
    void oneCombinedFileCanBeBoth() throws Exception {
        Path both = TestPairs.write(dir.resolve("tls.pem"), TestPairs.pem(ecCert), TestPairs.pkcs8(ec));
        assertEquals(ecCert, PemPair.read(both, both).certificate());
    }

    @Test
    void aKeyOfAnotherCertificateIsRefusedNamingBothFiles() throws Exception {
        Path cert = cert(TestPairs.pem(ecCert));
        Path key = key(TestPairs.pkcs8(otherEc));
        assertEquals("the TLS key in " + key + " does not belong to the certificate in " + cert, problem(cert, key));
        // Another algorithm altogether.
        assertEquals("the TLS key in " + key + " does not belong to the certificate in " + cert,
                problem(cert, key(TestPairs.pem(rsa.getPrivate()))));
    }

    @Test
    void theKeyMustBelongToTheFirstCertificateOfTheChain() throws Exception {
        Path cert = cert(TestPairs.pem(rsaCert), TestPairs.pem(ecCert));
        Path key = key(TestPairs.pkcs8(ec));
        assertEquals("the TLS key in " + key + " does not belong to the certificate in " + cert
                + " (the first of its 2 certificates)", problem(cert, key));
    }

    @Test
    void aCertificateFileWithoutACertificateIsRefusedNamingIt() throws Exception {
        Path key = key(TestPairs.pkcs8(ec));
        Path text = cert("this is not a certificate\n");
        assertEquals("TLS certificate file " + text + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)", problem(text, key));
        Path onlyKey = cert(TestPairs.pkcs8(ec));
        assertEquals("TLS certificate file " + onlyKey + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)",
                problem(onlyKey, key));
        Path corrupt = cert("-----BEGIN CERTIFICATE-----\nnot base64 at all!\n-----END CERTIFICATE-----\n");
        assertEquals("TLS certificate file " + corrupt + " is not valid PEM: a block in it cannot be decoded", problem(corrupt, key));
        // Valid base64, but not a certificate inside.
        Path notDer = cert("-----BEGIN CERTIFICATE-----\nZGphbmdvLWd1YXJk\n-----END CERTIFICATE-----\n");
        assertEquals("TLS certificate file " + notDer + " is not valid PEM: a block in it cannot be decoded", problem(notDer, key));
    }

    @Test
    void aKeyFileWithoutAKeyIsRefusedNamingIt() throws Exception {
        Path cert = cert(TestPairs.pem(ecCert));
        Path swapped = key(TestPairs.pem(ecCert));
        assertEquals("TLS key file " + swapped + " holds a certificate but no private key", problem(cert, swapped));
        Path text = key("password=hunter2-not-a-key\n");
        String message = problem(cert, text);
        assertEquals("TLS key file " + text + " holds no PEM private key (PKCS#8, PKCS#1 RSA or SEC1 EC)", message);
        assertFalse(message.contains("hunter2"), message);
    }

    @Test
    void aCorruptKeyIsRefusedWithoutQuotingIt() throws Exception {
        Path cert = cert(TestPairs.pem(ecCert));
        String pkcs8 = TestPairs.pkcs8(ec);
        // Cut a line of the key's base64 in half: the block can no longer be decoded.
        String[] lines = pkcs8.split("\n");
        lines[2] = lines[2].substring(0, 17);
        Path corrupt = key(String.join("\n", lines) + "\n");
        assertEquals("TLS key file " + corrupt + " is not valid PEM: a block in it cannot be decoded as a private key "
                + "(PKCS#8, PKCS#1 RSA or SEC1 EC)", problem(cert, corrupt));
    }

    @Test
    void anEncryptedKeyIsRefused() throws Exception {
        // The structure of an encrypted PKCS#8 key; its content does not matter, it is never decrypted.
        byte[] der = new EncryptedPrivateKeyInfo(new AlgorithmIdentifier(PKCSObjectIdentifiers.pbeWithSHAAnd3_KeyTripleDES_CBC,
                new PKCS12PBEParams(new byte[8], 2048)), new byte[64]).getEncoded();
        Path encrypted = key("-----BEGIN ENCRYPTED PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END ENCRYPTED PRIVATE KEY-----\n");
        Path cert = cert(TestPairs.pem(ecCert));
        assertEquals("TLS key file " + encrypted + " holds an encrypted private key: django-guard needs it unencrypted "
                + "(PKCS#8, PKCS#1 RSA or SEC1 EC)", problem(cert, encrypted));
    }

    @Test
    void twoKeysAreRefused() throws Exception {
        Path key = key(TestPairs.pkcs8(ec), TestPairs.pkcs8(otherEc));
        assertEquals("TLS key file " + key + " holds 2 private keys: it must hold one", problem(cert(TestPairs.pem(ecCert)), key));
    }

    @Test
    void filesThatCannotBeReadAreRefusedNamingThem() throws Exception {
        Path cert = cert(TestPairs.pem(ecCert));
        Path key = key(TestPairs.pkcs8(ec));
        Path missing = dir.resolve("missing.key");
        assertEquals("TLS key file " + missing + " does not exist", problem(cert, missing));
        Path empty = TestPairs.write(dir.resolve("empty.crt"));
        assertEquals("TLS certificate file " + empty + " is empty", problem(empty, key));
        assertEquals("TLS certificate file " + dir + " is a directory", problem(dir, key));
        Path huge = TestPairs.write(dir.resolve("huge.crt"), "x".repeat(PemPair.MAX_FILE_BYTES + 1));
        assertEquals("TLS certificate file " + huge + " is larger than 1 MiB: it cannot be a certificate", problem(huge, key));
    }

    @Test
    void tellsACertificateOutsideItsValidityPeriod() throws Exception {
        Instant now = Instant.now();
        X509Certificate expired = TestPairs.certificate(ec, "old", now.minus(Duration.ofDays(30)), now.minus(Duration.ofDays(1)));
        Path cert = cert(TestPairs.pem(expired));
        PemPair pair = PemPair.read(cert, key(TestPairs.pkcs8(ec)));
        assertEquals("the certificate in " + cert + " expired on " + expired.getNotAfter().toInstant(), pair.validityProblem(now));

        X509Certificate early = TestPairs.certificate(ec, "new", now.plus(Duration.ofHours(1)), now.plus(Duration.ofDays(1)));
        PemPair future = PemPair.read(cert(TestPairs.pem(early)), key(TestPairs.pkcs8(ec)));
        assertEquals("the certificate in " + cert + " is not valid before " + early.getNotBefore().toInstant(),
                future.validityProblem(now));
    }

    @Test
    void theDigestTellsWhetherEitherFileChanged() throws Exception {
        Path cert = cert(TestPairs.pem(ecCert));
        Path key = key(TestPairs.pkcs8(ec));
        byte[] first = PemPair.read(cert, key).digest();
        assertTrue(PemPair.readFiles(cert, key).sameAs(first));
        key(TestPairs.pem(ec.getPrivate()));
        assertFalse(PemPair.readFiles(cert, key).sameAs(first));
    }
}
