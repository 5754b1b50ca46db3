package io.djangoguard.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.PSSParameterSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A certificate chain and its private key, read from two PEM files and checked to belong together: the key signs, and
 * the first certificate's public key verifies the signature. Anything wrong is a {@link TlsFileException} whose one-line
 * message names the file; nothing read from the key file ever appears in a message.
 * <p>
 * Files are read within a budget ({@value #MAX_FILE_BYTES} bytes each), and read so that a pair being replaced while it
 * is read is noticed and read again (see {@link #readFiles}).
 * <p>
 * PEM is read with the JDK alone (no BouncyCastle: its signed jars cost start-up time). Certificates are "CERTIFICATE"
 * blocks, the server's first. The key is one of: PKCS#8 "PRIVATE KEY" (RSA, RSASSA-PSS, EC on a named curve, Ed25519,
 * Ed448), PKCS#1 "RSA PRIVATE KEY", or SEC1 "EC PRIVATE KEY" (after an "EC PARAMETERS" block or not); the last two
 * are wrapped into the PKCS#8 the JDK's KeyFactory reads. Encrypted keys, in any of these forms, are refused.
 */
public final class PemPair {

    /** A certificate chain of a few certificates is a few KiB; anything this large is not a certificate or a key. */
    static final int MAX_FILE_BYTES = 1 << 20;
    private static final int READ_ATTEMPTS = 3;
    private static final String KEY_FORMATS = "PKCS#8, PKCS#1 RSA or SEC1 EC";
    private static final Set<String> EDDSA = Set.of("EdDSA", "Ed25519", "Ed448");

    private static final String BEGIN = "-----BEGIN ";
    private static final String END = "-----END ";
    private static final String RSA_ENCRYPTION = "1.2.840.113549.1.1.1";
    private static final String EC_PUBLIC_KEY = "1.2.840.10045.2.1";
    /**
     * The JDK's KeyFactory for each algorithm of a PKCS#8 key. Those django-guard cannot serve with (DSA, DH, XDH) are
     * read all the same, so that the check that the key belongs to the certificate says what is wrong.
     */
    private static final Map<String, String> KEY_ALGORITHMS = Map.of(
            RSA_ENCRYPTION, "RSA",
            "1.2.840.113549.1.1.10", "RSASSA-PSS",
            EC_PUBLIC_KEY, "EC",
            "1.3.101.112", "Ed25519",
            "1.3.101.113", "Ed448",
            "1.3.101.110", "X25519",
            "1.3.101.111", "X448",
            "1.2.840.10040.4.1", "DSA",
            "1.2.840.113549.1.3.1", "DiffieHellman");

    /** PEM labels of a certificate ("X509 CERTIFICATE" is an old form, RFC 7468, 5.3). */
    private static final Set<String> CERTIFICATE_LABELS = Set.of("CERTIFICATE", "X509 CERTIFICATE");
    /**
     * The other PEM labels a certificate or key file may hold besides what is read from it (those OpenSSL writes). A
     * block of any other label is refused as not valid PEM, as it was when BouncyCastle's PEMParser read the files.
     */
    private static final Set<String> OTHER_LABELS = Set.of("PRIVATE KEY", "ENCRYPTED PRIVATE KEY", "RSA PRIVATE KEY",
            "EC PRIVATE KEY", "DSA PRIVATE KEY", "EC PARAMETERS", "PUBLIC KEY", "RSA PUBLIC KEY", "TRUSTED CERTIFICATE",
            "CERTIFICATE REQUEST", "NEW CERTIFICATE REQUEST", "X509 CRL", "PKCS7", "CMS", "ATTRIBUTE CERTIFICATE");

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
            PrivateKey key = privateKey(contents.key, contents.keyFile, chain.get(0).getPublicKey());
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
        List<Block> blocks = List.of();
        try {
            blocks = blocks(pem);
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (Block block : blocks) {
                // Other blocks (a key, when both files are one combined PEM) are not the certificate file's business.
                if (CERTIFICATE_LABELS.contains(block.label)) {
                    // One DER certificate and nothing else: the factory would also take PEM text, or stop after the first.
                    Der.single(block.der).expect(Der.SEQUENCE);
                    chain.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(block.der)));
                } else if (!OTHER_LABELS.contains(block.label)) {
                    throw new Der.Malformed();
                }
            }
        } catch (Der.Malformed | GeneralSecurityException | RuntimeException e) {
            throw new TlsFileException("TLS certificate file " + file + " is not valid PEM: a block in it cannot be decoded");
        } finally {
            clear(blocks);
        }
        if (chain.isEmpty()) {
            throw new TlsFileException("TLS certificate file " + file + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
        }
        return chain;
    }

    /**
     * The one private key in the key file. {@code certificateKey} is the certificate's public key: an EC key whose
     * parameters name no curve (SEC1 allows it) is taken to be on the certificate's curve, which the check that the
     * key belongs to the certificate then confirms or refutes.
     */
    private static PrivateKey privateKey(byte[] pem, Path file, PublicKey certificateKey) throws TlsFileException {
        List<Block> blocks = List.of();
        List<PrivateKey> keys = new ArrayList<>();
        boolean encrypted = false;
        boolean certificate = false;
        // No exception's message is kept: a parser's message could quote what it parsed.
        try {
            blocks = blocks(pem);
            String parametersCurve = null;
            for (Block block : blocks) {
                // OpenSSL's "ecparam -genkey" writes the curve's name in a block of its own before the key.
                if (block.label.equals("EC PARAMETERS")) {
                    Der.Element parameters = Der.single(block.der);
                    parametersCurve = parameters.tag == Der.OID ? parameters.oid() : parametersCurve;
                }
            }
            for (Block block : blocks) {
                switch (block.label) {
                    case "PRIVATE KEY":
                        keys.add(pkcs8(block.der, file));
                        break;
                    case "ENCRYPTED PRIVATE KEY":
                        Der.single(block.der).expect(Der.SEQUENCE);
                        encrypted = true;
                        break;
                    case "RSA PRIVATE KEY":
                    case "EC PRIVATE KEY":
                    case "DSA PRIVATE KEY":
                        // OpenSSL's traditional forms, encrypted with "Proc-Type: 4,ENCRYPTED" and "DEK-Info" headers.
                        if (block.encrypted) {
                            encrypted = true;
                        } else if (block.label.startsWith("RSA")) {
                            keys.add(pkcs1(block.der));
                        } else if (block.label.startsWith("EC")) {
                            keys.add(sec1(block.der, file, parametersCurve, certificateKey));
                        } else {
                            throw new TlsFileException("TLS key file " + file + " holds a DSA key, which django-guard cannot use "
                                    + "(RSA, EC or EdDSA)");
                        }
                        break;
                    default:
                        if (CERTIFICATE_LABELS.contains(block.label)) {
                            certificate = true;
                        } else if (!OTHER_LABELS.contains(block.label)) {
                            throw new Der.Malformed();
                        }
                }
            }
        } catch (Der.Malformed | GeneralSecurityException | RuntimeException e) {
            throw new TlsFileException("TLS key file " + file + " is not valid PEM: a block in it cannot be decoded as a "
                    + "private key (" + KEY_FORMATS + ")");
        } finally {
            clear(blocks);
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

    /** A PKCS#8 PrivateKeyInfo (RFC 5208; a OneAsymmetricKey of RFC 5958 too), "BEGIN PRIVATE KEY". */
    private static PrivateKey pkcs8(byte[] der, Path file) throws Der.Malformed, GeneralSecurityException, TlsFileException {
        Der.Reader info = Der.single(der).contents();
        BigInteger version = info.next(Der.INTEGER).integer();
        if (version.signum() < 0 || version.compareTo(BigInteger.ONE) > 0) {
            throw new Der.Malformed();
        }
        Der.Reader algorithm = info.next(Der.SEQUENCE).contents();
        String oid = algorithm.next(Der.OID).oid();
        info.next(Der.OCTET_STRING);
        String name = KEY_ALGORITHMS.get(oid);
        if (name == null) {
            throw new TlsFileException("TLS key file " + file + " holds a private key of an algorithm django-guard does not "
                    + "know (OID " + oid + "): it can use RSA, EC or EdDSA keys");
        }
        if (oid.equals(EC_PUBLIC_KEY) && algorithm.peekTag() == Der.SEQUENCE) {
            throw explicitCurve(file);
        }
        return KeyFactory.getInstance(name).generatePrivate(new PKCS8EncodedKeySpec(der));
    }

    /** A PKCS#1 RSAPrivateKey (RFC 8017, A.1.2), "BEGIN RSA PRIVATE KEY": read as the PKCS#8 that wraps it. */
    private static PrivateKey pkcs1(byte[] der) throws Der.Malformed, GeneralSecurityException {
        Der.Reader rsa = Der.single(der).contents();
        rsa.next(Der.INTEGER); // the version; the JDK reads and checks the rest
        byte[] pkcs8 = wrap(RSA_ENCRYPTION, Der.nullValue(), der);
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } finally {
            Arrays.fill(pkcs8, (byte) 0);
        }
    }

    /**
     * A SEC1 ECPrivateKey (RFC 5915), "BEGIN EC PRIVATE KEY": read as the PKCS#8 that wraps it, which names the curve in
     * its AlgorithmIdentifier. The curve is the one the key names in its parameters, else the one an "EC PARAMETERS"
     * block in the file names, else the certificate's.
     */
    private static PrivateKey sec1(byte[] der, Path file, String parametersCurve, PublicKey certificateKey)
            throws Der.Malformed, GeneralSecurityException, TlsFileException {
        Der.Reader ec = Der.single(der).contents();
        if (!ec.next(Der.INTEGER).integer().equals(BigInteger.ONE)) {
            throw new Der.Malformed();
        }
        ec.next(Der.OCTET_STRING);
        String curve = null;
        Der.Element parameters = ec.optional(Der.context(0));
        if (parameters != null) {
            Der.Element choice = parameters.contents().next();
            if (choice.tag == Der.OID) {
                curve = choice.oid();
            } else if (choice.tag == Der.SEQUENCE) {
                throw explicitCurve(file);
            }
            // NULL (implicitlyCA): the curve is to be known from elsewhere, as when there are no parameters.
        }
        if (curve == null) {
            curve = parametersCurve != null ? parametersCurve : namedCurve(certificateKey);
        }
        if (curve == null) {
            throw new TlsFileException("TLS key file " + file + " holds a SEC1 EC private key that names no curve, and the "
                    + "certificate's key is not an EC key whose curve it could be: write the key with its curve (PKCS#8, or "
                    + "SEC1 with its parameters)");
        }
        byte[] pkcs8 = wrap(EC_PUBLIC_KEY, Der.oid(curve), der);
        try {
            return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } finally {
            Arrays.fill(pkcs8, (byte) 0);
        }
    }

    private static TlsFileException explicitCurve(Path file) {
        return new TlsFileException("TLS key file " + file + " holds an EC private key whose curve is given by its explicit "
                + "parameters rather than named: django-guard needs a named curve (openssl ec -param_enc named_curve)");
    }

    /** The named curve of an EC public key, or null. */
    private static String namedCurve(PublicKey key) {
        if (key == null || !key.getAlgorithm().equals("EC") || key.getEncoded() == null) {
            return null;
        }
        try {
            Der.Reader spki = Der.single(key.getEncoded()).contents();
            Der.Reader algorithm = spki.next(Der.SEQUENCE).contents();
            algorithm.next(Der.OID);
            Der.Element curve = algorithm.optional(Der.OID);
            return curve == null ? null : curve.oid();
        } catch (Der.Malformed e) {
            return null;
        }
    }

    /** PrivateKeyInfo { version 0, AlgorithmIdentifier { algorithm, parameters }, OCTET STRING key }. */
    private static byte[] wrap(String algorithm, byte[] parameters, byte[] key) {
        byte[] octets = Der.octetString(key);
        try {
            return Der.sequence(Der.integer(0), Der.sequence(Der.oid(algorithm), parameters), octets);
        } finally {
            Arrays.fill(octets, (byte) 0);
        }
    }

    /** A PEM block: its label, whether its RFC 1421 headers say it is encrypted, and its content decoded. */
    private static final class Block {
        final String label;
        final boolean encrypted;
        final byte[] der;

        Block(String label, boolean encrypted, byte[] der) {
            this.label = label;
            this.encrypted = encrypted;
            this.der = der;
        }
    }

    private static void clear(List<Block> blocks) {
        for (Block block : blocks) {
            Arrays.fill(block.der, (byte) 0);
        }
    }

    /**
     * The PEM blocks in {@code pem} (RFC 7468), in order. Text outside blocks is ignored, as OpenSSL ignores it ("openssl
     * x509 -text" writes some before the block); inside a block, lines with a colon are RFC 1421 headers, and the
     * rest is base64, whitespace ignored. A block without its END line, or whose END names another label, or whose
     * base64 cannot be decoded, is malformed. Bounded by the input: a file is at most {@value #MAX_FILE_BYTES} bytes.
     */
    private static List<Block> blocks(byte[] pem) throws Der.Malformed {
        List<Block> blocks = new ArrayList<>();
        // The base64 of a block is gathered here rather than in Strings, so that a key's can be cleared afterwards.
        byte[] base64 = new byte[pem.length];
        boolean read = false;
        try {
            String label = null;
            boolean encrypted = false;
            int size = 0;
            int lineStart = 0;
            while (lineStart < pem.length) {
                int lineEnd = lineStart;
                while (lineEnd < pem.length && pem[lineEnd] != '\n' && pem[lineEnd] != '\r') {
                    lineEnd++;
                }
                int next = lineEnd + (lineEnd + 1 < pem.length && pem[lineEnd] == '\r' && pem[lineEnd + 1] == '\n' ? 2 : 1);
                int start = lineStart;
                int end = lineEnd;
                while (start < end && isSpace(pem[start])) {
                    start++;
                }
                while (end > start && isSpace(pem[end - 1])) {
                    end--;
                }
                String line = null;
                if (end - start >= 5 && startsWith(pem, start, end, "-----") || label != null && contains(pem, start, end, ':')) {
                    // A boundary or a header: neither is base64 of a key, so it may be a String.
                    line = new String(pem, start, end - start, StandardCharsets.ISO_8859_1);
                }
                if (label == null) {
                    if (line != null && line.startsWith(BEGIN)) {
                        label = boundaryLabel(line, BEGIN);
                        encrypted = false;
                        size = 0;
                    }
                } else if (line != null && line.startsWith("-----")) {
                    if (!label.equals(boundaryLabel(line, END))) {
                        throw new Der.Malformed();
                    }
                    blocks.add(new Block(label, encrypted, decode(base64, size)));
                    label = null;
                } else if (line != null) {
                    encrypted |= line.startsWith("Proc-Type:") && line.contains("ENCRYPTED");
                } else {
                    for (int i = start; i < end; i++) {
                        if (!isSpace(pem[i])) {
                            base64[size++] = pem[i];
                        }
                    }
                }
                lineStart = next;
            }
            if (label != null) {
                throw new Der.Malformed();
            }
            read = true;
            return blocks;
        } finally {
            Arrays.fill(base64, (byte) 0);
            if (!read) {
                clear(blocks);
            }
        }
    }

    /** The label of "-----BEGIN LABEL-----" or "-----END LABEL-----". */
    private static String boundaryLabel(String line, String prefix) throws Der.Malformed {
        if (!line.startsWith(prefix) || !line.endsWith("-----") || line.length() < prefix.length() + 6) {
            throw new Der.Malformed();
        }
        String label = line.substring(prefix.length(), line.length() - 5);
        if (label.indexOf('-') >= 0 || !label.equals(label.trim())) {
            throw new Der.Malformed();
        }
        return label;
    }

    private static byte[] decode(byte[] base64, int size) throws Der.Malformed {
        try {
            ByteBuffer decoded = Base64.getDecoder().decode(ByteBuffer.wrap(base64, 0, size));
            byte[] der = new byte[decoded.remaining()];
            decoded.get(der);
            if (decoded.hasArray()) {
                Arrays.fill(decoded.array(), (byte) 0);
            }
            return der;
        } catch (IllegalArgumentException e) {
            throw new Der.Malformed();
        }
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\t' || b == '\f' || b == 0x0b;
    }

    private static boolean startsWith(byte[] bytes, int start, int end, String prefix) {
        if (end - start < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (bytes[start + i] != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static boolean contains(byte[] bytes, int start, int end, char c) {
        for (int i = start; i < end; i++) {
            if (bytes[i] == c) {
                return true;
            }
        }
        return false;
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
