package io.djangoguard.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.djangoguard.engine.Enforcement;
import io.djangoguard.engine.Engine;
import io.djangoguard.engine.Profile;
import io.djangoguard.engine.Severity;
import io.djangoguard.rules.RuleCatalog;

/**
 * The policy directory, as the chart mounts the policy ConfigMap: a change takes effect at the next look, a policy the
 * checks refuse leaves the last good one in force with one reason (in readiness details too), and a fixed one is
 * installed again.
 */
class PolicyReloadTest {

    @TempDir
    Path dir;

    private PolicyReload start(Map<String, String> files) throws Exception {
        write(files);
        Engine engine = EngineFactory.engine(PolicyReload.configOf(PolicyReload.read(dir)));
        return new PolicyReload(engine, dir, null, Duration.ofSeconds(10));
    }

    private void write(Map<String, String> files) throws Exception {
        try (var old = Files.list(dir)) {
            for (Path p : old.toList()) {
                if (Files.isRegularFile(p)) {
                    Files.delete(p);
                }
            }
        }
        for (Map.Entry<String, String> e : files.entrySet()) {
            Files.writeString(dir.resolve(e.getKey()), e.getValue());
        }
    }

    @Test
    void anUnchangedDirectoryKeepsTheSameEngine() throws Exception {
        PolicyReload policy = start(Map.of("DJANGO_GUARD_PROFILE", "declared"));
        Engine before = policy.get();
        policy.reload();
        assertSame(before, policy.get());
        assertNull(policy.state().refused());
    }

    @Test
    void aChangedPolicyTakesEffectWithoutARestart() throws Exception {
        PolicyReload policy = start(Map.of("DJANGO_GUARD_ENFORCEMENT", "warn", "DJANGO_GUARD_SEVERITY_HSTS_DISABLED", "deny"));
        assertEquals(Enforcement.WARN, policy.get().policy().enforcement());
        assertEquals(Severity.DENY, policy.get().policy().severities().get("hsts-disabled"));

        write(Map.of("DJANGO_GUARD_ENFORCEMENT", "enforce", "django-guard.profile", "strict"));
        policy.reload();
        assertEquals(Enforcement.ENFORCE, policy.get().policy().enforcement());
        assertEquals(Profile.STRICT, policy.get().policy().defaultProfile(), "a key written as a property works too");
        assertEquals(Map.of(), policy.get().policy().severities(), "a key removed from the directory falls back to its default");
    }

    @Test
    void aRefusedPolicyLeavesTheLastGoodOneInForceAndSaysWhy() throws Exception {
        PolicyReload policy = start(Map.of("DJANGO_GUARD_ENFORCEMENT", "warn"));
        Engine good = policy.get();

        write(Map.of("DJANGO_GUARD_ENFORCEMENT", "enforce", "DJANGO_GUARD_SEVERITY_REFERENCE_UNRESOLVED", "off"));
        PolicyReload.State refused = policy.reload();
        assertSame(good, policy.get(), "the last good policy stays in force");
        assertEquals(Enforcement.WARN, policy.get().policy().enforcement());
        assertEquals("django-guard.severity.reference-unresolved=off: reference-unresolved reports what could not be evaluated, "
                + "which is never a pass; use deny or warn", refused.refused());
        HealthCheckResponse ready = health(policy);
        assertEquals(HealthCheckResponse.Status.UP, ready.getStatus(), "the last good policy still judges");
        assertEquals(refused.refused(), ready.getData().orElseThrow().get("refused"));

        assertSame(refused, policy.reload(), "the same refused directory is not judged (nor logged) again");

        write(Map.of("DJANGO_GUARD_ENFORCEMENT", "enforce"));
        policy.reload();
        assertEquals(Enforcement.ENFORCE, policy.get().policy().enforcement(), "a fixed policy is installed");
        assertNull(policy.state().refused());
        assertNull(health(policy).getData().orElseThrow().get("refused"));
    }

    @Test
    void aPresetsChangeIsANewPolicyAndAPresetThatDoesNotReadIsRefused(@TempDir Path presets) throws Exception {
        write(Map.of("DJANGO_GUARD_PRESETS_DIR", presets.toString()));
        Engine engine = EngineFactory.engine(PolicyReload.configOf(PolicyReload.read(dir)));
        PolicyReload policy = new PolicyReload(engine, dir, presets, Duration.ofSeconds(10));
        Files.writeString(presets.resolve("broken.yaml"), "id: [not, a, preset\n");
        policy.reload();
        assertSame(engine, policy.get());
        assertNotNull(policy.state().refused());
        assertTrue(policy.state().refused().startsWith("django-guard.presets-dir: "), policy.state().refused());
    }

    @Test
    void theVolumesHiddenEntriesAreNotKeysAndAnOversizedDirectoryIsRefused() throws Exception {
        PolicyReload policy = start(Map.of("DJANGO_GUARD_PROFILE", "strict"));
        Files.createDirectory(dir.resolve("..2026_12_03_19_00_00.000000001"));
        Files.writeString(dir.resolve("..data"), "not a key");
        Engine before = policy.get();
        policy.reload();
        assertSame(before, policy.get());

        Files.writeString(dir.resolve("DJANGO_GUARD_KNOWN_SECRET_KEYS"), "a".repeat((int) PolicyReload.MAX_BYTES));
        policy.reload();
        assertSame(before, policy.get());
        assertTrue(policy.state().refused().contains("could not be read"), policy.state().refused());
    }

    /**
     * The chart's extraEnv (a django-guard variable the directory never held) survives a reload, below the directory;
     * a variable the directory held at start is the directory's: removed from it, it falls back to its default.
     */
    @Test
    void variablesTheDirectoryNeverHeldAreKeptBelowIt() throws Exception {
        write(Map.of("DJANGO_GUARD_PROFILE", "strict"));
        Map<String, String> processEnv = Map.of("DJANGO_GUARD_PROFILE", "strict", "DJANGO_GUARD_SEVERITY_HSTS_DISABLED", "deny",
                "DJANGO_GUARD_ENFORCEMENT", "audit", "PATH", "/usr/bin");
        Map<String, String> other = PolicyReload.envNotIn(dir, processEnv);
        assertEquals(Map.of("DJANGO_GUARD_SEVERITY_HSTS_DISABLED", "deny", "DJANGO_GUARD_ENFORCEMENT", "audit"), other);

        write(Map.of("DJANGO_GUARD_ENFORCEMENT", "warn"));
        var p = EngineFactory.engine(PolicyReload.configOf(PolicyReload.read(dir), other)).policy();
        assertEquals(Severity.DENY, p.severities().get("hsts-disabled"), "extraEnv kept");
        assertEquals(Enforcement.WARN, p.enforcement(), "the directory wins over the environment");
        assertEquals(Profile.DECLARED, p.defaultProfile(), "removed from the directory: the default, not the value at start");
    }

    @Test
    void aReloadPeriodThatIsNotPositiveIsRefusedAtStart() {
        Engine engine = new Engine(io.djangoguard.engine.Policy.defaults(), RuleCatalog.all());
        RefusedConfiguration e = assertThrows(RefusedConfiguration.class, () -> new PolicyReload(engine, dir, null, Duration.ZERO));
        assertTrue(e.getMessage().startsWith("django-guard.policy-reload-period=PT0S"), e.getMessage());
    }

    private static HealthCheckResponse health(PolicyReload policy) {
        PolicyHealth h = new PolicyHealth();
        h.policy = policy;
        return h.call();
    }
}
