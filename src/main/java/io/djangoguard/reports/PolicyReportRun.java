package io.djangoguard.reports;

import java.time.Duration;
import java.time.Instant;

import io.djangoguard.audit.ClusterAuditor;
import io.djangoguard.config.DjangoGuardConfig.PolicyReportApi;
import io.djangoguard.engine.Engine;
import io.djangoguard.lookup.ClusterLookups;
import io.djangoguard.report.AuditReport;
import io.djangoguard.report.PolicyReportFormat.Api;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.smallrye.mutiny.TimeoutException;

/**
 * One run of the policy report writer: which API, whether this replica writes, the cluster audit, the write. Never
 * throws for what the cluster does (an API not served, a refusal, an unreachable server): each comes back as an
 * {@link Outcome} with one line saying what happened and what to do, for the log. Blocking: on the writer's thread.
 */
public final class PolicyReportRun {

    public enum Status {
        /** The reports are in step with the audit. */
        WRITTEN,
        /** Another replica holds the Lease: it writes. */
        NOT_HOLDER,
        /** The API chosen is not served: its CRDs are not installed. */
        API_MISSING,
        /** Cluster lookups are off: there is no cluster to audit. */
        LOOKUPS_OFF,
        /** The API refused or could not be reached. */
        FAILED
    }

    /** What a run did, and the line that says so. */
    public record Outcome(Status status, String line, PolicyReportSync.Outcome written) {

        static Outcome of(Status status, String line) {
            return new Outcome(status, line, null);
        }
    }

    /** Thrown at a checkpoint when the writer is stopping: no report is written from half an audit. */
    static final class Stopped extends RuntimeException {
        Stopped() {
            super("stopping", null, false, false);
        }
    }

    private final ClusterAuditor auditor;
    private final ClusterLookups lookups;
    private final PolicyReportSync sync;
    private final WriterLease lease;
    private final PolicyReportApi api;
    private final Duration readyBackstop;

    public PolicyReportRun(ClusterAuditor auditor, ClusterLookups lookups, PolicyReportSync sync, WriterLease lease,
            PolicyReportApi api, Duration readyBackstop) {
        this.auditor = auditor;
        this.lookups = lookups;
        this.sync = sync;
        this.lease = lease;
        this.api = api;
        this.readyBackstop = readyBackstop;
    }

    /** {@code checkpoint} runs before each page and object of the audit, and may stop it by throwing. */
    public Outcome run(Instant now, Runnable checkpoint) {
        if (!lookups.enabled()) {
            return Outcome.of(Status.LOOKUPS_OFF, "policy reports are on (django-guard.policy-reports.enabled) but cluster "
                    + "lookups are off (django-guard.cluster.enabled, or no cluster configured): nothing is written");
        }
        Api chosen;
        try {
            chosen = sync.choose(api);
        } catch (KubernetesClientException e) {
            return Outcome.of(Status.FAILED, "could not ask the Kubernetes API which policy report APIs it serves ("
                    + problem(e) + ")");
        }
        if (chosen == null) {
            return Outcome.of(Status.API_MISSING, missing(api));
        }
        try {
            if (!lease.hold()) {
                return Outcome.of(Status.NOT_HOLDER, "another replica holds Lease " + lease.namespace() + "/"
                        + WriterLease.NAME + " and writes the policy reports");
            }
            try {
                lookups.ready().await().atMost(readyBackstop);
            } catch (TimeoutException e) {
                // references are then reported as unavailable, as GET /audit/cluster does
            }
            Engine.Context context = new Engine.Context(null, lookups.configMaps(), lookups.namespaces(), null);
            ClusterAuditor.Outcome audit;
            try {
                audit = auditor.audit(null, context, checkpoint);
            } catch (ClusterAuditor.ListingFailed e) {
                return Outcome.of(Status.FAILED, "the cluster audit for the policy reports failed: " + e.getMessage()
                        + "; django-guard's service account needs list on what it judges (see docs/policy-reports.md)");
            }
            // the audit may have taken long: write only while still the holder
            if (!lease.hold()) {
                return Outcome.of(Status.NOT_HOLDER, "Lease " + lease.namespace() + "/" + WriterLease.NAME
                        + " went to another replica during the audit; it writes the policy reports");
            }
            AuditReport report = audit.report();
            PolicyReportSync.Outcome w = sync.write(report, chosen, now);
            return new Outcome(Status.WRITTEN, "policy reports (" + chosen.apiVersion() + ") for "
                    + report.summary().objects() + " objects: " + w.written() + " written, " + w.unchanged() + " unchanged, "
                    + w.deleted() + " deleted", w);
        } catch (KubernetesClientException e) {
            return Outcome.of(Status.FAILED, "policy reports not written (" + problem(e) + "); "
                    + "django-guard's service account needs get, list, create, update and delete on " + chosen.plural()
                    + " and " + chosen.clusterPlural() + " (group " + chosen.group() + ") and on leases (group "
                    + "coordination.k8s.io) in namespace " + lease.namespace());
        }
    }

    /** One line: what is not served and how to get it. */
    static String missing(PolicyReportApi api) {
        String what = switch (api) {
            case OPENREPORTS -> Api.OPENREPORTS.apiVersion() + " is";
            case WGPOLICYK8S -> Api.WGPOLICYK8S.apiVersion() + " is";
            case AUTO -> "neither " + Api.OPENREPORTS.apiVersion() + " nor " + Api.WGPOLICYK8S.apiVersion() + " is";
        };
        return what + " served (the policy report CRDs are not installed): nothing is written until they are; install "
                + "them with Kyverno or Policy Reporter, or on their own (docs/policy-reports.md)";
    }

    /** {@code HTTP 403: <the API's message>}, or {@code the API could not be reached}: never a stack trace. */
    static String problem(KubernetesClientException e) {
        if (e.getCode() <= 0) {
            return "the Kubernetes API could not be reached: " + rootMessage(e);
        }
        String message = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : e.getMessage();
        return "HTTP " + e.getCode() + ": " + message;
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
