package io.djangoguard.audit;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;

import io.djangoguard.audit.AuditResource.AuditError;
import io.djangoguard.config.DjangoGuardConfig;
import io.smallrye.mutiny.Uni;

/**
 * Where audits run: a few threads of their own, a short queue, a time budget each. Admission runs on the event loop
 * and never waits behind an audit; an audit that cannot start soon is refused (429), one that runs too long or whose
 * client has gone is stopped at its next checkpoint (503, or nothing for a client that is gone).
 */
@ApplicationScoped
public class AuditPool {

    private static final Logger LOG = Logger.getLogger(AuditPool.class);

    private final ThreadPoolExecutor threads;
    private final Duration timeout;
    private final int concurrency;
    private final int queueLimit;

    @Inject
    AuditPool(DjangoGuardConfig config) {
        this(config.audit());
    }

    /** The limits are checked at start (ConfigCheck), before the pool is made. */
    AuditPool(DjangoGuardConfig.Audit config) {
        this.timeout = config.timeout();
        this.concurrency = config.concurrency();
        AtomicInteger n = new AtomicInteger();
        // queue 0: a hand-over that fails unless a thread is idle, so a busy pool refuses at once.
        BlockingQueue<Runnable> waiting = config.queue() == 0 ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(config.queue());
        this.threads = new ThreadPoolExecutor(concurrency, concurrency, 0, TimeUnit.MILLISECONDS, waiting, r -> {
                    Thread t = new Thread(r, "django-guard-audit-" + n.incrementAndGet());
                    t.setDaemon(true);
                    // A hint to schedulers that honour Java priorities: admission's event loop comes first.
                    t.setPriority(Thread.MIN_PRIORITY);
                    return t;
                });
        this.queueLimit = config.queue();
    }

    /** A running audit's view of its budget: call {@link #check()} often; it throws {@link AuditStopped}. */
    public static final class Budget implements Runnable {
        private final long deadline;
        private final Duration timeout;
        private final BooleanSupplier clientGone;
        private volatile String stopped;

        Budget(Duration timeout, BooleanSupplier clientGone) {
            this.timeout = timeout;
            this.deadline = System.nanoTime() + timeout.toNanos();
            this.clientGone = clientGone;
        }

        public void check() {
            if (stopped != null) {
                throw new AuditStopped(stopped);
            }
            if (System.nanoTime() - deadline > 0) {
                stop(overTime(timeout));
                throw new AuditStopped(stopped);
            }
            if (clientGone.getAsBoolean()) {
                stop("the client closed the connection");
                throw new AuditStopped(stopped);
            }
        }

        @Override
        public void run() {
            check();
        }

        void stop(String reason) {
            if (stopped == null) {
                stopped = reason;
            }
        }
    }

    static String overTime(Duration timeout) {
        return "the audit took longer than its budget of " + timeout.toMillis() + " ms (django-guard.audit.timeout); "
                + "audit fewer manifests per request, or run the same audit on the command line (django-guard audit)";
    }

    /**
     * Runs {@code work} on an audit thread. The Uni completes on the audit thread with the work's answer, at the
     * deadline with 503 (the work is told to stop), or at once with 429 when the queue is full. Never fails.
     */
    public Uni<Response> submit(BooleanSupplier clientGone, Function<Budget, Response> work) {
        Budget budget = new Budget(timeout, clientGone);
        CompletableFuture<Response> answer = new CompletableFuture<>();
        try {
            threads.execute(() -> {
                try {
                    budget.check(); // it may have waited past its deadline, or its client may have gone
                    answer.complete(work.apply(budget));
                } catch (AuditStopped e) {
                    answer.complete(stopped(e.getMessage()));
                } catch (RuntimeException | StackOverflowError e) {
                    LOG.errorf("An audit failed (%s); answered 500", e.getClass().getName());
                    answer.complete(error(500, "the audit failed unexpectedly; the server's log has the cause"));
                }
            });
        } catch (RejectedExecutionException e) {
            return Uni.createFrom().item(busy());
        }
        return Uni.createFrom().completionStage(answer).ifNoItem().after(timeout).recoverWithItem(() -> {
            budget.stop(overTime(timeout));
            return stopped(overTime(timeout));
        });
    }

    private Response busy() {
        LOG.debug("Audit refused: every audit thread is busy and the queue is full");
        return Response.status(429).header("Retry-After", "5")
                .entity(new AuditError("too many audits at once (django-guard.audit.concurrency=" + concurrency
                        + ", queue " + queueLimit + "); try again in a few seconds", 429, null, null))
                .type("application/json").build();
    }

    private static Response stopped(String reason) {
        return error(503, reason);
    }

    private static Response error(int status, String message) {
        return Response.status(status).entity(new AuditError(message, status, null, null)).type("application/json").build();
    }

    @PreDestroy
    void stop() {
        threads.shutdownNow();
    }
}
