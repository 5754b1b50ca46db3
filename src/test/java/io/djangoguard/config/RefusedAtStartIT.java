package io.djangoguard.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

import io.djangoguard.lookup.ClusterConfigIT;

/**
 * A configuration the server refuses, as an operator meets it: the packaged jar stops before it serves anything, with
 * exit status 2 and exactly one line on standard error, whether SmallRye refuses the value while Quarkus reads its
 * configuration, or django-guard refuses it while the server starts; and the command line says the same line.
 */
class RefusedAtStartIT {

    @TempDir
    Path work;

    @BeforeAll
    static void thePackagedJarIsThere() {
        ClusterConfigIT.thePackagedJarIsThere();
    }

    ClusterConfigIT.Exit run(String option, String... args) throws Exception {
        return ClusterConfigIT.runJarExpectingExit(work, Map.of(), List.of("-Dquarkus.http.ssl-port=" + ClusterConfigIT.freePort(),
                "-Ddjango-guard.cluster.enabled=false", option), args);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        // refused by django-guard while the server starts
        "-Ddjango-guard.severity.reference-unresolved=off | django-guard.severity.reference-unresolved=off: reference-unresolved reports what could not be evaluated, which is never a pass; use deny or warn",
        "-Ddjango-guard.cluster.fail-mode=deny | django-guard.cluster.fail-mode=deny contradicts django-guard.cluster.enabled=false: without cluster lookups the API is never asked, so nothing is ever denied for it being unreachable; switch lookups on (auto or true), or deny every unresolved reference with django-guard.severity.reference-unresolved=deny",
        // refused by SmallRye while Quarkus reads its configuration, before logging is set up
        "-Ddjango-guard.profile=lenient | django-guard.profile=lenient: use declared or strict",
        "-Ddjango-guard.profil=strict | django-guard.profil (a system property): no such key; did you mean django-guard.profile?",
    })
    void theServerStopsWithOneLineAndStatusTwo(String option, String line) throws Exception {
        ClusterConfigIT.Exit e = run(option);
        assertEquals(2, e.status(), e.describe());
        assertEquals("django-guard: " + line + "\n", e.err(), e.describe());
        assertFalse(e.out().contains("Exception") || e.out().lines().anyMatch(l -> l.startsWith("\tat ")), e.describe());
        assertFalse(e.out().contains("Listening on"), "it must not have started serving\n" + e.describe());

        ClusterConfigIT.Exit cli = run(option, "audit", Path.of("src/test/resources/cli/clean.yaml").toAbsolutePath().toString());
        assertEquals(2, cli.status(), cli.describe());
        assertEquals("", cli.out(), cli.describe());
        assertEquals("django-guard: " + line + "\n", cli.err(), cli.describe());
    }
}
