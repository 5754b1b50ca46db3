package io.djangoguard.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import io.djangoguard.engine.Enforcement;
import io.djangoguard.engine.Profile;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/**
 * Every {@code django-guard.*} key, typed, with its default and what it means ({@link Meaning}, from which the
 * README's configuration table is generated). Values of the wrong type or outside an enum stop the server at start,
 * as does a key under {@code django-guard.} that is not here; {@link ConfigCheck} then refuses ranges and
 * contradictions. {@link #severity()} and {@link #aliases()} hold only what properties files and system properties
 * give: environment variable names cannot be split into a map key ({@code DJANGO_GUARD_SEVERITY_DEBUG_ENABLED}), so
 * {@link EngineFactory} asks for each rule and setting by its exact name.
 */
@ConfigMapping(prefix = "django-guard")
public interface DjangoGuardConfig {

    String PREFIX = "django-guard.";

    @Meaning("`declared` or `strict` (see [Profiles](#profiles))")
    @WithDefault("declared")
    Profile profile();

    @Meaning("which Django and django-environ read values: `5.2` (Django 5.2 LTS with django-environ 0.12) or `3.2` "
            + "(Django 3.2 with django-environ 0.4.4, as Debian 12 ships them); an object, a preset (`djangoVersion`) or a "
            + "namespace may choose, objects with the annotation or label `django-guard.io/django-version` (see "
            + "[How values are read](#how-values-are-read))")
    @WithName("django-version")
    @WithDefault("5.2")
    String djangoVersion();

    /** Rule id to severity, as written; EngineFactory reads each rule's key by its exact name as well. */
    @Meaning(value = "`deny`, `warn` or `off` for that rule; {error-rules} report what could not be evaluated and "
            + "take `deny` or `warn`, never `off`", key = "severity.<rule-id>", unset = "the rule's default")
    Map<String, String> severity();

    /** Setting (kebab case) to variable names, as written; EngineFactory reads each setting's key by its exact name. */
    @Meaning(value = "the variable names a setting is read from, first wins; `<setting>` is the setting in kebab "
            + "case: {settings}", key = "aliases.<setting>", unset = "`DJANGO_<SETTING>,<SETTING>`")
    Map<String, List<String>> aliases();

    @Meaning("the shortest HSTS max-age, in seconds, `hsts-too-short` accepts")
    @WithName("hsts-min-seconds")
    @WithDefault("31536000")
    long hstsMinSeconds();

    @Meaning("on UPDATE, let a breach the old object already had through as a warning (`true` or `false`)")
    @WithDefault("true")
    @WithConverter(StrictBoolean.class)
    boolean ratchetUpdates();

    @Meaning("a directory of application preset files (`*.yaml`, the format of `src/main/resources/presets/`) added to the "
            + "built-in ones; a file with a built-in preset's id replaces it")
    @WithName("presets-dir")
    Optional<String> presetsDir();

    @Meaning("SHA-256 digests of more secret keys `secret-key-known` refuses (64 hexadecimal characters each, "
            + "comma-separated), e.g. keys that leaked: the key's `sha256sum`, with no newline after the key")
    @WithName("known-secret-keys")
    Optional<List<String>> knownSecretKeys();

    @Meaning("the rollout mode: `enforce` (deny-level findings deny), `warn` (every finding comes back as a warning, "
            + "nothing is denied) or `audit` (nothing is returned to the user; findings are only counted, logged and "
            + "reported); a namespace chooses its own with the label or annotation `django-guard.io/enforcement` (see "
            + "[Rolling out and exempting](#rolling-out-and-exempting))")
    @WithDefault("enforce")
    Enforcement enforcement();

    Exemptions exemptions();

    @Meaning(value = "a directory holding the policy as files named like the variables (`DJANGO_GUARD_PROFILE`) or the "
            + "keys (`django-guard.profile`): the chart mounts its policy ConfigMap there. It is re-read every "
            + "`policy-reload-period` and a change takes effect without a restart; a policy the checks refuse is not "
            + "installed (one error line, readiness details, the metric `django_guard_policy_refused`), and the last "
            + "good one stays in force. A variable it held at start is its own (removed, it falls back to its default); "
            + "system properties and other `DJANGO_GUARD_*` variables keep applying as at start",
            unset = "none: the policy is read once, at start")
    @WithName("policy-dir")
    Optional<String> policyDir();

    @Meaning("how often `policy-dir` is re-read")
    @WithName("policy-reload-period")
    @WithDefault("10s")
    Duration policyReloadPeriod();

    Cluster cluster();

    Audit audit();

    /** Exemptions with a reason (the annotations django-guard.io/exempt and django-guard.io/exempt-reason). */
    interface Exemptions {

        @Meaning("rules no `django-guard.io/exempt` annotation may switch off (comma-separated rule ids; an "
                + "exemption naming one is refused); `none`: every rule but `exemption-invalid` may be exempted")
        @WithDefault("secret-key-inline,secret-key-committed,secret-key-known")
        List<String> forbidden();
    }

    Tls tls();

    /** Reading the cluster (ConfigMaps, namespaces, workloads) through informers. */
    interface Cluster {

        @Meaning("cluster lookups: `auto` (on in a pod or with a kubeconfig), `true` (and stop at start when no "
                + "cluster is configured), `false`")
        @WithDefault("auto")
        ClusterEnabled enabled();

        @Meaning("how long a review waits for the cluster caches while they load")
        @WithDefault("2s")
        Duration lookupTimeout();

        @Meaning("when the API cannot be reached: `warn` (allow with `reference-unresolved`) or `deny`; "
                + "`deny` needs cluster lookups (not `enabled=false`)")
        @WithDefault("warn")
        FailMode failMode();

        @Meaning("objects per list call in a cluster audit (Kubernetes `limit`/`continue`), at least 1")
        @WithDefault("500")
        int auditPageSize();
    }

    /**
     * How the audit doors are served. {@code POST /audit} and {@code GET /audit/cluster} share the pod with
     * {@code /validate}, which sits on the API server's critical path: every knob here exists so that an audit can
     * never slow or stop admission.
     */
    interface Audit {

        @Meaning("`false`: `/audit` and `/audit/cluster` answer 404")
        @WithDefault("true")
        @WithConverter(StrictBoolean.class)
        boolean enabled();

        /**
         * Unset: served beside {@code /validate} on the HTTPS port. A port: served there only (over HTTPS with the same
         * certificate; 0 picks a free one), so that a Service and a NetworkPolicy of their own can expose the audit
         * without exposing admission, or the reverse.
         */
        @Meaning(value = "serve the audit on this port only (HTTPS; `0` picks a free one); unset: beside `/validate`",
                unset = "none")
        OptionalInt port();

        @Meaning("`none`, or `token`: `POST /audit` needs a Kubernetes token allowed to `post` `/audit`")
        @WithDefault("none")
        Authentication authentication();

        @Meaning("audits judged at the same time, each on a thread of its own; at least 1")
        @WithDefault("1")
        int concurrency();

        @Meaning("audits that may wait for a thread; more get 429")
        @WithDefault("4")
        int queue();

        @Meaning("an audit's time budget from its arrival; then 503")
        @WithDefault("10s")
        Duration timeout();
    }

    /** The server's certificate and key; Main checks the pair before the server starts. */
    interface Tls {

        String CERT_FILE = PREFIX + "tls.cert-file";
        String KEY_FILE = PREFIX + "tls.key-file";
        String RELOAD_PERIOD = PREFIX + "tls.reload-period";

        @Meaning(value = "PEM certificate chain, the server's certificate first (system property or "
                + "`DJANGO_GUARD_TLS_CERT_FILE` only); with neither this nor the key set, a self-signed certificate "
                + "for localhost is generated at start", unset = "none")
        Optional<String> certFile();

        @Meaning(value = "PEM private key, unencrypted PKCS#8, PKCS#1 RSA or SEC1 EC (system property or "
                + "`DJANGO_GUARD_TLS_KEY_FILE` only). A key that does not belong to the certificate, or a file that "
                + "is not PEM, stops the server at start (exit 2, one line naming the file); a certificate outside "
                + "its validity period is served with a warning, so that a renewed one mounted later is picked up "
                + "without a restart", unset = "none")
        Optional<String> keyFile();

        @Meaning("how often the certificate and key files are re-read, so a renewed pair is served without a restart "
                + "and without dropping a connection; a pair whose files changed is installed only if its key belongs "
                + "to its certificate (and, while the one in use is valid, only if it is valid too); otherwise the "
                + "pair in use stays and one error line says why")
        @WithDefault("1m")
        Duration reloadPeriod();
    }

    enum ClusterEnabled {
        AUTO, TRUE, FALSE
    }

    enum FailMode {
        WARN, DENY
    }

    /** none: anyone who reaches the port may audit manifests; token: a Kubernetes bearer token is required. */
    enum Authentication {
        NONE, TOKEN
    }

    PolicyReports policyReports();

    /**
     * The cluster audit written to the cluster as policy reports (docs/policy-reports.md): one replica, chosen with a
     * Lease, audits on a schedule of its own, never on the event loop nor on the audit's threads.
     */
    interface PolicyReports {

        @Meaning("write the cluster audit as policy reports, one per namespace, updated in place (`true` or `false`); "
                + "needs cluster lookups, and RBAC on the reports and on a Lease (see docs/policy-reports.md)")
        @WithDefault("false")
        @WithConverter(StrictBoolean.class)
        boolean enabled();

        @Meaning("how often the reports are rewritten (at least 30s)")
        @WithDefault("10m")
        Duration interval();

        @Meaning("which API: `auto` (`openreports.io/v1alpha1` when it is served, else `wgpolicyk8s.io/v1alpha2`), "
                + "`openreports` or `wgpolicyk8s`; when the API is not served, one line is logged and the next run tries again")
        @WithDefault("auto")
        PolicyReportApi api();

        @Meaning(value = "the namespace of the Lease `django-guard-policy-reports` that lets one replica write",
                unset = "the pod's own")
        Optional<String> leaseNamespace();
    }

    enum PolicyReportApi {
        AUTO, OPENREPORTS, WGPOLICYK8S
    }
}
