package io.djangoguard.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.djangoguard.engine.Enforcement;
import io.djangoguard.engine.Finding;
import io.djangoguard.engine.Severity;
import io.djangoguard.engine.Verdict;
import io.djangoguard.observe.ReviewRecord.Outcome;

/**
 * The review's log line, as quarkus-logging-json prints it: its level by outcome, the text a laptop reads, and the
 * fields of the JSON line's {@code mdc}; never a finding's message.
 */
class ReviewLogTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MESSAGE = "planted finding message with env DJANGO_SECRET_KEY = planted-value";

    private static Finding finding(String rule, Severity severity, String exemptReason) {
        return new Finding(rule, null, Finding.Kind.BREACH, severity, "container \"web\"", "web", "debug", "spec", MESSAGE,
                MESSAGE, "fix", exemptReason);
    }

    private static ReviewRecord judged(boolean allowed, Verdict verdict, Enforcement mode, List<Finding> findings) {
        return new ReviewRecord("uid-1", "Deployment", "shop", "web", "CREATE", "alice", false, Outcome.JUDGED, allowed,
                verdict, mode, findings, 1_500_000);
    }

    /** record, level, start of the text line, the mdc fields it must have, those it must not. */
    static Stream<Arguments> lines() {
        Finding debug = finding("debug-enabled", Severity.DENY, null);
        Finding hsts = finding("hsts-disabled", Severity.WARN, null);
        Finding exempt = finding("ssl-redirect-disabled", Severity.DENY, "annotation django-guard.io/exempt: behind a proxy");
        return Stream.of(
                Arguments.of(judged(false, Verdict.DENY, Enforcement.ENFORCE, List.of(debug, hsts, exempt)), "INFO",
                        "denied CREATE Deployment shop/web (debug-enabled, hsts-disabled; exempt: ssl-redirect-disabled) by alice [uid uid-1, verdict deny, enforce, 1.500 ms]",
                        fields("uid", "uid-1", "kind", "Deployment", "namespace", "shop", "name", "web", "operation", "CREATE",
                                "user", "alice", "outcome", "judged", "allowed", "false", "verdict", "deny",
                                "enforcement", "enforce", "rules", "debug-enabled,hsts-disabled",
                                "exemptRules", "ssl-redirect-disabled", "durationMs", "1.500", "dryRun", "false"),
                        List.of()),
                Arguments.of(judged(true, Verdict.DENY, Enforcement.AUDIT, List.of(debug)), "INFO",
                        "allowed with findings CREATE Deployment shop/web (debug-enabled) by alice [uid uid-1, verdict deny, audit, 1.500 ms]",
                        Map.of("allowed", "true", "enforcement", "audit", "rules", "debug-enabled"), List.of("exemptRules")),
                Arguments.of(judged(true, Verdict.ALLOW, Enforcement.ENFORCE, List.of()), "DEBUG",
                        "allowed CREATE Deployment shop/web by alice [uid uid-1, verdict allow, enforce, 1.500 ms]",
                        Map.of("verdict", "allow"), List.of("rules", "exemptRules")),
                Arguments.of(new ReviewRecord("uid-2", "Pod", "shop", "web-1", "DELETE", "bob", true, Outcome.NOT_A_WRITE,
                        true, null, null, List.of(), 200_000), "DEBUG",
                        "allowed (nothing written) DELETE Pod shop/web-1 by bob [uid uid-2, dry run, 0.200 ms]",
                        Map.of("outcome", "not_a_write", "dryRun", "true"), List.of("verdict", "enforcement", "rules")),
                Arguments.of(new ReviewRecord(null, null, null, null, null, null, false, Outcome.BAD_REQUEST, false, null,
                        null, List.of(), 100_000), "INFO",
                        "refused a body that is not an AdmissionReview (400) [uid unknown, 0.100 ms]",
                        Map.of("outcome", "bad_request", "allowed", "false"), List.of("uid", "kind", "name", "user")),
                Arguments.of(new ReviewRecord("uid-3", "ConfigMap", "shop", "settings", "UPDATE", "carol", false,
                        Outcome.INTERNAL_ERROR, false, null, null, List.of(), -1), "ERROR",
                        "failed to review UPDATE ConfigMap shop/settings by carol [uid uid-3]",
                        Map.of("uid", "uid-3", "outcome", "internal_error"), List.of("durationMs")));
    }

    static Map<String, String> fields(String... keysAndValues) {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    @ParameterizedTest
    @MethodSource("lines")
    void oneLinePerReview(ReviewRecord record, String level, String text, Map<String, String> fields, List<String> absent)
            throws Exception {
        List<String> lines;
        try (MetricsEndpointTest.JsonLines log = new MetricsEndpointTest.JsonLines("io.djangoguard.observe.test-review-log")) {
            java.util.logging.Logger.getLogger("io.djangoguard.observe.test-review-log").setLevel(java.util.logging.Level.ALL);
            new ReviewLog(org.jboss.logging.Logger.getLogger("io.djangoguard.observe.test-review-log")).reviewed(record);
            lines = log.lines();
        }
        assertEquals(1, lines.size(), lines::toString);
        JsonNode line = JSON.readTree(lines.get(0));
        assertEquals(level, line.path("level").asText(), lines.get(0));
        assertEquals(text, line.path("message").asText());
        fields.forEach((k, v) -> assertEquals(v, line.path("mdc").path(k).asText(null), k + " in " + line));
        absent.forEach(k -> assertTrue(line.path("mdc").path(k).isMissingNode(), k + " in " + line));
        assertFalse(lines.get(0).contains("planted"), "no finding message: " + lines.get(0));
        assertTrue(org.jboss.logging.MDC.getMap().keySet().stream().noneMatch(ReviewLog.FIELDS::contains),
                "the MDC is left as it was");
    }
}
