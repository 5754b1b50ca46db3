package io.djangoguard.reports;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.djangoguard.audit.ClusterAuditor;
import io.djangoguard.config.DjangoGuardConfig;
import io.djangoguard.lookup.ClusterLookups;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.runtime.StartupEvent;

/**
 * Writes the cluster audit to the cluster as policy reports, every {@code django-guard.policy-reports.interval}, when
 * {@code django-guard.policy-reports.enabled} is true (off by default). It runs on one thread of its own, at the lowest
 * priority: never on the event loop, never on the audit's threads (so {@code GET /audit/cluster} is never refused
 * because of it), and admission, on the event loop, never waits for it. Only the replica holding the Lease
 * {@value WriterLease#NAME} writes. What goes wrong is logged in one line when it starts going wrong (and again when
 * it changes), then once at debug level per run: a missing CRD is not an error worth a line every ten minutes.
 */
@ApplicationScoped
public class PolicyReportWriter {

    private static final Logger LOG = Logger.getLogger(PolicyReportWriter.class);

    /** The first run waits for the server to be up and its caches to load. */
    static final Duration FIRST_RUN = Duration.ofSeconds(30);
    private static final Duration READY_BACKSTOP = Duration.ofSeconds(60);

    @Inject
    DjangoGuardConfig config;

    @Inject
    ClusterAuditor auditor;

    @Inject
    ClusterLookups lookups;

    @Inject
    KubernetesClient client;

    private ScheduledExecutorService thread;
    private PolicyReportRun run;
    private volatile String lastLine;
    private volatile boolean stopping;

    void start(@Observes StartupEvent event) {
        DjangoGuardConfig.PolicyReports c = config.policyReports();
        if (!c.enabled()) {
            return;
        }
        String namespace = c.leaseNamespace().filter(s -> !s.isBlank()).map(String::strip)
                .orElseGet(() -> Objects.requireNonNullElse(client.getNamespace(), "default"));
        String identity = identity();
        // the holder renews at each run; two intervals let a slow run finish before another replica may take over
        WriterLease lease = new WriterLease(client, namespace, identity, c.interval().multipliedBy(2), Clock.systemUTC());
        run = new PolicyReportRun(auditor, lookups, new PolicyReportSync(client), lease, c.api(), READY_BACKSTOP);
        thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "django-guard-policy-reports");
            t.setDaemon(true);
            t.setPriority(Thread.MIN_PRIORITY);
            return t;
        });
        thread.scheduleWithFixedDelay(this::runOnce, FIRST_RUN.toMillis(), c.interval().toMillis(), TimeUnit.MILLISECONDS);
        LOG.infof("Policy reports on (API %s): the cluster audit is written every %s by the replica holding Lease %s/%s "
                + "(this one is %s)", c.api().name().toLowerCase(java.util.Locale.ROOT), written(c.interval()), namespace,
                WriterLease.NAME, identity);
    }

    /** The pod's name (HOSTNAME in a pod), else a name of its own. */
    static String identity() {
        String host = System.getenv("HOSTNAME");
        return host == null || host.isBlank() ? "django-guard-" + UUID.randomUUID() : host.strip();
    }

    /** {@code 10m}, {@code 1h}, {@code 90s}: as configuration writes a duration. */
    static String written(Duration d) {
        long s = d.toSeconds();
        return s % 3600 == 0 ? s / 3600 + "h" : s % 60 == 0 ? s / 60 + "m" : s + "s";
    }

    private void runOnce() {
        PolicyReportRun.Outcome outcome;
        try {
            outcome = run.run(Instant.now(), () -> {
                if (stopping || Thread.currentThread().isInterrupted()) {
                    throw new PolicyReportRun.Stopped();
                }
            });
        } catch (PolicyReportRun.Stopped e) {
            return;
        } catch (RuntimeException e) {
            // a bug, not the cluster: said once with its cause, and the schedule goes on (an exception would end it)
            LOG.errorf(e, "Policy reports: the run failed unexpectedly (%s)", e.getClass().getName());
            return;
        }
        log(outcome);
    }

    private void log(PolicyReportRun.Outcome outcome) {
        String line = outcome.line();
        boolean changed = !line.equals(lastLine);
        lastLine = line;
        switch (outcome.status()) {
            case WRITTEN -> {
                PolicyReportSync.Outcome w = outcome.written();
                if (w != null && w.written() + w.deleted() > 0) {
                    LOG.info("Policy reports: " + line);
                } else {
                    LOG.debug("Policy reports: " + line);
                }
            }
            case NOT_HOLDER -> LOG.debug("Policy reports: " + line);
            default -> {
                if (changed) {
                    LOG.warn("Policy reports: " + line + "; trying again every " + written(config.policyReports().interval()));
                } else {
                    LOG.debug("Policy reports: " + line);
                }
            }
        }
    }

    @PreDestroy
    void stop() {
        stopping = true;
        if (thread != null) {
            thread.shutdownNow();
        }
    }
}
