package io.djangoguard.lookup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.Test;

import io.djangoguard.lookup.CacheState.Phase;

/** The caches' state as readiness reports it, and one log line per change of state, never one per retry. */
class CacheStateTest {

    static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

    final List<String> lines = new ArrayList<>();
    final CacheState state = new CacheState(Phase.LOADING, T0, (level, line) -> lines.add(level + " " + line));

    static Instant at(long seconds) {
        return T0.plusSeconds(seconds);
    }

    static Throwable refused() {
        return new CompletionException(new IOException("list failed", new ConnectException("Connection refused")));
    }

    void observe(boolean synced, boolean watching, long second) {
        state.observed(synced, watching, at(second), () -> "3 ConfigMaps, 2 namespaces");
    }

    @Test
    void anApiThatNeverAnswersIsOneWarningHoweverManyRetries() {
        assertEquals(Phase.LOADING, state.snapshot().phase());
        for (int retry = 1; retry <= 60; retry++) { // six informers, ten retries each
            state.failed(refused(), at(retry));
            observe(false, false, retry);
        }
        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.get(0).startsWith("WARN Cluster caches: the Kubernetes API cannot be reached (ConnectException: "
                + "Connection refused); until it answers, reviews that need a ConfigMap follow django-guard.cluster.fail-mode"),
                lines.get(0));
        CacheState.Snapshot s = state.snapshot();
        assertEquals(Phase.UNREACHABLE, s.phase());
        assertEquals(at(1), s.since(), "unreachable since the first failure, not the last");
        assertEquals("ConnectException: Connection refused", s.reason());
    }

    @Test
    void reachableUnreachableReachableIsOneLineEach() {
        observe(true, true, 1);
        assertEquals(Phase.LOADED, state.snapshot().phase());
        state.failed(new UnknownHostException("kubernetes.default.svc"), at(10));
        state.failed(new UnknownHostException("kubernetes.default.svc"), at(11));
        observe(true, false, 12);
        assertEquals(Phase.UNREACHABLE, state.snapshot().phase());
        observe(true, true, 52);
        observe(true, true, 53);
        assertEquals(Phase.LOADED, state.snapshot().phase());
        assertNull(state.snapshot().reason());
        assertEquals(List.of("INFO Cluster caches loaded: 3 ConfigMaps, 2 namespaces",
                "WARN Cluster caches: the Kubernetes API cannot be reached (UnknownHostException: kubernetes.default.svc); "
                        + "the caches keep what they last saw. Retrying; the next line comes when it answers",
                "INFO Cluster caches: the Kubernetes API answers again after 42 s; caches loaded: 3 ConfigMaps, 2 namespaces"),
                lines);
    }

    @Test
    void aWatchDownLongerThanTheGraceIsUnreachableSinceItWentDown() {
        observe(true, true, 1);
        observe(true, false, 100); // a watch is reopened now and then: not an outage
        observe(true, true, 101);
        observe(true, false, 200);
        observe(true, false, 203);
        assertEquals(Phase.LOADED, state.snapshot().phase(), "still within the grace");
        observe(true, false, 205);
        observe(true, false, 206);
        observe(true, false, 300);
        CacheState.Snapshot s = state.snapshot();
        assertEquals(Phase.UNREACHABLE, s.phase());
        assertEquals(at(200), s.since());
        assertEquals(2, lines.size(), lines.toString());
        assertEquals("WARN Cluster caches: lost the watch on the Kubernetes API 5 s ago; the caches keep what they last "
                + "saw. Retrying; the next line comes when it answers", lines.get(1));
        observe(true, true, 310);
        assertEquals(Phase.LOADED, state.snapshot().phase());
        assertEquals("INFO Cluster caches: the Kubernetes API answers again after 110 s; caches loaded: 3 ConfigMaps, "
                + "2 namespaces", lines.get(2));
    }

    @Test
    void listedButNotYetWatchingIsStillLoading() {
        observe(true, false, 1);
        observe(true, false, 30);
        assertEquals(Phase.LOADING, state.snapshot().phase());
        assertEquals(List.of(), lines);
    }

    @Test
    void offStaysOffAndSaysNothing() {
        CacheState off = new CacheState(Phase.OFF, T0, (level, line) -> lines.add(line));
        off.failed(refused(), at(1));
        off.observed(true, true, at(2), () -> "");
        assertEquals(Phase.OFF, off.snapshot().phase());
        assertEquals(List.of(), lines);
    }

    @Test
    void theReasonIsOneShortLine() {
        String reason = CacheState.reason(new RuntimeException("outer", new IllegalStateException("first line\nsecond line "
                + "x".repeat(500))));
        assertEquals("IllegalStateException: first line", reason);
        String longOne = CacheState.reason(new IOException("y".repeat(500)));
        assertEquals(160, longOne.length());
        assertFalse(longOne.contains("\n"));
        assertEquals("ConnectException", CacheState.reason(new ConnectException()));
    }
}
