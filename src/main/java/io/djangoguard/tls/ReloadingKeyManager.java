package io.djangoguard.tls;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Base64;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * The server's key manager: each handshake asks it for the certificate and key, and it answers with the pair installed
 * last. Installing a pair is one volatile write, so a renewal changes nothing in the TLS server itself (no new
 * SSLContext, no Vert.x {@code updateSSLOptions}): a handshake gets either the old pair or the new one, never none.
 * <p>
 * A handshake first chooses an alias and then asks for that alias's key and chain. Every installed pair has an alias of
 * its own, and the pair installed before the current one is kept, so a handshake that chose the old alias just before a
 * renewal still gets the old key with the old chain, not the old chain with the new key.
 * <p>
 * The choice of alias by key type and issuers is the JDK's own ({@code SunX509} key manager over the one pair).
 * Server side only: as a client it has nothing to offer.
 */
final class ReloadingKeyManager extends X509ExtendedKeyManager {

    private record Installed(String alias, X509ExtendedKeyManager delegate) {
    }

    private volatile Installed current;
    private volatile Installed previous;
    private long installs;

    /** Makes {@code pair} the one every following handshake gets. */
    synchronized void install(PemPair pair) {
        String alias = "django-guard-" + (++installs);
        Installed next = new Installed(alias, keyManagerFor(alias, pair));
        previous = current;
        current = next;
    }

    private static X509ExtendedKeyManager keyManagerFor(String alias, PemPair pair) {
        try {
            // An in-memory key store that never leaves this object; its password only satisfies the API.
            byte[] random = new byte[18];
            new SecureRandom().nextBytes(random);
            char[] password = Base64.getEncoder().encodeToString(random).toCharArray();
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(alias, pair.key(), password, pair.chain().toArray(X509Certificate[]::new));
            KeyManagerFactory factory = KeyManagerFactory.getInstance("SunX509");
            factory.init(store, password);
            for (KeyManager manager : factory.getKeyManagers()) {
                if (manager instanceof X509ExtendedKeyManager extended) {
                    return extended;
                }
            }
            throw new IllegalStateException("the JDK's SunX509 key manager factory made no X509ExtendedKeyManager");
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot hold the TLS key in memory: " + e.getClass().getSimpleName(), e);
        }
    }

    private Installed owner(String alias) {
        Installed now = current;
        if (now != null && now.alias().equals(alias)) {
            return now;
        }
        Installed before = previous;
        return before != null && before.alias().equals(alias) ? before : null;
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        Installed now = current;
        return now == null ? null : now.delegate().chooseEngineServerAlias(keyType, issuers, engine);
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        Installed now = current;
        return now == null ? null : now.delegate().chooseServerAlias(keyType, issuers, socket);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        Installed now = current;
        return now == null ? null : now.delegate().getServerAliases(keyType, issuers);
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        Installed owner = owner(alias);
        return owner == null ? null : owner.delegate().getCertificateChain(alias);
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        Installed owner = owner(alias);
        return owner == null ? null : owner.delegate().getPrivateKey(alias);
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return null;
    }

    @Override
    public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
        return null;
    }
}
