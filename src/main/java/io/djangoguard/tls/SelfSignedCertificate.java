package io.djangoguard.tls;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Generates a throw-away self-signed TLS server certificate, so that the webhook can serve HTTPS on a laptop
 * without anyone creating a certificate first. In a cluster the certificate is mounted from a Secret instead.
 * <p>
 * The key is EC P-256 (fast to generate at every start, small, and accepted by the Kubernetes API server's Go TLS
 * stack and by the JDK). The certificate is an end-entity certificate: CN=django-guard, not a CA, key usage
 * digitalSignature, extended key usage serverAuth, valid for one year, with SubjectAltNames {@code DNS:localhost},
 * {@code IP:127.0.0.1}, {@code IP:::1} and any extra DNS names asked for.
 * <p>
 * The JDK's own providers do the key generation and signing; BouncyCastle only builds the certificate and writes PEM,
 * so no security provider is registered globally.
 */
public final class SelfSignedCertificate {

    /** File name of the PEM certificate written by {@link #writeTo(Path, List)} (same name as in a kubernetes.io/tls Secret). */
    public static final String CERT_FILE_NAME = "tls.crt";

    /** File name of the PEM (PKCS#8, unencrypted) private key written by {@link #writeTo(Path, List)}. */
    public static final String KEY_FILE_NAME = "tls.key";

    static final String COMMON_NAME = "django-guard";
    static final Duration VALIDITY = Duration.ofDays(365);
    /** Backdating of notBefore, so that a client whose clock is slightly behind still accepts the certificate. */
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    private static final FileAttribute<Set<PosixFilePermission>> OWNER_READ_WRITE =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

    /** Where {@link #writeTo(Path, List)} wrote the certificate and the private key. */
    public record PemFiles(Path certFile, Path keyFile) {
    }

    private SelfSignedCertificate() {
    }

    /**
     * Generates a new key pair and self-signed certificate and writes them to {@code dir} as {@value #CERT_FILE_NAME}
     * and {@value #KEY_FILE_NAME} (PEM; the key as PKCS#8 {@code PRIVATE KEY}). The key file is created with
     * permissions 0600 where the file system supports POSIX permissions.
     *
     * @param dir an existing directory; neither file may exist in it yet (they are never overwritten)
     * @param extraDnsNames DNS names to add to the SubjectAltNames besides {@code localhost}; blanks and duplicates
     *        are ignored
     * @return the paths of the two files written
     * @throws UncheckedIOException if a file cannot be written (for example because it already exists)
     */
    public static PemFiles writeTo(Path dir, List<String> extraDnsNames) {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(extraDnsNames, "extraDnsNames");
        KeyPair keyPair = generateKeyPair();
        X509Certificate certificate = createCertificate(keyPair, dnsNames(extraDnsNames), Instant.now());

        Path certFile = dir.resolve(CERT_FILE_NAME);
        Path keyFile = dir.resolve(KEY_FILE_NAME);
        try {
            // The key first: if it cannot be written there is no certificate left behind without its key.
            writeNew(keyFile, pem(new JcaPKCS8Generator(keyPair.getPrivate(), null)), true);
            writeNew(certFile, pem(certificate), false);
        } catch (IOException e) {
            // The message names the file, never its content.
            throw new UncheckedIOException("cannot write self-signed certificate to " + dir + ": " + e, e);
        }
        return new PemFiles(certFile, keyFile);
    }

    private static List<String> dnsNames(List<String> extraDnsNames) {
        Set<String> names = new LinkedHashSet<>();
        names.add("localhost");
        for (String name : extraDnsNames) {
            if (name != null && !name.isBlank()) {
                names.add(name.trim());
            }
        }
        return new ArrayList<>(names);
    }

    private static KeyPair generateKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot generate an EC P-256 key pair", e);
        }
    }

    private static X509Certificate createCertificate(KeyPair keyPair, List<String> dnsNames, Instant now) {
        X500Name subject = new X500Name("CN=" + COMMON_NAME);
        // Positive, at most 20 octets (RFC 5280, 4.1.2.2), unpredictable.
        BigInteger serial = new BigInteger(159, new SecureRandom()).setBit(0);
        Instant notBefore = now.minus(CLOCK_SKEW);
        Instant notAfter = now.plus(VALIDITY);

        List<GeneralName> altNames = new ArrayList<>();
        for (String dnsName : dnsNames) {
            altNames.add(new GeneralName(GeneralName.dNSName, dnsName));
        }
        altNames.add(new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
        altNames.add(new GeneralName(GeneralName.iPAddress, "::1"));

        try {
            JcaX509ExtensionUtils extensionUtils = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                    subject, serial, Date.from(notBefore), Date.from(notAfter), subject, keyPair.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                    // The subject DN is not empty, so the SAN extension is not critical (RFC 5280, 4.2.1.6).
                    .addExtension(Extension.subjectAlternativeName, false,
                            new GeneralNames(altNames.toArray(GeneralName[]::new)))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            extensionUtils.createSubjectKeyIdentifier(keyPair.getPublic()))
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            extensionUtils.createAuthorityKeyIdentifier(keyPair.getPublic()));
            return new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keyPair.getPrivate())));
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot create the self-signed certificate", e);
        }
    }

    private static byte[] pem(Object object) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        }
        return out.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static void writeNew(Path file, byte[] content, boolean ownerOnly) throws IOException {
        Set<OpenOption> options = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        boolean posix = file.getFileSystem().supportedFileAttributeViews().contains("posix");
        // The permissions are given at creation, so the key is never readable by others, not even briefly.
        FileAttribute<?>[] attributes = ownerOnly && posix ? new FileAttribute<?>[] { OWNER_READ_WRITE } : new FileAttribute<?>[0];
        try (var channel = Files.newByteChannel(file, options, attributes);
                var stream = Channels.newOutputStream(channel)) {
            stream.write(content);
        }
        if (ownerOnly && posix) {
            // Belt and braces: states the intended mode explicitly, whatever the creation attribute was subject to.
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
    }
}
