package io.djangoguard.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.djangoguard.engine.Engine;
import io.djangoguard.engine.ObjectResult;
import io.djangoguard.engine.Policy;
import io.djangoguard.engine.Verdict;
import io.djangoguard.report.DenialMessage;
import io.djangoguard.rules.RuleCatalog;
import io.fabric8.kubernetes.api.model.apps.Deployment;

/**
 * NOTES.txt (what {@code helm install} prints) says how to try the webhook and what it prints; what it shows is
 * what the server answers for that very Deployment, and so is the chart README's example.
 */
class ChartNotesTest {

    static String notes(String... args) {
        String[] all = Stream.concat(Stream.of("install", "guard", Helm.CHART.toString(), "--namespace", "guard-system",
                "--dry-run=client"), Stream.of(args)).toArray(String[]::new);
        Helm.Result r = Helm.run(all);
        assertEquals(0, r.exit(), r::both);
        int at = r.out().indexOf("NOTES:\n");
        assertTrue(at >= 0, r::out);
        return r.out().substring(at + "NOTES:\n".length());
    }

    /** The Deployment of the NOTES' here-document. */
    static Deployment example(String notes) {
        int start = notes.indexOf("<<'YAML'\n");
        int end = notes.indexOf("\n  YAML\n", start);
        assertTrue(start > 0 && end > start, notes);
        String yaml = notes.substring(notes.indexOf('\n', start) + 1, end).lines().map(l -> l.startsWith("  ") ? l.substring(2) : l)
                .collect(Collectors.joining("\n"));
        Deployment d = Rendered.SERIALIZATION.unmarshal(yaml, Deployment.class);
        d.getMetadata().setNamespace("default");
        return d;
    }

    @Test
    void theNotesShowTheDenialTheServerGivesForTheirExample() throws IOException {
        String notes = notes();
        assertTrue(notes.contains("kubectl apply -n default --dry-run=server -f - <<'YAML'"), notes);
        ObjectResult result = new Engine(Policy.defaults(), RuleCatalog.all()).judge(example(notes), Engine.Context.alone("default"));
        assertEquals(Verdict.DENY, result.verdict());
        String message = DenialMessage.of(result);
        String shown = "Error from server (Forbidden): error when creating \"STDIN\": admission webhook \"validate.django-guard.io\" "
                + "denied the request: " + message;
        assertTrue(notes.contains("  " + shown.replace("\n", "\n  ") + "\n"), () -> "NOTES.txt should show:\n" + shown + "\n\n" + notes);
        assertTrue(Files.readString(Helm.CHART.resolve("README.md")).contains(shown + "\n"), "the chart README's example output");
        assertTrue(notes.contains("helm test guard -n guard-system --logs"));
        assertTrue(notes.contains("rollout status deployment/guard-django-guard"));
        assertFalse(notes.contains("kubectl label namespace"));
    }

    @Test
    void inOptInModeTheNotesSayToLabelTheNamespace() {
        String notes = notes(Helm.valuesFile("opt-in-hpa-strict.yaml"));
        assertTrue(notes.contains("kubectl label namespace default django-guard.io/enabled=true"), notes);
        assertTrue(notes.contains("profile strict"), notes);
        assertTrue(notes.contains("in namespaces labelled django-guard.io/enabled=true only"), notes);
    }

    @Test
    void inCertManagerModeTheNotesSayWhereTheCertificateIs() {
        String notes = notes(Helm.valuesFile("cert-manager.yaml"));
        assertTrue(notes.contains("kubectl -n guard-system get certificate guard-django-guard-serving"), notes);
        assertTrue(notes.contains("except guard-system, kube-system"), notes);
    }

    @Test
    void theNotesPointAtTheServiceThatServesTheAudit() {
        String own = notes();
        assertTrue(own.contains("kubectl -n guard-system port-forward service/guard-django-guard-audit 8444:443 &"), own);
        assertTrue(own.contains("curl -sk 'https://localhost:8444/audit?format=text'"), own);
        assertTrue(own.contains("curl -sk 'https://localhost:8444/audit/cluster?format=text' -H \"Authorization: Bearer $TOKEN\""), own);
        assertTrue(own.contains("ClusterRole guard-django-guard-auditor"), own);
        assertTrue(own.contains("POST /audit needs no token"), own);

        String beside = notes("--set", "audit.separatePort=false", "--set", "audit.authentication=token");
        assertTrue(beside.contains("port-forward service/guard-django-guard 8443:443 &"), beside);
        assertFalse(beside.contains("service/guard-django-guard-audit"), beside);
        assertTrue(beside.contains("--data-binary @- -H \"Authorization: Bearer $TOKEN\""), "a token for POST /audit:\n" + beside);
        assertFalse(beside.contains("POST /audit needs no token"), beside);

        String off = notes("--set", "audit.enabled=false");
        assertTrue(off.contains("is switched off (audit.enabled=false)"), off);
        assertFalse(off.contains("/audit/cluster?"), off);
    }

    @Test
    void theNotesListTheExcludedNamespaces() {
        List<String> lines = notes("--set", "webhook.namespaceSelector.excluded={monitoring}").lines().toList();
        assertTrue(lines.contains("in every namespace except guard-system, kube-system, monitoring"), lines::toString);
    }
}
