package io.djangoguard.audit;

import java.time.Duration;
import java.util.OptionalInt;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * How the audit doors are served. {@code POST /audit} and {@code GET /audit/cluster} share the pod with
 * {@code /validate}, which sits on the API server's critical path: every knob here exists so that an audit can never
 * slow or stop admission.
 */
@ConfigMapping(prefix = "django-guard.audit")
public interface AuditConfig {

    /** false: both audit endpoints answer 404; admission is all the server does. */
    @WithDefault("true")
    boolean enabled();

    /**
     * Unset: served beside {@code /validate} on the HTTPS port. A port: served there only (over HTTPS with the same
     * certificate; 0 picks a free one), so that a Service and a NetworkPolicy of their own can expose the audit
     * without exposing admission, or the reverse.
     */
    OptionalInt port();

    /** none: anyone who reaches the port may audit manifests; token: a Kubernetes bearer token is required. */
    @WithDefault("none")
    Authentication authentication();

    /** Audits judged at the same time, each on a thread of its own (never on the event loop that serves admission). */
    @WithDefault("1")
    int concurrency();

    /** Audits that may wait for a thread; more are refused with 429 at once rather than queued without end. */
    @WithDefault("4")
    int queue();

    /** Time an audit may take from its arrival, waiting included; then it is stopped and answered 503. */
    @WithDefault("10s")
    Duration timeout();

    enum Authentication {
        NONE, TOKEN
    }
}
