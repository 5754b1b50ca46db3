package io.djangoguard.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.djangoguard.engine.Finding;
import io.djangoguard.engine.ObjectRef;
import io.djangoguard.engine.ObjectResult;
import io.djangoguard.engine.Profile;
import io.djangoguard.engine.Severity;

/** The denial kubectl shows, and the one finding line every door and format shares. */
class DenialMessageTest {

    static final ObjectRef WEB = new ObjectRef("apps/v1", "Deployment", "shop", "web");

    static Finding finding(String rule, String check, Finding.Kind kind, Severity severity, String summary) {
        return new Finding(rule, check, kind, severity, "container \"web\"", "web", "DEBUG",
                "spec.template.spec.containers[0].env[0]", summary, summary + " (env DJANGO_DEBUG)", "set it right");
    }

    @Test
    void theFindingLine() {
        Finding f = finding("debug-enabled", "security.W018", Finding.Kind.BREACH, Severity.DENY, "DEBUG is true");
        assertEquals("[debug-enabled] (security.W018) container \"web\": DEBUG is true (env DJANGO_DEBUG); fix: set it right",
                FindingLine.of(f));
        assertEquals(FindingLine.of(f), FindingLine.of(AuditReport.FindingView.of(f)), "the same line from the report");
        Finding noCheck = finding("secret-key-inline", null, Finding.Kind.BREACH, Severity.DENY, "inline");
        assertEquals("[secret-key-inline] container \"web\": inline (env DJANGO_DEBUG); fix: set it right", FindingLine.of(noCheck));
    }

    @Test
    void aBreachBreaksTheChecklistAndWarningsFollow() {
        ObjectResult r = new ObjectResult(WEB, Profile.DECLARED, List.of(
                finding("hsts-disabled", "security.W004", Finding.Kind.BREACH, Severity.WARN, "HSTS off"),
                finding("debug-enabled", "security.W018", Finding.Kind.BREACH, Severity.DENY, "DEBUG is true")));
        assertEquals("""
                Deployment shop/web breaks Django's deployment checklist (django-guard, profile declared, enforcement enforce):
                [debug-enabled] (security.W018) container "web": DEBUG is true (env DJANGO_DEBUG); fix: set it right
                and warns:
                [hsts-disabled] (security.W004) container "web": HSTS off (env DJANGO_DEBUG); fix: set it right""",
                DenialMessage.of(r));
        assertEquals(List.of("[hsts-disabled] (security.W004) container \"web\": HSTS off"), DenialMessage.warnings(r));
    }

    @Test
    void anErrorAloneAtDenyIsNoBreachButStillRefused() {
        ObjectResult r = new ObjectResult(WEB, Profile.STRICT, List.of(
                finding("invalid-setting-value", null, Finding.Kind.ERROR, Severity.DENY, "DJANGO_DEBUG \"maybe\" is no boolean")));
        assertTrue(r.denied());
        assertEquals("""
                Deployment shop/web could not be judged against Django's deployment checklist (django-guard, profile strict, enforcement enforce):
                [invalid-setting-value] container "web": DJANGO_DEBUG "maybe" is no boolean (env DJANGO_DEBUG); fix: set it right""",
                DenialMessage.of(r));
        assertNull(DenialMessage.warnings(r));
    }

    @Test
    void aLongWarningIsShortenedForKubectl() {
        ObjectResult r = new ObjectResult(WEB, Profile.DECLARED, List.of(
                finding("hsts-too-short", null, Finding.Kind.BREACH, Severity.WARN, "x".repeat(300))));
        String w = DenialMessage.warnings(r).get(0);
        assertEquals(FindingLine.MAX_WARNING_LENGTH - 1, w.length());
        assertTrue(w.startsWith("[hsts-too-short] container \"web\": xxx") && w.endsWith("..."), w);
    }
}
