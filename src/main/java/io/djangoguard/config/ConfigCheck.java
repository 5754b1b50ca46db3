package io.djangoguard.config;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.spi.ConfigSource;

import io.quarkus.runtime.LaunchMode;
import io.smallrye.config.EnvConfigSource;

/**
 * What the types of {@link DjangoGuardConfig} cannot say: ranges, environment variables that name no key, and
 * settings that contradict each other. Run at start, before anything is served; each refusal is one line.
 */
final class ConfigCheck {

    /**
     * Kubernetes gives every container {@code <SERVICE>_SERVICE_HOST}, {@code <SERVICE>_PORT} and the like for each
     * Service of its namespace (service links); the chart's Services are called django-guard and django-guard-audit.
     * Such names are not misspelt keys.
     */
    private static final Pattern SERVICE_LINK = Pattern.compile(
            "DJANGO_GUARD(_\\w+)?_(SERVICE_HOST|SERVICE_PORT(_\\w+)?|PORT|PORT_\\d+_(TCP|UDP|SCTP)(_(PROTO|PORT|ADDR))?)");
    private static final String ENV_PREFIX = "DJANGO_GUARD_";

    private ConfigCheck() {
    }

    static void check(DjangoGuardConfig c, Config config) {
        environmentVariables(config);
        ranges(c, config);
        contradictions(c, config);
    }

    /**
     * A {@code DJANGO_GUARD_*} variable that names no key. (A misspelt key written with dots, as a system property or
     * in application.properties, SmallRye refuses itself; it cannot tell which variables are meant for the mapping.)
     */
    private static void environmentVariables(Config config) {
        List<String> known = ConfigKeys.names().stream().map(ConfigKeys::envNameOf).toList();
        Set<String> knownSet = new HashSet<>(known);
        for (ConfigSource source : config.getConfigSources()) {
            if (!(source instanceof EnvConfigSource)) {
                continue;
            }
            for (String name : source.getPropertyNames()) {
                if (name.startsWith(ENV_PREFIX) && !knownSet.contains(name) && !SERVICE_LINK.matcher(name).matches()) {
                    throw new RefusedConfiguration("environment variable " + name + ": no such key"
                            + RefusedConfiguration.didYouMean(name, known) + " (keys: see the README's configuration table)");
                }
            }
        }
    }

    private static void ranges(DjangoGuardConfig c, Config config) {
        atLeast(config, "hsts-min-seconds", c.hstsMinSeconds(), 0, "must not be negative");
        if (c.cluster().lookupTimeout().isNegative()) {
            throw refused(config, "cluster.lookup-timeout", c.cluster().lookupTimeout(), "must not be negative");
        }
        // limit=0 would ask the API for every object at once
        atLeast(config, "cluster.audit-page-size", c.cluster().auditPageSize(), 1, "must be at least 1");
        atLeast(config, "audit.concurrency", c.audit().concurrency(), 1,
                "must be at least 1 (switch the audit off with django-guard.audit.enabled=false)");
        atLeast(config, "audit.queue", c.audit().queue(), 0, "must not be negative");
        positive(config, "audit.timeout", c.audit().timeout());
        positive(config, "tls.reload-period", c.tls().reloadPeriod());
        // each run lists every judged object of the cluster: more often would load the API server for little news
        if (c.policyReports().interval().compareTo(Duration.ofSeconds(30)) < 0) {
            throw refused(config, "policy-reports.interval", c.policyReports().interval(), "must be at least 30s");
        }
        if (c.audit().port().isPresent() && (c.audit().port().getAsInt() < 0 || c.audit().port().getAsInt() > 65535)) {
            throw refused(config, "audit.port", c.audit().port().getAsInt(), "must be a port number, 1 to 65535 (0: any free port)");
        }
    }

    /**
     * Two settings that cannot both be meant. What merely has no effect (a lookup timeout with lookups off, audit
     * settings with the audit off) is not refused: the chart sets every value whatever is switched on.
     */
    private static void contradictions(DjangoGuardConfig c, Config config) {
        if (c.cluster().failMode() == DjangoGuardConfig.FailMode.DENY
                && c.cluster().enabled() == DjangoGuardConfig.ClusterEnabled.FALSE) {
            throw new RefusedConfiguration("django-guard.cluster.fail-mode=deny contradicts django-guard.cluster.enabled=false: "
                    + "without cluster lookups the API is never asked, so nothing is ever denied for it being unreachable; "
                    + "switch lookups on (auto or true), or deny every unresolved reference with "
                    + "django-guard.severity.reference-unresolved=deny");
        }
        int https = httpsPort(config);
        if (c.audit().enabled() && c.audit().port().isPresent() && c.audit().port().getAsInt() == https) {
            throw new RefusedConfiguration("django-guard.audit.port=" + https + " is the port of /validate too "
                    + "(quarkus.http.ssl-port): give the audit a port of its own, or leave django-guard.audit.port unset "
                    + "to serve it beside /validate");
        }
    }

    /** The port /validate is served on: Quarkus' test port under test. */
    private static int httpsPort(Config config) {
        boolean test = LaunchMode.current() == LaunchMode.TEST;
        return config.getOptionalValue(test ? "quarkus.http.test-ssl-port" : "quarkus.http.ssl-port", Integer.class)
                .orElse(test ? 8444 : 8443);
    }

    private static void atLeast(Config config, String key, long value, long minimum, String because) {
        if (value < minimum) {
            throw refused(config, key, value, because);
        }
    }

    private static void positive(Config config, String key, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw refused(config, key, value, "must be positive");
        }
    }

    /** Names the value as it was written (2s, not PT2S). */
    private static RefusedConfiguration refused(Config config, String key, Object value, String because) {
        String name = DjangoGuardConfig.PREFIX + key;
        String written = config.getOptionalValue(name, String.class).map(String::strip).orElse(String.valueOf(value));
        return new RefusedConfiguration(name + "=" + RefusedConfiguration.shown(written) + ": " + because);
    }
}
