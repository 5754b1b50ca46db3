package io.djangoguard;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import org.jboss.logging.Logger;

import io.djangoguard.cli.AuditCommand;
import io.djangoguard.tls.PemPair;
import io.djangoguard.tls.SelfSignedCertificate;
import io.djangoguard.tls.TlsFileException;
import io.djangoguard.tls.TlsMaterial;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * Entry point. The server speaks TLS only, so before Quarkus starts this makes sure a certificate and key are
 * configured: {@code django-guard.tls.cert-file} / {@code django-guard.tls.key-file} as system properties or as
 * {@code DJANGO_GUARD_TLS_CERT_FILE} / {@code DJANGO_GUARD_TLS_KEY_FILE} environment variables (a system property wins,
 * as in Quarkus' own configuration). With neither configured it generates a self-signed certificate for localhost.
 * <p>
 * A configured pair is checked before the server starts: both files must be PEM, and the key must belong to the
 * certificate; otherwise the server does not start, and says why in one line. (A certificate outside its validity
 * period is served, with a warning: see {@link TlsMaterial}.) {@code django-guard.tls.reload-period}, when set as a
 * system property or environment variable, is checked here too.
 * <p>
 * Only system properties and environment variables are looked at, because Quarkus' configuration is not available
 * before {@link Quarkus#run}: these two settings must not be put in {@code application.properties}.
 */
@QuarkusMain
public final class Main {

    static final Setting CERT_FILE = new Setting("django-guard.tls.cert-file", "DJANGO_GUARD_TLS_CERT_FILE");
    static final Setting KEY_FILE = new Setting("django-guard.tls.key-file", "DJANGO_GUARD_TLS_KEY_FILE");
    static final Setting RELOAD_PERIOD = new Setting(TlsMaterial.RELOAD_PERIOD, "DJANGO_GUARD_TLS_RELOAD_PERIOD");

    /** Exit status for a configuration the server cannot start with. */
    static final int EXIT_BAD_CONFIGURATION = 2;

    Main() {
    }

    public static void main(String... args) {
        // Sub-commands that do not start the server are dispatched here, before the server's TLS set-up.
        if (args.length > 0 && args[0].equals("audit")) {
            System.exit(AuditCommand.run(Arrays.copyOfRange(args, 1, args.length), System.in, System.out, System.err));
        }

        String problem = ensureTlsConfigured();
        if (problem != null) {
            System.err.println("django-guard: " + problem);
            System.exit(EXIT_BAD_CONFIGURATION);
        }
        Quarkus.run(args);
    }

    /** Returns a one-line description of what is wrong with the TLS configuration, or null when the server can start. */
    private static String ensureTlsConfigured() {
        String period = reloadPeriodProblem();
        if (period != null) {
            return period;
        }
        String cert = CERT_FILE.value();
        String key = KEY_FILE.value();
        if (cert == null && key == null) {
            generateSelfSigned();
            return null;
        }
        if (cert == null) {
            return "a TLS key is configured (" + KEY_FILE.source() + ") but no certificate: set " + CERT_FILE.describe();
        }
        if (key == null) {
            return "a TLS certificate is configured (" + CERT_FILE.source() + ") but no key: set " + KEY_FILE.describe();
        }
        String problem = unreadable("certificate", cert, CERT_FILE);
        if (problem == null) {
            problem = unreadable("key", key, KEY_FILE);
        }
        if (problem != null) {
            return problem;
        }
        try {
            PemPair.read(Path.of(cert), Path.of(key));
            return null;
        } catch (TlsFileException e) {
            return e.getMessage();
        }
    }

    private static String reloadPeriodProblem() {
        String value = RELOAD_PERIOD.value();
        if (value == null) {
            return null;
        }
        Duration period;
        try {
            period = DurationConverter.parseDuration(value.strip());
        } catch (RuntimeException e) {
            period = null;
        }
        // The value is not echoed: whatever was put there by mistake could be a secret.
        if (period == null || period.isNegative() || period.isZero()) {
            return RELOAD_PERIOD.property() + " (" + RELOAD_PERIOD.source() + ") is not a positive duration: "
                    + "use a number of seconds, or a number followed by ms, s, m, h or d (30s, 1m)";
        }
        return null;
    }

    private static String unreadable(String what, String value, Setting setting) {
        Path path = Path.of(value);
        String source = " (" + setting.source() + ")";
        if (!Files.exists(path)) {
            return "TLS " + what + " file " + path + source + " does not exist";
        }
        if (!Files.isRegularFile(path)) {
            return "TLS " + what + " file " + path + source + " is not a regular file";
        }
        if (!Files.isReadable(path)) {
            return "TLS " + what + " file " + path + source + " is not readable";
        }
        return null;
    }

    private static void generateSelfSigned() {
        SelfSignedCertificate.PemFiles files;
        try {
            Path dir = Files.createTempDirectory("django-guard-tls-");
            files = SelfSignedCertificate.writeTo(dir, List.of());
            // deleteOnExit runs in reverse order of registration: the files go first, then the directory.
            dir.toFile().deleteOnExit();
            files.certFile().toFile().deleteOnExit();
            files.keyFile().toFile().deleteOnExit();
        } catch (IOException | UncheckedIOException e) {
            System.err.println("django-guard: cannot generate a self-signed TLS certificate: " + e.getMessage());
            System.exit(1);
            return;
        }
        System.setProperty(CERT_FILE.property(), files.certFile().toString());
        System.setProperty(KEY_FILE.property(), files.keyFile().toString());
        Logger.getLogger(Main.class).infof("No TLS certificate configured: generated a self-signed certificate for "
                + "localhost in %s. In production mount a certificate and key and set %s and %s.",
                files.certFile().getParent(), CERT_FILE.env(), KEY_FILE.env());
    }

    /** A setting read from a system property or, failing that, an environment variable; blank counts as unset. */
    record Setting(String property, String env) {

        String value() {
            String value = System.getProperty(property);
            if (value == null || value.isBlank()) {
                value = System.getenv(env);
            }
            return value == null || value.isBlank() ? null : value;
        }

        String source() {
            String value = System.getProperty(property);
            return value != null && !value.isBlank() ? "system property " + property : "environment variable " + env;
        }

        String describe() {
            return env + " (or system property " + property + ")";
        }
    }
}
