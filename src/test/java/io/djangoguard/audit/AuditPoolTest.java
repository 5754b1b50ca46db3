package io.djangoguard.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.ws.rs.core.Response;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.djangoguard.config.DjangoGuardConfig;

/** The audit's own threads: a bounded queue, a time budget, and a stop when the client goes away. */
class AuditPoolTest {

    record Config(int concurrency, int queue, Duration timeout) implements DjangoGuardConfig.Audit {
        @Override
        public boolean enabled() {
            return true;
        }

        @Override
        public OptionalInt port() {
            return OptionalInt.empty();
        }

        @Override
        public DjangoGuardConfig.Authentication authentication() {
            return DjangoGuardConfig.Authentication.NONE;
        }
    }

    private final CountDownLatch release = new CountDownLatch(1);
    private AuditPool pool;

    @AfterEach
    void stop() {
        release.countDown();
        if (pool != null) {
            pool.stop();
        }
    }

    private Response await(io.smallrye.mutiny.Uni<Response> answer) {
        return answer.await().atMost(Duration.ofSeconds(10));
    }

    /** Work that holds its thread until the test lets go, checking its budget as a real audit does. */
    private Response hold(AuditPool.Budget budget) {
        while (release.getCount() > 0) {
            budget.check();
            try {
                release.await(5, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return Response.ok("done").build();
    }

    @Test
    void answersWithTheWorksResponse() {
        pool = new AuditPool(new Config(1, 1, Duration.ofSeconds(5)));
        assertEquals("judged", await(pool.submit(() -> false, b -> Response.ok("judged").build())).getEntity());
    }

    @Test
    void refusesWith429WhenEveryThreadIsBusyAndTheQueueIsFull() throws Exception {
        pool = new AuditPool(new Config(1, 1, Duration.ofSeconds(30)));
        CountDownLatch started = new CountDownLatch(1);
        var running = pool.submit(() -> false, b -> {
            started.countDown();
            return hold(b);
        }).subscribeAsCompletionStage();
        assertTrue(started.await(5, TimeUnit.SECONDS));
        var queued = pool.submit(() -> false, this::hold).subscribeAsCompletionStage();
        Response refused = await(pool.submit(() -> false, this::hold));
        assertEquals(429, refused.getStatus());
        assertEquals("5", refused.getHeaderString("Retry-After"));
        assertTrue(((AuditResource.AuditError) refused.getEntity()).error().contains("django-guard.audit.concurrency=1"));
        release.countDown();
        assertEquals(200, running.get(10, TimeUnit.SECONDS).getStatus());
        assertEquals(200, queued.get(10, TimeUnit.SECONDS).getStatus());
    }

    @Test
    void aQueueOfZeroRefusesAsSoonAsTheThreadsAreBusy() throws Exception {
        pool = new AuditPool(new Config(1, 0, Duration.ofSeconds(30)));
        CountDownLatch started = new CountDownLatch(1);
        pool.submit(() -> false, b -> {
            started.countDown();
            return hold(b);
        }).subscribeAsCompletionStage();
        assertTrue(started.await(5, TimeUnit.SECONDS));
        assertEquals(429, await(pool.submit(() -> false, this::hold)).getStatus());
    }

    @Test
    void anAuditOverItsBudgetIsAnswered503AndStoppedAtItsNextCheckpoint() throws Exception {
        pool = new AuditPool(new Config(1, 1, Duration.ofMillis(200)));
        AtomicReference<Throwable> seenByWork = new AtomicReference<>();
        CountDownLatch workEnded = new CountDownLatch(1);
        Response answer = await(pool.submit(() -> false, b -> {
            try {
                return hold(b);
            } catch (RuntimeException e) {
                seenByWork.set(e);
                throw e;
            } finally {
                workEnded.countDown();
            }
        }));
        assertEquals(503, answer.getStatus());
        assertTrue(((AuditResource.AuditError) answer.getEntity()).error().contains("django-guard.audit.timeout"));
        assertTrue(workEnded.await(5, TimeUnit.SECONDS), "the work kept its thread after the deadline");
        assertTrue(seenByWork.get() instanceof AuditStopped);
        // the thread is free again
        assertEquals(200, await(pool.submit(() -> false, b -> Response.ok().build())).getStatus());
    }

    @Test
    void anAuditWhoseClientHasGoneStops() throws Exception {
        pool = new AuditPool(new Config(1, 1, Duration.ofSeconds(30)));
        AtomicBoolean gone = new AtomicBoolean();
        CountDownLatch started = new CountDownLatch(1);
        var answer = pool.submit(gone::get, b -> {
            started.countDown();
            return hold(b);
        }).subscribeAsCompletionStage();
        assertTrue(started.await(5, TimeUnit.SECONDS));
        gone.set(true);
        Response stopped = answer.get(5, TimeUnit.SECONDS);
        assertEquals(503, stopped.getStatus());
        assertTrue(((AuditResource.AuditError) stopped.getEntity()).error().contains("closed the connection"));
    }

    @Test
    void anUnexpectedFailureIsA500WithoutDetail() {
        pool = new AuditPool(new Config(1, 1, Duration.ofSeconds(5)));
        Response answer = await(pool.submit(() -> false, b -> {
            throw new IllegalStateException("SECRET-LOOKING-DETAIL");
        }));
        assertEquals(500, answer.getStatus());
        assertTrue(!((AuditResource.AuditError) answer.getEntity()).error().contains("SECRET-LOOKING-DETAIL"));
    }
}
