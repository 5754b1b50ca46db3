package io.djangoguard.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.djangoguard.engine.Engine;
import io.djangoguard.engine.Finding;
import io.djangoguard.engine.Policy;
import io.djangoguard.engine.Profile;
import io.djangoguard.engine.Rule;
import io.djangoguard.engine.Severity;
import io.djangoguard.rules.RuleCatalog;
import io.djangoguard.settings.Aliases;
import io.djangoguard.settings.DjangoSetting;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;

/** Configuration becomes a policy and an engine, the same for the server and the command line, or one line says why not. */
class EngineFactoryTest {

    static final Path CASES = Path.of("src/test/resources/config/configurations.yaml");

    /** One case of configurations.yaml. */
    record Case(String why, Map<String, String> properties, Map<String, String> env, String refused, String starts,
            boolean accepted) {
    }

    /** A configuration of these properties (as application.properties gives them) and environment variables. */
    static SmallRyeConfig config(Map<String, String> properties, Map<String, String> env) {
        return EngineFactory.of(new PropertiesConfigSource(properties == null ? Map.of() : properties,
                "PropertiesConfigSource[source=file:/app/application.properties]", 250),
                new EnvConfigSource(new LinkedHashMap<>(env == null ? Map.of() : env), 300));
    }

    /** The line a configuration is refused with, as Main and the command line print it, or null when it is accepted. */
    static String refusal(Map<String, String> properties, Map<String, String> env) {
        try {
            EngineFactory.engine(config(properties, env));
            return null;
        } catch (RuntimeException e) {
            return RefusedConfiguration.oneLine(e).orElseThrow(() -> new AssertionError("not a refusal: " + e, e));
        }
    }

    @TestFactory
    Stream<DynamicTest> eachConfigurationIsAcceptedOrRefusedWithOneLine() throws IOException {
        List<Case> cases = List.of(new ObjectMapper(new YAMLFactory()).readValue(CASES.toFile(), Case[].class));
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.why(), () -> {
            String line = refusal(c.properties(), c.env());
            if (c.accepted()) {
                assertEquals(null, line, c.why());
                return;
            }
            assertNotNull(line, "should be refused: " + c.why());
            assertFalse(line.contains("\n") || line.contains("SRCFG"), line);
            if (c.refused() != null) {
                assertEquals(c.refused(), line);
            } else if (c.starts() != null) {
                assertTrue(line.startsWith(c.starts()), line);
            } else {
                fail(c.why() + ": say what it is refused with (refused or starts) or that it is accepted");
            }
        }));
    }

    @Test
    void readsProfileSeveritiesAliasesAndHsts() {
        Policy p = EngineFactory.engine(config(Map.of(
                "django-guard.profile", "Strict",
                "django-guard.severity.hsts-disabled", "DENY",
                "django-guard.severity.conn-max-age-zero", "off",
                "django-guard.aliases.secret-key", " APP_SECRET_KEY , DJANGO_SECRET_KEY",
                "django-guard.hsts-min-seconds", "63072000"), Map.of())).policy();
        assertEquals(Profile.STRICT, p.defaultProfile());
        assertEquals(Severity.DENY, p.severityOf(RuleCatalog.byId("hsts-disabled")));
        assertEquals(Severity.OFF, p.severityOf(RuleCatalog.byId("conn-max-age-zero")));
        assertEquals(Severity.DENY, p.severityOf(RuleCatalog.byId("debug-enabled")), "unset rules keep their default");
        assertEquals(List.of("APP_SECRET_KEY", "DJANGO_SECRET_KEY"), p.aliases().namesOf(DjangoSetting.SECRET_KEY));
        assertEquals(List.of("DJANGO_DEBUG", "DEBUG"), p.aliases().namesOf(DjangoSetting.DEBUG));
        assertEquals(63072000, p.hstsMinSeconds());
        assertTrue(p.ratchetUpdates());
        assertFalse(p.denyWhenUnreachable());
    }

    /** Map keys cannot be told apart in variable names; each rule and setting is asked for by its exact name. */
    @Test
    void severitiesAndAliasesComeFromEnvironmentVariablesToo() {
        Policy p = EngineFactory.engine(config(Map.of(), Map.of(
                "DJANGO_GUARD_SEVERITY_DEBUG_ENABLED", "warn",
                "DJANGO_GUARD_SEVERITY_REFERENCE_UNRESOLVED", "deny",
                "DJANGO_GUARD_ALIASES_ALLOWED_HOSTS", "APP_HOSTS",
                "DJANGO_GUARD_CLUSTER_FAIL_MODE", "deny",
                "DJANGO_GUARD_RATCHET_UPDATES", "false"))).policy();
        assertEquals(Map.of("debug-enabled", Severity.WARN, "reference-unresolved", Severity.DENY), p.severities());
        assertEquals(List.of("APP_HOSTS"), p.aliases().namesOf(DjangoSetting.ALLOWED_HOSTS));
        assertTrue(p.denyWhenUnreachable());
        assertFalse(p.ratchetUpdates());
    }

    @Test
    void nothingConfiguredIsTheDefaultPolicyAndEveryRule() {
        SmallRyeConfig config = config(Map.of(), Map.of());
        Policy p = EngineFactory.engine(config).policy();
        Policy defaults = Policy.defaults();
        assertEquals(List.of(defaults.defaultProfile(), defaults.severities(), defaults.hstsMinSeconds(), defaults.ratchetUpdates(),
                defaults.denyWhenUnreachable()), List.of(p.defaultProfile(), p.severities(), p.hstsMinSeconds(), p.ratchetUpdates(),
                p.denyWhenUnreachable()));
        for (DjangoSetting s : DjangoSetting.values()) {
            assertEquals(s.defaultNames(), p.aliases().namesOf(s));
        }
        DjangoGuardConfig m = config.getConfigMapping(DjangoGuardConfig.class);
        assertEquals(DjangoGuardConfig.ClusterEnabled.AUTO, m.cluster().enabled());
        assertEquals(Duration.ofSeconds(2), m.cluster().lookupTimeout());
        assertEquals(500, m.cluster().auditPageSize());
        assertEquals(Duration.ofSeconds(10), m.audit().timeout());
        assertTrue(m.audit().port().isEmpty());
        assertTrue(m.tls().certFile().isEmpty());
    }

    /** Every error rule, through either spelling: configuration refuses off before the engine would have to. */
    @Test
    void noErrorRuleCanBeSwitchedOff() {
        List<Rule> errorRules = RuleCatalog.all().stream().filter(r -> r.kind() == Finding.Kind.ERROR).toList();
        assertFalse(errorRules.isEmpty());
        for (Rule r : errorRules) {
            String expected = "django-guard.severity." + r.id() + "=off: " + r.id()
                    + " reports what could not be evaluated, which is never a pass; use deny or warn";
            assertEquals(expected, refusal(Map.of("django-guard.severity." + r.id(), "off"), Map.of()));
            assertEquals(expected, refusal(Map.of(), Map.of(ConfigKeys.envNameOf("django-guard.severity." + r.id()), "off")));
        }
        // The engine's own last resort, for a policy built by hand.
        Policy handMade = new Policy(Profile.DECLARED, Map.of(errorRules.get(0).id(), Severity.OFF), Aliases.defaults(), 1);
        assertThrows(IllegalArgumentException.class, () -> new Engine(handMade, RuleCatalog.all()));
    }

    /** How Main and the command line find the line in what a failed start throws. */
    @Test
    void theLineIsFoundWhereverTheRefusalIsWrapped() {
        RuntimeException wrapped = new RuntimeException("Failed to start quarkus",
                new IllegalStateException("creating a bean", new RefusedConfiguration("django-guard.x=y: why")));
        assertEquals("django-guard.x=y: why", RefusedConfiguration.oneLine(wrapped).orElseThrow());
        assertTrue(RefusedConfiguration.oneLine(new RuntimeException("Failed to start quarkus", new IllegalStateException("a bug")))
                .isEmpty(), "anything else is not a configuration problem");
    }
}
