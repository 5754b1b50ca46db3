package io.djangoguard.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.djangoguard.engine.Policy;
import io.djangoguard.engine.Profile;
import io.djangoguard.engine.Severity;
import io.djangoguard.rules.RuleCatalog;
import io.djangoguard.settings.DjangoSetting;

class PolicyLoaderTest {

    @Test
    void readsProfileSeveritiesAliasesAndHsts() {
        Policy p = PolicyLoader.load("Strict", Map.of("hsts-disabled", "DENY", "conn-max-age-zero", "off"),
                Map.of("secret-key", List.of(" APP_SECRET_KEY ", "DJANGO_SECRET_KEY")), 63072000);
        assertEquals(Profile.STRICT, p.defaultProfile());
        assertEquals(Severity.DENY, p.severityOf(RuleCatalog.byId("hsts-disabled")));
        assertEquals(Severity.OFF, p.severityOf(RuleCatalog.byId("conn-max-age-zero")));
        assertEquals(Severity.DENY, p.severityOf(RuleCatalog.byId("debug-enabled")), "unset rules keep their default");
        assertEquals(List.of("APP_SECRET_KEY", "DJANGO_SECRET_KEY"), p.aliases().namesOf(DjangoSetting.SECRET_KEY));
        assertEquals(List.of("DJANGO_DEBUG", "DEBUG"), p.aliases().namesOf(DjangoSetting.DEBUG));
        assertEquals(63072000, p.hstsMinSeconds());
    }

    @Test
    void refusesWhatItDoesNotUnderstandNamingTheKey() {
        assertMessage("django-guard.profile=lenient: use declared or strict",
                () -> PolicyLoader.load("lenient", Map.of(), Map.of(), 1));
        assertMessage("django-guard.severity.debug-enabld: no such rule",
                () -> PolicyLoader.load("declared", Map.of("debug-enabld", "warn"), Map.of(), 1));
        assertMessage("django-guard.severity.debug-enabled: unknown severity \"block\" (use deny, warn or off)",
                () -> PolicyLoader.load("declared", Map.of("debug-enabled", "block"), Map.of(), 1));
        assertMessage("django-guard.aliases.secret: no such setting",
                () -> PolicyLoader.load("declared", Map.of(), Map.of("secret", List.of("X")), 1));
        assertMessage("django-guard.hsts-min-seconds=-1: must not be negative",
                () -> PolicyLoader.load("declared", Map.of(), Map.of(), -1));
    }

    private static void assertMessage(String start, Runnable r) {
        PolicyLoader.InvalidConfigException e = assertThrows(PolicyLoader.InvalidConfigException.class, r::run);
        assertTrue(e.getMessage().startsWith(start), e.getMessage());
    }
}
