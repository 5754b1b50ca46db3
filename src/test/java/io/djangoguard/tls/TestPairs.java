package io.djangoguard.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * Test only: key pairs and certificates of any kind and validity, written as PEM, with the JDK only (the certificate's
 * DER is written with {@link Der} and read back by the JDK's CertificateFactory, which checks it).
 */
final class TestPairs {

    static final String SECP256R1 = "1.2.840.10045.3.1.7";

    private TestPairs() {
    }

    static KeyPair ec() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static KeyPair rsa() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A certificate for {@code subject}'s public key, valid from {@code notBefore} to {@code notAfter}, self-signed. */
    static X509Certificate certificate(KeyPair subject, String cn, Instant notBefore, Instant notAfter) {
        try {
            boolean rsa = subject.getPrivate().getAlgorithm().equals("RSA");
            byte[] algorithm = rsa ? Der.sequence(Der.oid("1.2.840.113549.1.1.11"), Der.nullValue()) // sha256WithRSAEncryption
                    : Der.sequence(Der.oid("1.2.840.10045.4.3.2")); // ecdsa-with-SHA256
            byte[] name = Der.sequence(Der.set(Der.sequence(Der.oid("2.5.4.3"), Der.utf8String(cn))));
            // So that clients that check the host name (java.net.http) accept it for localhost.
            byte[] altNames = Der.sequence(Der.implicit(2, Der.ia5String("localhost")),
                    Der.implicit(7, Der.octetString(InetAddress.getByName("127.0.0.1").getAddress())));
            byte[] tbs = Der.sequence(Der.tlv(Der.context(0), Der.integer(2)),
                    Der.integer(new BigInteger(64, new SecureRandom()).setBit(0)), algorithm, name,
                    Der.sequence(Der.time(notBefore), Der.time(notAfter)), name, subject.getPublic().getEncoded(),
                    Der.tlv(Der.context(3), Der.sequence(Der.sequence(Der.oid("2.5.29.17"), Der.octetString(altNames)))));
            Signature signer = Signature.getInstance(rsa ? "SHA256withRSA" : "SHA256withECDSA");
            signer.initSign(subject.getPrivate());
            signer.update(tbs);
            byte[] der = Der.sequence(tbs, algorithm, Der.bitString(signer.sign()));
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static X509Certificate certificate(KeyPair subject, String cn) {
        Instant now = Instant.now();
        return certificate(subject, cn, now.minus(Duration.ofMinutes(5)), now.plus(Duration.ofDays(30)));
    }

    /**
     * PEM of a certificate, or of a private key in OpenSSL's traditional form: PKCS#1 for RSA, SEC1 (naming the P-256
     * curve) for EC.
     */
    static String pem(Object object) {
        try {
            if (object instanceof X509Certificate) {
                return pem("CERTIFICATE", ((X509Certificate) object).getEncoded());
            }
            PrivateKey key = (PrivateKey) object;
            if (key.getAlgorithm().equals("EC")) {
                return sec1(key, true);
            }
            if (!key.getAlgorithm().equals("RSA")) {
                throw new IllegalArgumentException("no traditional form for " + key.getAlgorithm() + " keys");
            }
            return pem("RSA PRIVATE KEY", privateKeyOf(key.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** PEM of a private key as PKCS#8 ({@code -----BEGIN PRIVATE KEY-----}). */
    static String pkcs8(KeyPair keys) {
        return pem("PRIVATE KEY", keys.getPrivate().getEncoded());
    }

    /** PEM of an EC P-256 private key as SEC1 ({@code -----BEGIN EC PRIVATE KEY-----}) naming its curve, as OpenSSL and Go write it. */
    static String sec1(KeyPair keys) {
        return sec1(keys.getPrivate(), true);
    }

    /** PEM of an EC P-256 private key as SEC1, with or without the parameters that name its curve (RFC 5915 allows either). */
    static String sec1(KeyPair keys, boolean namedCurve) {
        return sec1(keys.getPrivate(), namedCurve);
    }

    private static String sec1(PrivateKey key, boolean namedCurve) {
        try {
            // The JDK's PKCS#8 wraps an ECPrivateKey { version 1, privateKey } without its optional parts.
            Der.Reader ec = Der.single(privateKeyOf(key.getEncoded())).contents();
            byte[] version = ec.next(Der.INTEGER).encoded();
            byte[] privateKey = ec.next(Der.OCTET_STRING).encoded();
            byte[] der = namedCurve ? Der.sequence(version, privateKey, Der.tlv(Der.context(0), Der.oid(SECP256R1)))
                    : Der.sequence(version, privateKey);
            return pem("EC PRIVATE KEY", der);
        } catch (Der.Malformed e) {
            throw new IllegalStateException(e);
        }
    }

    /** The privateKey OCTET STRING's content in a PKCS#8 PrivateKeyInfo. */
    static byte[] privateKeyOf(byte[] pkcs8) {
        try {
            Der.Reader info = Der.single(pkcs8).contents();
            info.next(Der.INTEGER);
            info.next(Der.SEQUENCE);
            return info.next(Der.OCTET_STRING).content();
        } catch (Der.Malformed e) {
            throw new IllegalStateException(e);
        }
    }

    static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + label + "-----\n";
    }

    static Path write(Path file, String... pems) throws IOException {
        Files.writeString(file, String.join("", pems), StandardCharsets.US_ASCII);
        return file;
    }

    /** A file under src/test/resources/tls (written by generate.sh there, with OpenSSL). */
    static Path fixture(String name) {
        try {
            return Path.of(TestPairs.class.getResource("/tls/" + name).toURI());
        } catch (Exception e) {
            throw new UncheckedIOException(new IOException("no test fixture tls/" + name, e));
        }
    }
}
