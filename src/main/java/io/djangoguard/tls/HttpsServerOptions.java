package io.djangoguard.tls;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.http.HttpServerOptions;

/**
 * Gives Quarkus' HTTPS server its certificate from {@link TlsMaterial}, so that it follows renewals without Quarkus' TLS
 * registry (no {@code quarkus.tls.*} key is set: see application.properties).
 */
@Singleton
public class HttpsServerOptions implements HttpServerOptionsCustomizer {

    private final TlsMaterial tls;

    @Inject
    HttpsServerOptions(TlsMaterial tls) {
        this.tls = tls;
    }

    @Override
    public void customizeHttpsServer(HttpServerOptions options) {
        tls.applyTo(options);
    }
}
