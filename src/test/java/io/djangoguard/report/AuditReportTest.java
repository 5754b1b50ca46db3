package io.djangoguard.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.function.Function;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.djangoguard.engine.Finding;
import io.djangoguard.engine.ObjectResult;
import io.djangoguard.engine.Policy;
import io.djangoguard.engine.Profile;
import io.djangoguard.engine.Severity;
import io.djangoguard.engine.Verdict;
import io.djangoguard.report.SarifReportTest.ShopAudit;

/** The report's model: typed verdicts written by id, errors and skips with their reasons, and what decides the exit status. */
class AuditReportTest {

    static final ObjectMapper JSON = new ObjectMapper();

    static JsonNode json(AuditReport report) throws Exception {
        return JSON.readTree(ReportFormat.JSON.write(report, Policy.defaults()));
    }

    @Test
    void anErrorIsItsOwnVerdictAndEachFindingSaysWhetherItIsABreachOrAnError() throws Exception {
        JsonNode report = json(TroubleAudit.report());
        JsonNode unreadable = report.get("results").get(0);
        assertEquals("error", unreadable.get("verdict").asText());
        assertEquals("declared", unreadable.get("profile").asText());
        JsonNode f = unreadable.get("findings").get(0);
        assertEquals("invalid-setting-value", f.get("rule").asText());
        assertEquals("error", f.get("kind").asText());
        assertEquals("deny", f.get("severity").asText());
        assertEquals("container \"web\"", f.get("subject").asText());
        JsonNode unresolved = report.get("results").get(1);
        assertEquals("error", unresolved.get("verdict").asText());
        assertEquals("warn", unresolved.get("findings").get(0).get("severity").asText());

        for (JsonNode r : json(ShopAudit.report()).get("results")) {
            for (JsonNode breach : r.get("findings")) {
                assertEquals("breach", breach.get("kind").asText(), breach.toString());
            }
        }
    }

    @Test
    void theSummaryCountsVerdictsAndWhatAdmissionWouldRefuse() throws Exception {
        JsonNode summary = json(TroubleAudit.report()).get("summary");
        assertEquals(List.of("objects", "denied", "errors", "warned", "allowed", "skipped", "refused"), names(summary));
        assertEquals(List.of(4, 0, 2, 0, 0, 2, 1), values(summary));
        // the shop: one denied, one warned, one allowed, one skipped; only the denied one refused
        assertEquals(List.of(4, 1, 0, 1, 1, 1, 1), values(json(ShopAudit.report()).get("summary")));
    }

    @Test
    void aSkippedObjectSaysWhyAndNoOtherDoes() throws Exception {
        JsonNode results = json(TroubleAudit.report()).get("results");
        assertEquals(List.of("apiVersion", "kind", "namespace", "name", "verdict", "profile", "enforcement", "source", "django",
                "findings"), names(results.get(0)));
        assertEquals(List.of("apiVersion", "kind", "namespace", "name", "verdict", "reason", "profile", "source", "findings"),
                names(results.get(2)));
        assertEquals("skipped", results.get(2).get("verdict").asText());
        assertEquals(TroubleAudit.NO_TEMPLATE, results.get(2).get("reason").asText());
        assertTrue(results.get(2).get("profile").isNull());
        assertEquals(ObjectResult.NOT_JUDGED, results.get(3).get("reason").asText());
    }

    @Test
    void theExitStatusFollowsAdmissionAnErrorAtWarnPassesAtDenyFails() {
        List<ObjectResult> judged = TroubleAudit.judged();
        ObjectResult atDeny = judged.get(0);
        ObjectResult atWarn = judged.get(1);
        assertEquals(Severity.DENY, atDeny.findings().get(0).severity());
        assertEquals(Severity.WARN, atWarn.findings().get(0).severity());

        AuditReport warnOnly = AuditReport.of(List.of(atWarn, judged.get(2), judged.get(3)), null);
        assertEquals(1, warnOnly.summary().errors());
        assertEquals(0, warnOnly.summary().refused());
        assertFalse(warnOnly.anyDenied(), "an error at warn lets the object through: exit 0");

        AuditReport withDeny = AuditReport.of(List.of(atWarn, atDeny), null);
        assertEquals(0, withDeny.summary().denied());
        assertEquals(2, withDeny.summary().errors());
        assertEquals(1, withDeny.summary().refused());
        assertTrue(withDeny.anyDenied(), "an error at deny refuses the object: exit 1");

        assertTrue(ShopAudit.report().anyDenied(), "a breach at deny: exit 1");
        assertFalse(AuditReport.of(List.of(), null).anyDenied());
    }

    @Test
    void everyEngineValueIsWrittenByItsId() {
        for (Verdict v : Verdict.values()) {
            assertEquals(v.id(), IdSerializer.id(v));
        }
        for (Severity s : Severity.values()) {
            assertEquals(s.id(), IdSerializer.id(s));
        }
        for (Finding.Kind k : Finding.Kind.values()) {
            assertEquals(k.id(), IdSerializer.id(k));
        }
        for (Profile p : Profile.values()) {
            assertEquals(p.id(), IdSerializer.id(p));
        }
    }

    /** The OpenAPI document lists what the JSON can hold: every id of each type (a finding is never off). */
    @Test
    void theSchemaEnumerationsAreTheIds() throws Exception {
        assertEquals(ids(Verdict.values(), Verdict::id), enumeration(AuditReport.Result.class, "verdict"));
        assertEquals(ids(Profile.values(), Profile::id), enumeration(AuditReport.Result.class, "profile"));
        assertEquals(ids(Finding.Kind.values(), Finding.Kind::id), enumeration(AuditReport.FindingView.class, "kind"));
        List<String> severities = new ArrayList<>(ids(Severity.values(), Severity::id));
        severities.remove(Severity.OFF.id());
        assertEquals(severities, enumeration(AuditReport.FindingView.class, "severity"));
    }

    private static List<String> enumeration(Class<?> record, String component) throws Exception {
        Schema schema = record.getDeclaredField(component).getAnnotation(Schema.class);
        assertTrue(schema != null, record.getSimpleName() + "." + component + " has no @Schema");
        return Arrays.asList(schema.enumeration());
    }

    private static <E> List<String> ids(E[] values, Function<E, String> id) {
        return Arrays.stream(values).map(id).toList();
    }

    static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
            names.add(it.next());
        }
        return names;
    }

    private static List<Integer> values(JsonNode summary) {
        List<Integer> values = new ArrayList<>();
        summary.forEach(n -> values.add(n.asInt()));
        return values;
    }
}
