package io.djangoguard.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
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
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Generates a throw-away self-signed TLS server certificate, so that the webhook can serve HTTPS on a laptop
 * without anyone creating a certificate first. In a cluster the certificate is mounted from a Secret instead.
 * <p>
 * The key is EC P-256 (fast to generate at every start, small, and accepted by the Kubernetes API server's Go TLS
 * stack and by the JDK). The certificate is an end-entity certificate: CN=django-guard, not a CA, key usage
 * digitalSignature, extended key usage serverAuth, valid for one year, with SubjectAltNames {@code DNS:localhost},
 * {@code IP:127.0.0.1}, {@code IP:::1} and any extra DNS names asked for.
 * <p>
 * The JDK's own providers generate the key and sign; the certificate's DER is written here (see {@link Der}) and read
 * back by the JDK's CertificateFactory, which checks that it is well-formed.
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

    private static final String ECDSA_WITH_SHA256 = "1.2.840.10045.4.3.2";
    private static final String COMMON_NAME_OID = "2.5.4.3";
    private static final String BASIC_CONSTRAINTS = "2.5.29.19";
    private static final String KEY_USAGE = "2.5.29.15";
    private static final String EXTENDED_KEY_USAGE = "2.5.29.37";
    private static final String SUBJECT_ALTERNATIVE_NAME = "2.5.29.17";
    private static final String SUBJECT_KEY_IDENTIFIER = "2.5.29.14";
    private static final String AUTHORITY_KEY_IDENTIFIER = "2.5.29.35";
    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    private static final int DNS_NAME = 2;
    private static final int IP_ADDRESS = 7;

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
        byte[] key = keyPair.getPrivate().getEncoded(); // PKCS#8
        byte[] keyPem = pem("PRIVATE KEY", key);
        try {
            // The key first: if it cannot be written there is no certificate left behind without its key.
            writeNew(keyFile, keyPem, true);
            writeNew(certFile, pem("CERTIFICATE", certificate.getEncoded()), false);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encode the self-signed certificate", e);
        } catch (IOException e) {
            // The message names the file, never its content.
            throw new UncheckedIOException("cannot write self-signed certificate to " + dir + ": " + e, e);
        } finally {
            Arrays.fill(key, (byte) 0);
            Arrays.fill(keyPem, (byte) 0);
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

    /** The certificate (RFC 5280), signed by its own key with ECDSA and SHA-256. */
    static X509Certificate createCertificate(KeyPair keyPair, List<String> dnsNames, Instant now) {
        byte[] name = Der.sequence(Der.set(Der.sequence(Der.oid(COMMON_NAME_OID), Der.utf8String(COMMON_NAME))));
        // Positive, at most 20 octets (RFC 5280, 4.1.2.2), unpredictable.
        BigInteger serial = new BigInteger(159, new SecureRandom()).setBit(0);
        Instant notBefore = now.minus(CLOCK_SKEW);
        Instant notAfter = now.plus(VALIDITY);
        byte[] publicKeyInfo = keyPair.getPublic().getEncoded(); // SubjectPublicKeyInfo
        byte[] keyIdentifier = keyIdentifier(publicKeyInfo);

        List<byte[]> altNames = new ArrayList<>();
        for (String dnsName : dnsNames) {
            altNames.add(Der.implicit(DNS_NAME, Der.ia5String(dnsName)));
        }
        altNames.add(Der.implicit(IP_ADDRESS, Der.octetString(address("127.0.0.1"))));
        altNames.add(Der.implicit(IP_ADDRESS, Der.octetString(address("::1"))));

        byte[] signatureAlgorithm = Der.sequence(Der.oid(ECDSA_WITH_SHA256)); // no parameters (RFC 5758, 3.2)
        byte[] tbsCertificate = Der.sequence(
                Der.tlv(Der.context(0), Der.integer(2)), // v3
                Der.integer(serial),
                signatureAlgorithm,
                name, // issuer: self-signed
                Der.sequence(Der.time(notBefore), Der.time(notAfter)),
                name, // subject
                publicKeyInfo,
                Der.tlv(Der.context(3), Der.sequence(
                        extension(BASIC_CONSTRAINTS, true, Der.sequence()), // cA FALSE, the default, is not encoded
                        extension(KEY_USAGE, true, Der.bitString(new byte[] { (byte) 0x80 }, 7)), // digitalSignature
                        extension(EXTENDED_KEY_USAGE, false, Der.sequence(Der.oid(SERVER_AUTH))),
                        // The subject DN is not empty, so the SAN extension is not critical (RFC 5280, 4.2.1.6).
                        extension(SUBJECT_ALTERNATIVE_NAME, false, Der.sequence(altNames.toArray(byte[][]::new))),
                        extension(SUBJECT_KEY_IDENTIFIER, false, Der.octetString(keyIdentifier)),
                        // AuthorityKeyIdentifier { keyIdentifier [0] IMPLICIT }: the issuer is the subject.
                        extension(AUTHORITY_KEY_IDENTIFIER, false,
                                Der.sequence(Der.implicit(0, Der.octetString(keyIdentifier)))))));
        try {
            Signature signer = Signature.getInstance("SHA256withECDSA");
            signer.initSign(keyPair.getPrivate());
            signer.update(tbsCertificate);
            byte[] certificate = Der.sequence(tbsCertificate, signatureAlgorithm, Der.bitString(signer.sign()));
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(certificate));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot create the self-signed certificate", e);
        }
    }

    /** Extension { extnID, critical BOOLEAN DEFAULT FALSE, extnValue OCTET STRING (the DER of the value) }. */
    private static byte[] extension(String oid, boolean critical, byte[] value) {
        return critical ? Der.sequence(Der.oid(oid), Der.bool(true), Der.octetString(value))
                : Der.sequence(Der.oid(oid), Der.octetString(value));
    }

    /** RFC 5280, 4.2.1.2, method 1: SHA-1 of the subjectPublicKey BIT STRING's bits, as other tools compute it. */
    private static byte[] keyIdentifier(byte[] publicKeyInfo) {
        try {
            Der.Reader spki = Der.single(publicKeyInfo).contents();
            spki.next(Der.SEQUENCE);
            byte[] bitString = spki.next(Der.BIT_STRING).content();
            return MessageDigest.getInstance("SHA-1").digest(Arrays.copyOfRange(bitString, 1, bitString.length));
        } catch (Der.Malformed | GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the public key the JDK generated", e);
        }
    }

    private static byte[] address(String literal) {
        try {
            return InetAddress.getByName(literal).getAddress(); // a literal: no name is looked up
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * PEM (RFC 7468): base64 in lines of 64 characters, as OpenSSL writes it. Made of bytes only (no String holds the
     * base64 of a key), so that the caller can clear it.
     */
    private static byte[] pem(String label, byte[] der) {
        byte[] begin = ("-----BEGIN " + label + "-----\n").getBytes(StandardCharsets.US_ASCII);
        byte[] end = ("\n-----END " + label + "-----\n").getBytes(StandardCharsets.US_ASCII);
        byte[] base64 = Base64.getMimeEncoder(64, new byte[] { '\n' }).encode(der);
        byte[] pem = new byte[begin.length + base64.length + end.length];
        System.arraycopy(begin, 0, pem, 0, begin.length);
        System.arraycopy(base64, 0, pem, begin.length, base64.length);
        System.arraycopy(end, 0, pem, begin.length + base64.length, end.length);
        Arrays.fill(base64, (byte) 0);
        return pem;
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
