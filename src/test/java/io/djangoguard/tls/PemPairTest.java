package io.djangoguard.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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
        // The structure of an encrypted PKCS#8 key (RFC 5208, 6): pbeWithSHAAnd3-KeyTripleDES-CBC { salt, iterations };
        // its content does not matter, it is never decrypted.
        byte[] der = Der.sequence(Der.sequence(Der.oid("1.2.840.113549.1.12.1.3"),
                Der.sequence(Der.octetString(new byte[8]), Der.integer(2048))), Der.octetString(new byte[64]));
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

    // ---------------------------------------------------------------- the formats OpenSSL writes (src/test/resources/tls)

    @ParameterizedTest(name = "{1} with {0}")
    @CsvSource({
        "rsa.crt, rsa-pkcs1.key, RSA",
        "rsa.crt, rsa-pkcs8.key, RSA",
        "ec.crt, ec-sec1.key, EC",
        "ec.crt, ec-sec1-with-parameters.key, EC",
        "ec.crt, ec-pkcs8.key, EC",
        "ec384.crt, ec384-sec1.key, EC",
        "ed25519.crt, ed25519.key, EdDSA",
        "ed448.crt, ed448.key, EdDSA",
        "rsa-pss.crt, rsa-pss.key, RSASSA-PSS",
    })
    void readsEveryUnencryptedKeyFormatOpenSslWrites(String cert, String key, String algorithm) throws Exception {
        PemPair pair = PemPair.read(TestPairs.fixture(cert), TestPairs.fixture(key));
        assertEquals(algorithm, pair.key().getAlgorithm());
        assertEquals(1, pair.chain().size());
        assertEquals("CN=" + cert.substring(0, cert.length() - ".crt".length()), pair.certificate().getSubjectX500Principal().getName());
    }

    @Test
    void theFormsOfOneKeyAreReadAsTheSameKey() throws Exception {
        assertEquals(fixtureKey("rsa.crt", "rsa-pkcs8.key"), fixtureKey("rsa.crt", "rsa-pkcs1.key"));
        // EC keys are equal when their encodings are; the SEC1 key keeps its optional parts in its PKCS#8 form.
        ECPrivateKey pkcs8 = (ECPrivateKey) fixtureKey("ec.crt", "ec-pkcs8.key");
        for (String sec1 : List.of("ec-sec1.key", "ec-sec1-with-parameters.key")) {
            ECPrivateKey key = (ECPrivateKey) fixtureKey("ec.crt", sec1);
            assertEquals(pkcs8.getS(), key.getS(), sec1);
            assertEquals(pkcs8.getParams().toString(), key.getParams().toString(), sec1);
        }
    }

    private static PrivateKey fixtureKey(String cert, String key) throws TlsFileException {
        return PemPair.read(TestPairs.fixture(cert), TestPairs.fixture(key)).key();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "encrypted-pkcs8.key, ec.crt",
        "encrypted-pkcs1.key, rsa.crt",
        "encrypted-sec1.key, ec.crt",
    })
    void refusesEveryEncryptedFormOpenSslWrites(String key, String cert) throws Exception {
        Path file = TestPairs.fixture(key);
        assertEquals("TLS key file " + file + " holds an encrypted private key: django-guard needs it unencrypted "
                + "(PKCS#8, PKCS#1 RSA or SEC1 EC)", problem(TestPairs.fixture(cert), file));
    }

    @Test
    void anEcKeyWithExplicitCurveParametersIsRefusedSayingSo() throws Exception {
        // The JDK reads named curves only; earlier versions said "not valid PEM" here.
        for (String name : List.of("ec-explicit-sec1.key", "ec-explicit-pkcs8.key")) {
            Path key = TestPairs.fixture(name);
            assertEquals("TLS key file " + key + " holds an EC private key whose curve is given by its explicit parameters "
                    + "rather than named: django-guard needs a named curve (openssl ec -param_enc named_curve)",
                    problem(TestPairs.fixture("ec.crt"), key));
        }
    }

    @Test
    void aDsaKeyIsRefusedSayingSo() throws Exception {
        Path key = TestPairs.fixture("dsa-traditional.key");
        assertEquals("TLS key file " + key + " holds a DSA key, which django-guard cannot use (RSA, EC or EdDSA)",
                problem(TestPairs.fixture("ec.crt"), key));
    }

    @Test
    void aKeyOfAnotherAlgorithmThanTheCertificatesDoesNotBelongToIt() throws Exception {
        Path cert = TestPairs.fixture("ec.crt");
        for (String name : List.of("ed25519.key", "rsa-pkcs1.key", "ec384-sec1.key")) {
            Path key = TestPairs.fixture(name);
            assertEquals("the TLS key in " + key + " does not belong to the certificate in " + cert, problem(cert, key));
        }
    }

    // ------------------------------------------------------------------------------------- SEC1 keys and their curve

    @Test
    void aSec1KeyWithoutParametersIsOnTheCertificatesCurve() throws Exception {
        // RFC 5915 makes the parameters optional; the key must belong to the certificate anyway, which is checked.
        assertEquals(ec.getPrivate(), PemPair.read(cert(TestPairs.pem(ecCert)), key(TestPairs.sec1(ec, false))).key());
        Path key = key(TestPairs.sec1(otherEc, false));
        Path cert = cert(TestPairs.pem(ecCert));
        assertEquals("the TLS key in " + key + " does not belong to the certificate in " + cert, problem(cert, key));
    }

    @Test
    void aSec1KeyWithoutParametersTakesTheCurveOfAnEcParametersBlock() throws Exception {
        String parameters = TestPairs.pem("EC PARAMETERS", Der.oid(TestPairs.SECP256R1));
        assertEquals(ec.getPrivate(), PemPair.read(cert(TestPairs.pem(ecCert)), key(parameters, TestPairs.sec1(ec, false))).key());
    }

    @Test
    void aSec1KeyWhoseCurveCannotBeKnownIsRefusedSayingSo() throws Exception {
        Path key = key(TestPairs.sec1(ec, false));
        assertEquals("TLS key file " + key + " holds a SEC1 EC private key that names no curve, and the certificate's key is "
                + "not an EC key whose curve it could be: write the key with its curve (PKCS#8, or SEC1 with its parameters)",
                problem(cert(TestPairs.pem(rsaCert)), key));
    }

    // ------------------------------------------------------------------------------------------------- PEM and DER

    @Test
    void aPkcs8KeyOfAnUnknownAlgorithmIsRefusedNamingIt() throws Exception {
        // GOST R 34.10-2012: the JDK has no KeyFactory for it.
        byte[] der = Der.sequence(Der.integer(0), Der.sequence(Der.oid("1.2.643.7.1.1.1.1")), Der.octetString(new byte[34]));
        Path key = key(TestPairs.pem("PRIVATE KEY", der));
        assertEquals("TLS key file " + key + " holds a private key of an algorithm django-guard does not know "
                + "(OID 1.2.643.7.1.1.1.1): it can use RSA, EC or EdDSA keys", problem(cert(TestPairs.pem(ecCert)), key));
    }

    @Test
    void readsWindowsLineEndingsIndentationAndTheOldCertificateLabel() throws Exception {
        String certPem = TestPairs.pem(ecCert).replace("CERTIFICATE", "X509 CERTIFICATE").replace("\n", "\r\n");
        String keyPem = "  " + TestPairs.pkcs8(ec).replace("\n", " \r\n\t");
        assertEquals(ecCert, PemPair.read(cert(certPem), key(keyPem)).certificate());
    }

    @Test
    void skipsTheOtherBlocksOpenSslWritesButRefusesUnknownOnes() throws Exception {
        String publicKey = TestPairs.pem("PUBLIC KEY", ec.getPublic().getEncoded());
        PemPair pair = PemPair.read(cert(publicKey, TestPairs.pem(ecCert)), key(publicKey, TestPairs.pkcs8(ec), TestPairs.pem(ecCert)));
        assertEquals(ecCert, pair.certificate());
        Path unknown = key(TestPairs.pem("OPENSSH PRIVATE KEY", new byte[] { 1, 2, 3 }));
        assertEquals("TLS key file " + unknown + " is not valid PEM: a block in it cannot be decoded as a private key "
                + "(PKCS#8, PKCS#1 RSA or SEC1 EC)", problem(cert(TestPairs.pem(ecCert)), unknown));
    }

    @Test
    void aBlockEndedByAnotherLabelOrNotAtAllIsNotValidPem() throws Exception {
        Path cert = cert(TestPairs.pem(ecCert));
        String expected = " is not valid PEM: a block in it cannot be decoded as a private key (PKCS#8, PKCS#1 RSA or SEC1 EC)";
        Path mismatched = key(TestPairs.pkcs8(ec).replace("END PRIVATE KEY", "END RSA PRIVATE KEY"));
        assertEquals("TLS key file " + mismatched + expected, problem(cert, mismatched));
        String pkcs8 = TestPairs.pkcs8(ec);
        Path unended = key(pkcs8.substring(0, pkcs8.indexOf("-----END")));
        assertEquals("TLS key file " + unended + expected, problem(cert, unended));
    }

    @Test
    void aCertificateBlockMustHoldOneCertificateAndNothingElse() throws Exception {
        Path key = key(TestPairs.pkcs8(ec));
        byte[] der = ecCert.getEncoded();
        byte[] trailing = Arrays.copyOf(der, der.length + 2); // two bytes of zero after the certificate
        Path cert = cert(TestPairs.pem("CERTIFICATE", trailing));
        assertEquals("TLS certificate file " + cert + " is not valid PEM: a block in it cannot be decoded", problem(cert, key));
        // PEM inside PEM, which the JDK's CertificateFactory alone would take.
        Path nested = cert(TestPairs.pem("CERTIFICATE", TestPairs.pem(ecCert).getBytes(StandardCharsets.US_ASCII)));
        assertEquals("TLS certificate file " + nested + " is not valid PEM: a block in it cannot be decoded", problem(nested, key));
    }

    @Test
    void aLengthBeyondTheInputIsNotValidPem() throws Exception {
        // SEQUENCE of 2^31 - 1 octets, with five octets present.
        byte[] der = { 0x30, (byte) 0x84, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 2, 1, 0, 0, 0 };
        Path cert = cert(TestPairs.pem(ecCert));
        for (String label : List.of("PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY", "EC PARAMETERS")) {
            Path key = key(TestPairs.pem(label, der));
            assertEquals("TLS key file " + key + " is not valid PEM: a block in it cannot be decoded as a private key "
                    + "(PKCS#8, PKCS#1 RSA or SEC1 EC)", problem(cert, key), label);
        }
        Path badCert = cert(TestPairs.pem("CERTIFICATE", der));
        assertEquals("TLS certificate file " + badCert + " is not valid PEM: a block in it cannot be decoded",
                problem(badCert, key(TestPairs.pkcs8(ec))));
    }

    /**
     * Keys of every format with bytes of their DER changed, cut or added, then encoded again: what is read is either a
     * key (that belongs to the certificate or not) or a one-line refusal; never another exception, never the key quoted.
     */
    @Test
    void damagedKeysAreReadOrRefusedInOneLine() throws Exception {
        Random random = new Random(20240603);
        List<String[]> pairs = List.of(new String[] { "rsa.crt", "rsa-pkcs1.key" }, new String[] { "rsa.crt", "rsa-pkcs8.key" },
                new String[] { "ec.crt", "ec-sec1.key" }, new String[] { "ec.crt", "ec-pkcs8.key" },
                new String[] { "ec.crt", "ec-sec1-with-parameters.key" }, new String[] { "ed25519.crt", "ed25519.key" },
                new String[] { "ec.crt", "ec-explicit-sec1.key" }, new String[] { "ec.crt", "encrypted-pkcs8.key" });
        List<String> outcomes = new ArrayList<>();
        for (String[] pair : pairs) {
            Path cert = TestPairs.fixture(pair[0]);
            String pem = Files.readString(TestPairs.fixture(pair[1]), StandardCharsets.US_ASCII);
            List<String> labels = new ArrayList<>();
            List<byte[]> ders = new ArrayList<>();
            for (String block : pem.split("(?=-----BEGIN )")) {
                String label = block.substring("-----BEGIN ".length(), block.indexOf("-----", 5));
                String base64 = block.substring(block.indexOf('\n') + 1, block.indexOf("-----END")).replaceAll("\\s", "");
                labels.add(label);
                ders.add(Base64.getDecoder().decode(base64));
            }
            for (int round = 0; round < 150; round++) {
                StringBuilder damaged = new StringBuilder();
                int victim = random.nextInt(ders.size());
                for (int i = 0; i < ders.size(); i++) {
                    byte[] der = i == victim ? damage(ders.get(i), random) : ders.get(i);
                    damaged.append(TestPairs.pem(labels.get(i), der));
                }
                Path key = key(damaged.toString());
                try {
                    PemPair.read(cert, key);
                    outcomes.add("read");
                } catch (TlsFileException e) {
                    assertFalse(e.getMessage().contains("\n"), e.getMessage());
                    for (String line : damaged.toString().split("\n")) {
                        if (line.length() > 8 && !line.startsWith("-----")) {
                            assertFalse(e.getMessage().contains(line), "the message quotes the key file: " + e.getMessage());
                        }
                    }
                    outcomes.add(e.getMessage().replace(key.toString(), "KEY").replace(cert.toString(), "CERT"));
                }
            }
        }
        assertTrue(outcomes.stream().anyMatch(o -> o.contains("not valid PEM")), outcomes::toString);
    }

    private static byte[] damage(byte[] der, Random random) {
        byte[] copy = der.clone();
        switch (random.nextInt(4)) {
            case 0:
                copy[random.nextInt(copy.length)] ^= (byte) (1 << random.nextInt(8));
                return copy;
            case 1:
                // Mostly in the first few octets: tags and lengths.
                copy[random.nextInt(Math.min(copy.length, 12))] = (byte) random.nextInt(256);
                return copy;
            case 2:
                return Arrays.copyOf(copy, random.nextInt(copy.length));
            default:
                byte[] longer = Arrays.copyOf(copy, copy.length + 1 + random.nextInt(4));
                longer[copy.length] = (byte) random.nextInt(256);
                return longer;
        }
    }
}
