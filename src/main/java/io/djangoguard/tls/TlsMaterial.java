package io.djangoguard.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.djangoguard.config.ConfigKeys;
import io.djangoguard.config.DjangoGuardConfig;
import io.djangoguard.config.RefusedConfiguration;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.KeyCertOptions;

/**
 * The server's certificate and key: read from {@code django-guard.tls.cert-file} and {@code django-guard.tls.key-file},
 * re-read every {@code django-guard.tls.reload-period}, and installed only when the two belong together.
 * <p>
 * Every HTTPS server that takes its options from {@link #applyTo(HttpServerOptions)} serves the pair installed last:
 * the options hold a key manager that each handshake asks (see {@link ReloadingKeyManager}), so a renewal needs no
 * call on the servers and no server has to register anywhere. This replaces Quarkus' TLS registry reload, which calls
 * Vert.x's {@code HttpServer.updateSSLOptions}: in Vert.x 4.5 that sets the server's SSL provider to a future that is
 * not complete yet, and a connection accepted until it completes fails with a NullPointerException.
 * <p>
 * A reload that finds the files as they were does nothing and logs nothing. One that finds a pair that cannot be used
 * (unreadable, not PEM, a key of another certificate, a certificate that is not valid now while the one in use is)
 * keeps the pair in use and logs one line, once for as long as the files stay the same.
 */
@Singleton
public class TlsMaterial {

    private static final String CERT_FILE = DjangoGuardConfig.Tls.CERT_FILE;
    private static final String KEY_FILE = DjangoGuardConfig.Tls.KEY_FILE;

    /** TLS 1.3 only: the Kubernetes API server speaks it, and it leaves no weak cipher suite to configure. */
    public static final Set<String> PROTOCOLS = Set.of("TLSv1.3");

    private static final Logger LOG = Logger.getLogger(TlsMaterial.class);

    /** What a reload did. */
    public enum Outcome {
        /** The files hold the pair in use. */
        UNCHANGED,
        /** A new pair is installed. */
        INSTALLED,
        /** The files hold a pair that cannot be used; the pair in use stays. */
        KEPT
    }

    private final Path certFile;
    private final Path keyFile;
    private final Duration reloadPeriod;
    private final Clock clock;
    private final ReloadingKeyManager keyManager = new ReloadingKeyManager();
    private final KeyCertOptions keyCertOptions = KeyCertOptions.wrap(keyManager);

    private volatile PemPair installed;
    /** The last problem logged, so that files that stay wrong are reported once. Guarded by this. */
    private String reported;
    /** Whether the expiry of the certificate in use has been logged. Guarded by this. */
    private boolean expiryReported;
    private ScheduledExecutorService reloader;

    /**
     * The configured pair (Main has checked it before the server started), or, with neither file configured, a
     * self-signed certificate for localhost generated now. Generated here rather than in Main so that nothing is
     * logged before Quarkus has set up logging: a start refused on configuration then prints one line and nothing else.
     */
    @Inject
    TlsMaterial(DjangoGuardConfig config) {
        this(configuredOrGenerated(config.tls()), config.tls().reloadPeriod(), Clock.systemUTC());
    }

    private TlsMaterial(SelfSignedCertificate.PemFiles files, Duration reloadPeriod, Clock clock) {
        this(files.certFile(), files.keyFile(), reloadPeriod, clock);
    }

    private static SelfSignedCertificate.PemFiles configuredOrGenerated(DjangoGuardConfig.Tls tls) {
        if (tls.certFile().isPresent() || tls.keyFile().isPresent()) {
            // One without the other: Main refuses that from system properties and environment variables; here it can
            // only come from a properties file.
            return new SelfSignedCertificate.PemFiles(Path.of(tls.certFile().orElseThrow(() -> missing(CERT_FILE, KEY_FILE))),
                    Path.of(tls.keyFile().orElseThrow(() -> missing(KEY_FILE, CERT_FILE))));
        }
        SelfSignedCertificate.PemFiles files;
        try {
            Path dir = Files.createTempDirectory("django-guard-tls-");
            files = SelfSignedCertificate.writeTo(dir, List.of());
            // deleteOnExit runs in reverse order of registration: the files go first, then the directory.
            dir.toFile().deleteOnExit();
            files.certFile().toFile().deleteOnExit();
            files.keyFile().toFile().deleteOnExit();
        } catch (IOException | UncheckedIOException e) {
            throw new IllegalStateException("cannot generate a self-signed TLS certificate: " + e.getMessage(), e);
        }
        LOG.infof("No TLS certificate configured: generated a self-signed certificate for localhost in %s. In production "
                + "mount a certificate and key and set %s and %s.", files.certFile().getParent(),
                ConfigKeys.envNameOf(CERT_FILE), ConfigKeys.envNameOf(KEY_FILE));
        return files;
    }

    private static RefusedConfiguration missing(String absent, String present) {
        return new RefusedConfiguration(present + " is configured but not " + absent + ": set both, or neither for a "
                + "self-signed certificate");
    }

    /**
     * Reads and installs the pair, or throws with the one line that says why it cannot be used (the server's
     * {@code Main} checks the same before the server starts, so this fails only if the files change in between).
     */
    TlsMaterial(Path certFile, Path keyFile, Duration reloadPeriod, Clock clock) {
        this.certFile = Objects.requireNonNull(certFile, "certFile");
        this.keyFile = Objects.requireNonNull(keyFile, "keyFile");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (reloadPeriod == null || reloadPeriod.isNegative() || reloadPeriod.isZero()) {
            throw new IllegalArgumentException(DjangoGuardConfig.Tls.RELOAD_PERIOD + " must be a positive duration, such as 1m or 30s");
        }
        this.reloadPeriod = reloadPeriod;
        PemPair first;
        try {
            first = PemPair.read(certFile, keyFile);
        } catch (TlsFileException e) {
            throw new IllegalStateException(e.getMessage());
        }
        install(first);
        LOG.infof("TLS: serving %s from %s and %s; the files are re-read every %s", first.describe(), certFile, keyFile,
                describe(reloadPeriod));
        String validity = first.validityProblem(clock.instant());
        if (validity != null) {
            // Refusing to start would not help: the pod would restart in a loop while the webhook, with
            // failurePolicy Fail, refuses every deployment; served, the renewed pair is picked up at the next reload.
            LOG.warnf("TLS: %s; serving it until a renewed one is mounted (re-read every %s)", validity, describe(reloadPeriod));
        }
        expiryReported = expired(first, clock.instant());
    }

    @PostConstruct
    void startReloading() {
        reloader = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "django-guard-tls-reload");
            thread.setDaemon(true);
            return thread;
        });
        long millis = reloadPeriod.toMillis();
        reloader.scheduleWithFixedDelay(this::reloadAndLogFailure, millis, millis, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stopReloading() {
        if (reloader != null) {
            reloader.shutdownNow();
        }
    }

    private void reloadAndLogFailure() {
        try {
            reload();
        } catch (RuntimeException e) {
            // Not a problem of the files (those are reported by reload): keep trying at the next period.
            LOG.errorf("TLS: re-reading %s and %s failed: %s", certFile, keyFile, e.toString());
        }
    }

    /**
     * Sets the options of an HTTPS server so that it serves this pair and every renewal of it, over TLS 1.3. The main
     * server's options are set by {@link HttpsServerOptions}; another Vert.x server gets the same with
     * {@code vertx.createHttpServer(tlsMaterial.applyTo(new HttpServerOptions().setPort(port)))}.
     *
     * @return {@code options}
     */
    public HttpServerOptions applyTo(HttpServerOptions options) {
        options.setSsl(true);
        options.setKeyCertOptions(keyCertOptions);
        options.setEnabledSecureTransportProtocols(PROTOCOLS);
        return options;
    }

    /** The key and certificate for a TLS server's options; it always serves the pair installed last. */
    public KeyCertOptions keyCertOptions() {
        return keyCertOptions;
    }

    /** The certificate served now. */
    public X509Certificate certificate() {
        return installed.certificate();
    }

    public Duration reloadPeriod() {
        return reloadPeriod;
    }

    /** Re-reads the files and installs the pair they hold if it has changed and can be used. */
    public synchronized Outcome reload() {
        Instant now = clock.instant();
        PemPair.Contents contents;
        try {
            contents = PemPair.readFiles(certFile, keyFile);
        } catch (TlsFileException e) {
            return keep(e.getMessage(), true);
        }
        if (contents.sameAs(installed.digest())) {
            contents.clear();
            if (reported != null) {
                reported = null;
                LOG.infof("TLS: %s and %s hold the pair in use again", certFile, keyFile);
            }
            reportExpiry(now);
            return Outcome.UNCHANGED;
        }
        PemPair next;
        try {
            next = PemPair.parse(contents);
        } catch (TlsFileException e) {
            return keep(e.getMessage(), true);
        }
        String validity = next.validityProblem(now);
        if (validity != null && installed.validityProblem(now) == null) {
            return keep(validity + ", while the one in use is valid", false);
        }
        install(next);
        reported = null;
        LOG.infof("TLS certificate reloaded from %s and %s: now serving %s", certFile, keyFile, next.describe());
        expiryReported = expired(next, now);
        if (validity != null) {
            LOG.warnf("TLS: %s; serving it all the same, as the one it replaces was not valid either", validity);
        }
        return Outcome.INSTALLED;
    }

    private void install(PemPair pair) {
        keyManager.install(pair);
        installed = pair;
    }

    private Outcome keep(String problem, boolean error) {
        if (!problem.equals(reported)) {
            reported = problem;
            String line = String.format("TLS certificate not reloaded from %s and %s: %s; still serving %s", certFile, keyFile,
                    problem, installed.describe());
            if (error) {
                LOG.error(line);
            } else {
                LOG.warn(line);
            }
        }
        return Outcome.KEPT;
    }

    private static boolean expired(PemPair pair, Instant now) {
        return now.isAfter(pair.certificate().getNotAfter().toInstant());
    }

    private void reportExpiry(Instant now) {
        if (!expiryReported && expired(installed, now)) {
            expiryReported = true;
            LOG.warnf("TLS: the certificate in use, %s, has expired: mount a renewed pair at %s and %s", installed.describe(),
                    certFile, keyFile);
        }
    }

    static String describe(Duration period) {
        long millis = period.toMillis();
        if (millis % 3_600_000 == 0) {
            return millis / 3_600_000 + "h";
        }
        if (millis % 60_000 == 0) {
            return millis / 60_000 + "m";
        }
        return millis % 1_000 == 0 ? millis / 1_000 + "s" : millis + "ms";
    }
}
