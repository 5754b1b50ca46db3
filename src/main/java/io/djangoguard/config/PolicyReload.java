package io.djangoguard.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.djangoguard.engine.Engine;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SysPropConfigSource;

/**
 * The engine in force, and its reload: with {@code django-guard.policy-dir} (the chart mounts the policy ConfigMap
 * there), the directory is re-read every {@code django-guard.policy-reload-period}, and a change to it (or to the
 * presets directory) builds a new engine, which every door uses from its next review on: no restart. A policy the
 * configuration check refuses is not installed: one log line says why, the last good one stays in force, and readiness
 * (still UP: the webhook keeps judging) and the metric {@code django_guard_policy_refused} show it.
 *
 * <p>A variable the directory held at start is the directory's: removed from it, it falls back to its default, even
 * though the process's environment still has the value it started with (the chart's envFrom). System properties and
 * the django-guard variables the directory never held (the chart's extraEnv) keep applying, in the order of the start.
 */
@ApplicationScoped
public class PolicyReload implements Supplier<Engine> {

    private static final Logger LOG = Logger.getLogger(PolicyReload.class);
    /** A ConfigMap holds at most 1 MiB; a directory larger than that is not a policy. */
    static final long MAX_BYTES = 1 << 20;
    static final String ENV_PREFIX = "DJANGO_GUARD_";

    /** What the last look at the directory found. */
    record State(Engine engine, String digest, Instant loaded, String refused, Instant refusedAt) {
    }

    private volatile State state;
    /**
     * The process's django-guard variables that the directory did not hold at start (e.g. the chart's extraEnv):
     * kept at each reload, below the directory. Those the directory held are its own: one removed from it falls back
     * to its default, not to the value the environment started with.
     */
    private final Map<String, String> otherEnv;
    private final Path dir;
    private final Path presetsDir;
    private final Duration period;
    private ScheduledExecutorService reloader;

    @Inject
    PolicyReload(Engine engine, DjangoGuardConfig config, MeterRegistry metrics) {
        this(engine, config.policyDir().map(Path::of).orElse(null), config.presetsDir().map(Path::of).orElse(null),
                config.policyReloadPeriod());
        Gauge.builder("django_guard.policy.refused", this, p -> p.state.refused() == null ? 0 : 1)
                .description("1 while the policy directory holds a policy that was refused (the last good one is in force)")
                .register(metrics);
        Gauge.builder("django_guard.policy.loaded", this, p -> p.state.loaded().getEpochSecond())
                .description("When the policy in force was loaded, in seconds since the epoch").baseUnit("seconds")
                .register(metrics);
    }

    PolicyReload(Engine engine, Path dir, Path presetsDir, Duration period) {
        if (dir != null && (period == null || period.isZero() || period.isNegative())) {
            throw new RefusedConfiguration(DjangoGuardConfig.PREFIX + "policy-reload-period=" + period + ": use a positive duration, e.g. 10s");
        }
        this.dir = dir;
        this.presetsDir = presetsDir;
        this.period = period;
        this.otherEnv = dir == null ? Map.of() : envNotIn(dir, System.getenv());
        this.state = new State(engine, dir == null ? null : digestOrNull(dir, presetsDir), Instant.now(), null, null);
    }

    /** The engine in force: read it once per review, so one review is judged under one policy. */
    @Override
    public Engine get() {
        return state.engine();
    }

    void start(@Observes StartupEvent event) {
        if (dir == null) {
            return;
        }
        LOG.infof("Policy: re-read from %s every %s", dir, period);
        reloader = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "django-guard-policy-reload");
            thread.setDaemon(true);
            return thread;
        });
        long millis = period.toMillis();
        reloader.scheduleWithFixedDelay(() -> {
            try {
                reload();
            } catch (RuntimeException e) {
                LOG.errorf("Policy: the reload failed (%s); the policy in force stays", e.getClass().getSimpleName());
            }
        }, millis, millis, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        if (reloader != null) {
            reloader.shutdownNow();
        }
    }

    /**
     * Looks at the directory once: nothing happens when it is as it was; a changed one is installed when the
     * configuration check accepts it, else refused with one line. Returns the state after.
     */
    State reload() {
        State before = state;
        String digest;
        Map<String, String> files;
        try {
            files = read(dir);
            digest = digest(files, presetsDir);
        } catch (IOException e) {
            return refuse(before, null, "the directory " + dir + " could not be read (" + e.getClass().getSimpleName() + ")");
        }
        if (digest.equals(before.digest())) {
            return before;
        }
        Engine engine;
        try {
            engine = EngineFactory.engine(configOf(files, otherEnv));
        } catch (RuntimeException e) {
            String line = RefusedConfiguration.oneLine(e).orElse("the policy could not be built (" + e.getClass().getSimpleName() + ")");
            return refuse(before, digest, line);
        }
        State after = new State(engine, digest, Instant.now(), null, null);
        state = after;
        LOG.infof("Policy: reloaded from %s (enforcement %s, profile %s)", dir, engine.policy().enforcement().id(),
                engine.policy().defaultProfile().id());
        return after;
    }

    /** Keeps the engine in force; logs the refusal once per change of the directory. */
    private State refuse(State before, String digest, String why) {
        boolean already = why.equals(before.refused());
        State after = new State(before.engine(), digest == null ? before.digest() : digest, before.loaded(), why,
                already ? before.refusedAt() : Instant.now());
        state = after;
        if (!already) {
            LOG.errorf("Policy: refused the policy in %s: %s; the one loaded at %s stays in force", dir, why, before.loaded());
        }
        return after;
    }

    /** The django-guard variables of {@code env} that {@code dir} does not hold now. */
    static Map<String, String> envNotIn(Path dir, Map<String, String> env) {
        Map<String, String> files;
        try {
            files = read(dir);
        } catch (IOException e) {
            files = Map.of();
        }
        Map<String, String> other = new TreeMap<>();
        for (Map.Entry<String, String> e : env.entrySet()) {
            if (e.getKey().startsWith(ENV_PREFIX) && !files.containsKey(e.getKey())) {
                other.put(e.getKey(), e.getValue());
            }
        }
        return Map.copyOf(other);
    }

    /** The directory's policy alone (tests, tools). */
    static SmallRyeConfig configOf(Map<String, String> files) {
        return configOf(files, Map.of());
    }

    /**
     * The policy's configuration, in the order the server's own has at start: system properties (400), then the
     * directory's keys, as variables or as properties (350, where the chart's envFrom put them at start), then the other
     * django-guard variables of the process (300).
     */
    static SmallRyeConfig configOf(Map<String, String> files, Map<String, String> otherEnv) {
        Map<String, String> env = new TreeMap<>();
        Map<String, String> properties = new TreeMap<>();
        files.forEach((name, value) -> {
            if (name.startsWith(ENV_PREFIX)) {
                env.put(name, value);
            } else if (name.startsWith(DjangoGuardConfig.PREFIX)) {
                properties.put(name, value);
            }
        });
        return EngineFactory.of(new SysPropConfigSource(), new EnvConfigSource(env, 350),
                new PropertiesConfigSource(properties, "PropertiesConfigSource[source=policy directory]", 350),
                new EnvConfigSource(new TreeMap<>(otherEnv), 300));
    }

    /** The regular files directly in {@code dir} (not the ConfigMap volume's hidden {@code ..data} entries), by name. */
    static Map<String, String> read(Path dir) throws IOException {
        Map<String, String> files = new TreeMap<>();
        long total = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                String name = p.getFileName().toString();
                if (name.startsWith(".") || !Files.isRegularFile(p)) {
                    continue;
                }
                total += Files.size(p);
                if (total > MAX_BYTES) {
                    throw new IOException("over " + MAX_BYTES + " bytes");
                }
                files.put(name, Files.readString(p, StandardCharsets.UTF_8));
            }
        }
        return files;
    }

    private static String digestOrNull(Path dir, Path presetsDir) {
        try {
            return digest(read(dir), presetsDir);
        } catch (IOException e) {
            return null;
        }
    }

    /** Of the policy's files and the presets directory's: a change to either is a new policy. */
    static String digest(Map<String, String> files, Path presetsDir) throws IOException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        update(sha, files);
        if (presetsDir != null && Files.isDirectory(presetsDir)) {
            sha.update((byte) 1);
            update(sha, read(presetsDir));
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static void update(MessageDigest sha, Map<String, String> files) {
        files.forEach((name, value) -> {
            sha.update(name.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(value.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
        });
    }

    /** What readiness shows of the policy: where it comes from, when it was loaded, and a refusal. */
    State state() {
        return state;
    }

    Path dir() {
        return dir;
    }
}
