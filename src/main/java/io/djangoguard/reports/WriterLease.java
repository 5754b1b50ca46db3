package io.djangoguard.reports;

import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;

/**
 * Which replica writes the policy reports: the holder of a {@code coordination.k8s.io/v1} Lease, taken or renewed at
 * the start of each run and again before writing. Every write to the Lease carries the resourceVersion read, so when
 * two replicas reach for a free Lease at once the API lets one through and answers the other 409.
 *
 * <p>
 * Not fabric8's LeaderElector: that one renews every few seconds on threads of its own and logs each failed renewal
 * with its stack trace (a Lease it may not write, every two seconds, forever). Reports are written every few minutes,
 * so the Lease is renewed at that pace and lasts two intervals: when the holder goes away, another replica takes over
 * within two intervals, and nothing runs between runs.
 */
public final class WriterLease {

    public static final String NAME = "django-guard-policy-reports";

    private final KubernetesClient client;
    private final String namespace;
    private final String identity;
    private final Duration duration;
    private final Clock clock;

    public WriterLease(KubernetesClient client, String namespace, String identity, Duration duration, Clock clock) {
        this.client = client;
        this.namespace = namespace;
        this.identity = identity;
        this.duration = duration;
        this.clock = clock;
    }

    public String namespace() {
        return namespace;
    }

    public String identity() {
        return identity;
    }

    /**
     * Whether this replica holds the Lease now: takes it when there is none, it is free or it has expired, renews it when
     * it is this replica's. False when another replica holds it, or took it first.
     *
     * @throws KubernetesClientException when the API refuses or cannot be reached (not a conflict)
     */
    public boolean hold() {
        Resource<Lease> resource = client.leases().inNamespace(namespace).withName(NAME);
        ZonedDateTime now = ZonedDateTime.now(clock);
        Lease lease = resource.get();
        try {
            if (lease == null) {
                client.leases().inNamespace(namespace).resource(new LeaseBuilder().withNewMetadata().withName(NAME)
                        .withNamespace(namespace).endMetadata().withNewSpec().withHolderIdentity(identity)
                        .withLeaseDurationSeconds(seconds()).withAcquireTime(now).withRenewTime(now).withLeaseTransitions(0)
                        .endSpec().build()).create();
                return true;
            }
            LeaseSpec spec = lease.getSpec() == null ? new LeaseSpec() : lease.getSpec();
            boolean mine = identity.equals(spec.getHolderIdentity());
            if (!mine && !free(spec, now)) {
                return false;
            }
            spec.setHolderIdentity(identity);
            spec.setLeaseDurationSeconds(seconds());
            spec.setRenewTime(now);
            if (!mine) {
                spec.setAcquireTime(now);
                spec.setLeaseTransitions((spec.getLeaseTransitions() == null ? 0 : spec.getLeaseTransitions()) + 1);
            }
            lease.setSpec(spec);
            // the resourceVersion read is on the lease: a change since then is a 409
            client.leases().inNamespace(namespace).resource(lease).update();
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                return false;
            }
            throw e;
        }
    }

    /** No holder, or the holder has not renewed within its own lease duration. */
    static boolean free(LeaseSpec spec, ZonedDateTime now) {
        String holder = spec.getHolderIdentity();
        if (holder == null || holder.isEmpty() || spec.getRenewTime() == null) {
            return true;
        }
        int seconds = spec.getLeaseDurationSeconds() == null ? 0 : spec.getLeaseDurationSeconds();
        return now.isAfter(spec.getRenewTime().plusSeconds(seconds));
    }

    private int seconds() {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, duration.toSeconds()));
    }
}
