package io.djangoguard.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * A certificate chain and its private key, read from two PEM files and checked to belong together: the key signs, and
 * the first certificate's public key verifies the signature. Anything wrong is a {@link TlsFileException} whose one-line
 * message names the file; nothing read from the key file ever appears in a message.
 * <p>
 * Files are read within a budget ({@value #MAX_FILE_BYTES} bytes each), and read so that a pair being replaced while it
 * is read is noticed and read again (see {@link #readFiles}).
 */
public final class PemPair {

    /** A certificate chain of a few certificates is a few KiB; anything this large is not a certificate or a key. */
    static final int MAX_FILE_BYTES = 1 << 20;
    private static final int READ_ATTEMPTS = 3;
    private static final String KEY_FORMATS = "PKCS#8, PKCS#1 RSA or SEC1 EC";
    private static final Set<String> EDDSA = Set.of("EdDSA", "Ed25519", "Ed448");

    private final Path certFile;
    private final Path keyFile;
    private final List<X509Certificate> chain;
    private final PrivateKey key;
    private final byte[] digest;

    private PemPair(Path certFile, Path keyFile, List<X509Certificate> chain, PrivateKey key, byte[] digest) {
        this.certFile = certFile;
        this.keyFile = keyFile;
        this.chain = List.copyOf(chain);
        this.key = key;
        this.digest = digest;
    }

    /** The raw content of both files as read together, and a digest of it to tell whether anything changed. */
    static final class Contents {
        final Path certFile;
        final Path keyFile;
        private final byte[] cert;
        private final byte[] key;
        final byte[] digest;

        private Contents(Path certFile, Path keyFile, byte[] cert, byte[] key) {
            this.certFile = certFile;
            this.keyFile = keyFile;
            this.cert = cert;
            this.key = key;
            this.digest = digest(cert, key);
        }

        boolean sameAs(byte[] otherDigest) {
            return otherDigest != null && MessageDigest.isEqual(digest, otherDigest);
        }

        /** Overwrites the key's bytes, so that they do not linger in memory beyond their use. */
        void clear() {
            Arrays.fill(key, (byte) 0);
        }
    }

    /** Reads, parses and checks the pair. */
    public static PemPair read(Path certFile, Path keyFile) throws TlsFileException {
        return parse(readFiles(certFile, keyFile));
    }

    /**
     * Reads both files. A Secret volume is updated by swapping a link to a new directory, so the certificate is read
     * again after the key: if it changed meanwhile, the two reads may belong to different versions and all is read
     * again (a few times at most; what remains inconsistent then is reported as a mismatch and retried at the next reload).
     */
    static Contents readFiles(Path certFile, Path keyFile) throws TlsFileException {
        Contents contents = null;
        for (int attempt = 0; attempt < READ_ATTEMPTS; attempt++) {
            byte[] cert = readBounded(certFile, "certificate");
            byte[] key = readBounded(keyFile, "key");
            byte[] certAgain = readBounded(certFile, "certificate");
            if (contents != null) {
                contents.clear();
            }
            contents = new Contents(certFile, keyFile, certAgain, key);
            if (Arrays.equals(cert, certAgain)) {
                break;
            }
        }
        return contents;
    }

    /** Parses and checks what {@link #readFiles} read; the key's bytes are cleared afterwards. */
    static PemPair parse(Contents contents) throws TlsFileException {
        try {
            List<X509Certificate> chain = certificates(contents.cert, contents.certFile);
            PrivateKey key = privateKey(contents.key, contents.keyFile);
            if (!belongTogether(key, chain.get(0).getPublicKey(), contents.keyFile)) {
                throw new TlsFileException("the TLS key in " + contents.keyFile + " does not belong to the certificate in "
                        + contents.certFile + (chain.size() > 1 ? " (the first of its " + chain.size() + " certificates)" : ""));
            }
            return new PemPair(contents.certFile, contents.keyFile, chain, key, contents.digest);
        } finally {
            contents.clear();
        }
    }

    private static byte[] readBounded(Path file, String what) throws TlsFileException {
        String name = "TLS " + what + " file " + file;
        if (Files.isDirectory(file)) {
            throw new TlsFileException(name + " is a directory");
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(MAX_FILE_BYTES + 1);
            if (bytes.length > MAX_FILE_BYTES) {
                throw new TlsFileException(name + " is larger than " + (MAX_FILE_BYTES >> 20) + " MiB: it cannot be a " + what);
            }
            if (bytes.length == 0) {
                throw new TlsFileException(name + " is empty");
            }
            return bytes;
        } catch (NoSuchFileException e) {
            throw new TlsFileException(name + " does not exist");
        } catch (AccessDeniedException e) {
            throw new TlsFileException(name + " is not readable");
        } catch (FileSystemException e) {
            throw new TlsFileException(name + " cannot be read" + (e.getReason() != null ? ": " + e.getReason() : ""));
        } catch (IOException e) {
            throw new TlsFileException(name + " cannot be read: " + e.getClass().getSimpleName());
        }
    }

    private static List<X509Certificate> certificates(byte[] pem, Path file) throws TlsFileException {
        List<X509Certificate> chain = new ArrayList<>();
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        try (PEMParser parser = parser(pem)) {
            for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
                // Other blocks (a key, when both files are one combined PEM) are not the certificate file's business.
                if (o instanceof X509CertificateHolder holder) {
                    chain.add(converter.getCertificate(holder));
                }
            }
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw new TlsFileException("TLS certificate file " + file + " is not valid PEM: a block in it cannot be decoded");
        }
        if (chain.isEmpty()) {
            throw new TlsFileException("TLS certificate file " + file + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
        }
        return chain;
    }

    private static PrivateKey privateKey(byte[] pem, Path file) throws TlsFileException {
        List<PrivateKey> keys = new ArrayList<>();
        boolean encrypted = false;
        boolean certificate = false;
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        // No exception's message is kept: a parser's message could quote what it parsed.
        try (PEMParser parser = parser(pem)) {
            for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
                if (o instanceof PrivateKeyInfo info) {
                    keys.add(converter.getPrivateKey(info));
                } else if (o instanceof PEMKeyPair pair) {
                    // Only the private half: a SEC1 EC key need not carry its public key.
                    keys.add(converter.getPrivateKey(pair.getPrivateKeyInfo()));
                } else if (o instanceof PKCS8EncryptedPrivateKeyInfo || o instanceof PEMEncryptedKeyPair) {
                    encrypted = true;
                } else if (o instanceof X509CertificateHolder) {
                    certificate = true;
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new TlsFileException("TLS key file " + file + " is not valid PEM: a block in it cannot be decoded as a "
                    + "private key (" + KEY_FORMATS + ")");
        }
        if (encrypted) {
            throw new TlsFileException("TLS key file " + file + " holds an encrypted private key: django-guard needs it "
                    + "unencrypted (" + KEY_FORMATS + ")");
        }
        if (keys.size() > 1) {
            throw new TlsFileException("TLS key file " + file + " holds " + keys.size() + " private keys: it must hold one");
        }
        if (keys.isEmpty()) {
            throw new TlsFileException("TLS key file " + file + (certificate ? " holds a certificate but no private key"
                    : " holds no PEM private key (" + KEY_FORMATS + ")"));
        }
        return keys.get(0);
    }

    private static PEMParser parser(byte[] pem) {
        return new PEMParser(new InputStreamReader(new ByteArrayInputStream(pem), StandardCharsets.US_ASCII));
    }

    /** Whether {@code key} is the private half of {@code publicKey}: it signs a message the public key verifies. */
    private static boolean belongTogether(PrivateKey key, PublicKey publicKey, Path keyFile) throws TlsFileException {
        String algorithm = family(key.getAlgorithm());
        if (!algorithm.equals(family(publicKey.getAlgorithm()))) {
            return false;
        }
        try {
            Signature signer = signature(algorithm);
            if (signer == null) {
                throw new TlsFileException("TLS key file " + keyFile + " holds a " + key.getAlgorithm()
                        + " key, which django-guard cannot use (RSA, EC or EdDSA)");
            }
            byte[] message = "django-guard: does this key belong to this certificate?".getBytes(StandardCharsets.US_ASCII);
            signer.initSign(key);
            signer.update(message);
            byte[] signed = signer.sign();
            Signature verifier = signature(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(message);
            return verifier.verify(signed);
        } catch (GeneralSecurityException e) {
            // A key the certificate's parameters do not fit (another curve, say) does not belong to it.
            return false;
        }
    }

    private static String family(String algorithm) {
        return EDDSA.contains(algorithm) ? "EdDSA" : algorithm;
    }

    private static Signature signature(String algorithm) throws GeneralSecurityException {
        switch (algorithm) {
            case "RSA":
                return Signature.getInstance("SHA256withRSA");
            case "EC":
                return Signature.getInstance("SHA256withECDSA");
            case "EdDSA":
                return Signature.getInstance("EdDSA");
            case "RSASSA-PSS":
                Signature pss = Signature.getInstance("RSASSA-PSS");
                pss.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
                return pss;
            default:
                return null;
        }
    }

    private static byte[] digest(byte[] cert, byte[] key) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(Integer.toString(cert.length).getBytes(StandardCharsets.US_ASCII));
            sha.update((byte) ':');
            sha.update(cert);
            sha.update(key);
            return sha.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    public Path certFile() {
        return certFile;
    }

    public Path keyFile() {
        return keyFile;
    }

    /** The certificate chain, the server's own certificate first. */
    public List<X509Certificate> chain() {
        return chain;
    }

    public X509Certificate certificate() {
        return chain.get(0);
    }

    PrivateKey key() {
        return key;
    }

    byte[] digest() {
        return digest.clone();
    }

    /** What is wrong with the certificate's validity period at {@code now}, or null when it is valid then. */
    public String validityProblem(Instant now) {
        Instant notBefore = certificate().getNotBefore().toInstant();
        Instant notAfter = certificate().getNotAfter().toInstant();
        if (now.isAfter(notAfter)) {
            return "the certificate in " + certFile + " expired on " + notAfter;
        }
        if (now.isBefore(notBefore)) {
            return "the certificate in " + certFile + " is not valid before " + notBefore;
        }
        return null;
    }

    /** The certificate's subject, serial number and end of validity: what tells one certificate from another in a log. */
    public String describe() {
        X509Certificate c = certificate();
        return "\"" + c.getSubjectX500Principal().getName() + "\" (serial " + c.getSerialNumber().toString(16)
                + ", valid until " + c.getNotAfter().toInstant() + ")";
    }
}
