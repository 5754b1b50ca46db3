package io.djangoguard.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The key list the README's table, the refusals and the environment check are made from is the mapping's own. */
class ConfigKeysTest {

    @Test
    void everyValueOfAnEnumKeyIsExplainedInItsMeaning() {
        for (ConfigKeys.Key k : ConfigKeys.all()) {
            for (String v : k.values()) {
                assertTrue(k.meaning().value().contains("`" + v + "`"), k.name() + ": say what `" + v + "` does");
            }
        }
    }

    @Test
    void keysAreNamedAsSmallRyeNamesThem() {
        List<String> names = ConfigKeys.names();
        for (String key : List.of("django-guard.profile", "django-guard.hsts-min-seconds", "django-guard.ratchet-updates",
                "django-guard.cluster.audit-page-size", "django-guard.cluster.lookup-timeout", "django-guard.audit.port",
                "django-guard.severity.reference-unresolved", "django-guard.aliases.secret-key-file",
                DjangoGuardConfig.Tls.CERT_FILE, DjangoGuardConfig.Tls.KEY_FILE, DjangoGuardConfig.Tls.RELOAD_PERIOD)) {
            assertTrue(names.contains(key), key);
        }
        assertEquals("DJANGO_GUARD_CLUSTER_AUDIT_PAGE_SIZE", ConfigKeys.envNameOf("django-guard.cluster.audit-page-size"));
    }

    /** The defaults the table shows are the ones a configuration with nothing set reads. */
    @Test
    void theTableShowsTheDefaultsTheServerReads() {
        DjangoGuardConfig defaults = EngineFactory.of().getConfigMapping(DjangoGuardConfig.class);
        String table = ConfigTable.markdown();
        assertTrue(table.contains("| `django-guard.cluster.lookup-timeout` | `2s` |"), table);
        assertEquals(java.time.Duration.ofSeconds(2), defaults.cluster().lookupTimeout());
        assertTrue(table.contains("| `django-guard.profile` | `" + defaults.profile().id() + "` |"), table);
        assertTrue(table.contains("| `django-guard.audit.concurrency` | `" + defaults.audit().concurrency() + "` |"), table);
        assertTrue(table.contains("`invalid-setting-value` and `reference-unresolved` report what could not be evaluated"),
                "the error rules are named where off is refused:\n" + table);
        assertFalse(table.contains("{"), "every placeholder is filled:\n" + table);
    }
}
