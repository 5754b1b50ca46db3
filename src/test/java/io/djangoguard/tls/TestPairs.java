package io.djangoguard.tls;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;

import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Test only: key pairs and certificates of any kind and validity, written as PEM. */
final class TestPairs {

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
            X500Name name = new X500Name("CN=" + cn);
            String algorithm = subject.getPrivate().getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
            var builder = new JcaX509v3CertificateBuilder(name, new BigInteger(64, new SecureRandom()).setBit(0),
                    Date.from(notBefore), Date.from(notAfter), name, subject.getPublic())
                    // So that clients that check the host name (java.net.http) accept it for localhost.
                    .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                        new GeneralName(GeneralName.dNSName, "localhost"), new GeneralName(GeneralName.iPAddress, "127.0.0.1") }));
            return new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder(algorithm).build(subject.getPrivate())));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static X509Certificate certificate(KeyPair subject, String cn) {
        Instant now = Instant.now();
        return certificate(subject, cn, now.minus(Duration.ofMinutes(5)), now.plus(Duration.ofDays(30)));
    }

    /** PEM of a certificate, or of an RSA private key in OpenSSL's traditional form (PKCS#1). */
    static String pem(Object object) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** PEM of a private key as PKCS#8 ({@code -----BEGIN PRIVATE KEY-----}). */
    static String pkcs8(KeyPair keys) {
        try {
            return pem(new JcaPKCS8Generator(keys.getPrivate(), null));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** PEM of an EC P-256 private key as SEC1 ({@code -----BEGIN EC PRIVATE KEY-----}) naming its curve, as OpenSSL and Go write it. */
    static String sec1(KeyPair keys) {
        try {
            ECPrivateKey key = (ECPrivateKey) keys.getPrivate();
            byte[] der = new org.bouncycastle.asn1.sec.ECPrivateKey(256, key.getS(), SECObjectIdentifiers.secp256r1).getEncoded();
            return "-----BEGIN EC PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(der) + "\n-----END EC PRIVATE KEY-----\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path write(Path file, String... pems) throws IOException {
        Files.writeString(file, String.join("", pems), StandardCharsets.US_ASCII);
        return file;
    }
}
