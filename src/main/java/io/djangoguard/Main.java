package io.djangoguard;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

import org.jboss.logging.Logger;

import io.djangoguard.cli.AuditCommand;
import io.djangoguard.cli.ChartRenderChild;
import io.djangoguard.config.ConfigKeys;
import io.djangoguard.config.DjangoGuardConfig;
import io.djangoguard.config.RefusedConfiguration;
import io.djangoguard.tls.PemPair;
import io.djangoguard.tls.TlsFileException;
import io.quarkus.runtime.ApplicationLifecycleManager;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusBindException;
import io.quarkus.runtime.util.ExceptionUtil;
import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * Entry point. The server speaks TLS only, so before Quarkus starts this makes sure a certificate and key are
 * configured: {@code django-guard.tls.cert-file} / {@code django-guard.tls.key-file} as system properties or as
 * {@code DJANGO_GUARD_TLS_CERT_FILE} / {@code DJANGO_GUARD_TLS_KEY_FILE} environment variables (a system property wins,
 * as in Quarkus' own configuration). With neither configured, TlsMaterial generates a self-signed certificate for
 * localhost.
 * <p>
 * A configured pair is checked before the server starts: both files must be PEM, and the key must belong to the
 * certificate; otherwise the server does not start, and says why in one line. (A certificate outside its validity
 * period is served, with a warning: see {@link io.djangoguard.tls.TlsMaterial}.) {@code django-guard.tls.reload-period}, when set as a
 * system property or environment variable, is checked here too.
 * <p>
 * Only system properties and environment variables are looked at, because Quarkus' configuration is not available
 * before {@link Quarkus#run}.
 * <p>
 * Exit status: 2 when the configuration is refused, before the server starts or while it starts (one line on
 * standard error, see {@link #exit}); 1 when the start fails for another reason.
 */
@QuarkusMain
public final class Main {

    static final Setting CERT_FILE = new Setting(DjangoGuardConfig.Tls.CERT_FILE);
    static final Setting KEY_FILE = new Setting(DjangoGuardConfig.Tls.KEY_FILE);
    static final Setting RELOAD_PERIOD = new Setting(DjangoGuardConfig.Tls.RELOAD_PERIOD);

    /** Exit status for a configuration the server cannot start with. */
    static final int EXIT_BAD_CONFIGURATION = 2;

    Main() {
    }

    public static void main(String... args) {
        // Sub-commands that do not start the server are dispatched here, before the server's TLS set-up.
        if (args.length > 0 && args[0].equals("audit")) {
            System.exit(AuditCommand.run(Arrays.copyOfRange(args, 1, args.length), System.in, System.out, System.err));
        }
        // The audit's chart rendering, in a JVM of its own (see ChartRender): never the server's.
        if (args.length > 0 && args[0].equals(ChartRenderChild.SUBCOMMAND)) {
            System.exit(ChartRenderChild.run(Arrays.copyOfRange(args, 1, args.length), System.out, System.err));
        }

        String problem = ensureTlsConfigured();
        if (problem != null) {
            System.err.println("django-guard: " + problem);
            System.exit(EXIT_BAD_CONFIGURATION);
        }
        Quarkus.run(null, Main::exit, args);
    }

    /**
     * How the server ends. A start that fails on configuration (a value or key it refuses, a contradiction, an error
     * rule switched off) prints one line on standard error and exits with status 2, never a stack trace; any other
     * failure is logged as Quarkus would log it, with status 1.
     */
    static void exit(int status, Throwable failure) {
        if (failure != null) {
            Optional<String> refused = RefusedConfiguration.oneLine(failure);
            if (refused.isPresent()) {
                System.err.println("django-guard: " + refused.get());
                status = EXIT_BAD_CONFIGURATION;
            } else if (ExceptionUtil.getRootCause(failure) instanceof QuarkusBindException bind) {
                Logger.getLogger(Main.class).errorf("Port %d is in use by another process", bind.getPort());
            } else {
                Logger.getLogger(Main.class).error("django-guard could not start", failure);
            }
        }
        ApplicationLifecycleManager.getDefaultExitCodeHandler().accept(status, failure);
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
            return null; // TlsMaterial generates a self-signed pair
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

    /** A setting read from a system property or, failing that, an environment variable; blank counts as unset. */
    record Setting(String property, String env) {

        Setting(String property) {
            this(property, ConfigKeys.envNameOf(property));
        }

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
