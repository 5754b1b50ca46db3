package io.djangoguard.lookup;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

/**
 * What the cluster caches really hold, for readiness and for the log: {@code off}, {@code loading} (never listed yet,
 * no failure seen), {@code loaded} (every informer listed and is watching) or {@code unreachable} (a list or watch
 * failed, or the watches have been down for {@link #WATCH_GRACE}). One line is logged per change of state, never one
 * per retry: the informers retry for ever, and a down API would otherwise fill the log.
 * <p>
 * Fed by the informers' exception handler ({@link #failed}) and by a periodic look at their sync and watch state
 * ({@link #observed}); thread-safe.
 */
final class CacheState {

    private static final Logger LOG = Logger.getLogger(InformerClusterLookups.class);

    /** Where the state changes are written: the log, or a test's list. */
    interface Log {
        void write(Logger.Level level, String line);

        Log JBOSS = (level, line) -> LOG.log(level, line);
    }

    /**
     * How long the watches may be down before the caches count as unreachable: a watch is closed and reopened now and
     * then, and a dropped connection is retried after about a second, neither of which is an outage.
     */
    static final Duration WATCH_GRACE = Duration.ofSeconds(5);

    /** Longest reason kept (one line; an API error can quote a long message). */
    private static final int REASON_LENGTH = 160;

    enum Phase {
        OFF, LOADING, LOADED, UNREACHABLE;

        String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The state and since when it holds; {@code reason} is set for {@link Phase#UNREACHABLE} only. */
    record Snapshot(Phase phase, Instant since, String reason) {
    }

    private final Log log;
    private Snapshot current;
    private boolean everLoaded;
    /** When the watches were first seen down while loaded; null while they run. */
    private Instant watchesDownSince;

    CacheState(Phase initial, Instant now) {
        this(initial, now, Log.JBOSS);
    }

    CacheState(Phase initial, Instant now, Log log) {
        this.log = log;
        current = new Snapshot(initial, now, null);
    }

    synchronized Snapshot snapshot() {
        return current;
    }

    /** A list or watch failed and will be retried. */
    synchronized void failed(Throwable t, Instant now) {
        if (current.phase() == Phase.OFF || current.phase() == Phase.UNREACHABLE) {
            return;
        }
        String reason = reason(t);
        current = new Snapshot(Phase.UNREACHABLE, now, reason);
        log.write(Logger.Level.WARN, "Cluster caches: the Kubernetes API cannot be reached (" + reason + "); "
                + (everLoaded ? "the caches keep what they last saw" : "until it answers, reviews that need a ConfigMap "
                        + "follow django-guard.cluster.fail-mode") + ". Retrying; the next line comes when it answers");
    }

    /**
     * The informers as they are now: whether all have listed once, and whether all are watching. {@code counts} is
     * asked only when a line is logged.
     */
    synchronized void observed(boolean allSynced, boolean allWatching, Instant now, Supplier<String> counts) {
        if (current.phase() == Phase.OFF) {
            return;
        }
        if (allSynced && allWatching) {
            watchesDownSince = null;
            if (current.phase() != Phase.LOADED) {
                if (current.phase() == Phase.UNREACHABLE) {
                    log.write(Logger.Level.INFO, "Cluster caches: the Kubernetes API answers again after "
                            + human(Duration.between(current.since(), now)) + "; caches loaded: " + counts.get());
                } else {
                    log.write(Logger.Level.INFO, "Cluster caches loaded: " + counts.get());
                }
                current = new Snapshot(Phase.LOADED, now, null);
                everLoaded = true;
            }
            return;
        }
        if (current.phase() == Phase.LOADED && !allWatching) {
            if (watchesDownSince == null) {
                watchesDownSince = now;
            } else if (!now.isBefore(watchesDownSince.plus(WATCH_GRACE))) {
                current = new Snapshot(Phase.UNREACHABLE, watchesDownSince, "the watch on the API was lost");
                log.write(Logger.Level.WARN, "Cluster caches: lost the watch on the Kubernetes API "
                        + human(Duration.between(watchesDownSince, now)) + " ago; the caches keep what they last saw. "
                        + "Retrying; the next line comes when it answers");
            }
        }
    }

    /** The innermost cause, as {@code SimpleName: first line of its message}, at most {@link #REASON_LENGTH} characters. */
    static String reason(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        String text = root.getClass().getSimpleName();
        if (message != null && !message.isBlank()) {
            text += ": " + message.strip().lines().findFirst().orElse("");
        }
        return text.length() <= REASON_LENGTH ? text : text.substring(0, REASON_LENGTH - 3) + "...";
    }

    static String human(Duration d) {
        long s = Math.max(0, d.toSeconds());
        return s < 120 ? s + " s" : s / 60 + " min " + s % 60 + " s";
    }
}
