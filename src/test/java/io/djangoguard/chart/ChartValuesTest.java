package io.djangoguard.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.djangoguard.config.DjangoGuardConfig;
import io.djangoguard.engine.Finding;
import io.djangoguard.engine.Profile;
import io.djangoguard.engine.Rule;
import io.djangoguard.rules.RuleCatalog;
import io.djangoguard.settings.DjangoSetting;

/**
 * Wrong values fail at once: the schema (values.schema.json) refuses a value of the wrong type or outside its set,
 * and the chart refuses values that contradict each other, with a message saying what to change. A schema
 * violation fails {@code helm template}, {@code helm lint} and {@code helm install}; a contradiction fails
 * {@code helm template} and {@code helm install} (helm lint's "lint mode" turns the chart's fail() into a log line).
 */
class ChartValuesTest {

    /** --set arguments, and what the schema's complaint names. */
    static Stream<Arguments> schemaRefuses() {
        return Stream.of(
                Arguments.of(new String[] { "--set", "policy.profile=lenient" }, "/policy/profile"),
                Arguments.of(new String[] { "--set", "policy.severity.no-such-rule=deny" }, "no-such-rule"),
                Arguments.of(new String[] { "--set", "policy.severity.debug-enabled=block" }, "/policy/severity/debug-enabled"),
                // an error is never a pass: the rules that report one may deny or warn, not be off
                Arguments.of(new String[] { "--set", "policy.severity.reference-unresolved=off" }, "/policy/severity/reference-unresolved"),
                Arguments.of(new String[] { "--set", "policy.aliases.secret=APP_KEY" }, "secret"),
                Arguments.of(new String[] { "--set", "policy.aliases.secret-key=APP_KEY" }, "/policy/aliases/secret-key"),
                Arguments.of(new String[] { "--set", "policy.clusterFailMode=ignore" }, "/policy/clusterFailMode"),
                Arguments.of(new String[] { "--set", "policy.lookupTimeout=two seconds" }, "/policy/lookupTimeout"),
                Arguments.of(new String[] { "--set-string", "policy.ratchetUpdates=yes" }, "/policy/ratchetUpdates"),
                Arguments.of(new String[] { "--set-string", "policy.hstsMinSeconds=one year" }, "/policy/hstsMinSeconds"),
                Arguments.of(new String[] { "--set", "policy.djangoVersion=4.2" }, "/policy/djangoVersion"),
                Arguments.of(new String[] { "--set", "webhook.failurePolicy=Maybe" }, "/webhook/failurePolicy"),
                Arguments.of(new String[] { "--set", "webhook.timeoutSeconds=60" }, "/webhook/timeoutSeconds"),
                Arguments.of(new String[] { "--set", "webhook.namespaceSelector.mode=all" }, "/webhook/namespaceSelector/mode"),
                Arguments.of(new String[] { "--set", "tls.mode=selfSigned" }, "/tls/mode"),
                Arguments.of(new String[] { "--set", "replicaCount=0" }, "/replicaCount"),
                Arguments.of(new String[] { "--set", "replicas=3" }, "replicas"),
                Arguments.of(new String[] { "--set", "shutdown.preStopHook=signal" }, "/shutdown/preStopHook"),
                Arguments.of(new String[] { "--set", "audit.authentication=maybe" }, "/audit/authentication"),
                Arguments.of(new String[] { "--set-string", "audit.enabled=yes" }, "/audit/enabled"),
                Arguments.of(new String[] { "--set", "audit.separatePort=8444" }, "/audit/separatePort"),
                Arguments.of(new String[] { "--set", "audit.containerPort=80" }, "/audit/containerPort"),
                Arguments.of(new String[] { "--set", "audit.service.port=70000" }, "/audit/service/port"),
                Arguments.of(new String[] { "--set", "audit.concurrency=0" }, "/audit/concurrency"),
                Arguments.of(new String[] { "--set", "audit.queue=-1" }, "/audit/queue"),
                Arguments.of(new String[] { "--set", "audit.timeout=soon" }, "/audit/timeout"),
                Arguments.of(new String[] { "--set", "audit.timeout=10" }, "/audit/timeout"),
                Arguments.of(new String[] { "--set", "audit.networkPolicy.from[0].podLabels.app=ci" }, "podLabels"),
                Arguments.of(new String[] { "--set", "audit.networkPolicy.from[0].ipBlock.except[0]=10.0.0.0/8" }, "cidr"),
                Arguments.of(new String[] { "--set", "audit.port=8444" }, "port"),
                Arguments.of(new String[] { "--set", "shutdown.drainTimeoutSeconds=0" }, "/shutdown/drainTimeoutSeconds"),
                Arguments.of(new String[] { "--set", "shutdown.delaySeconds=-1" }, "/shutdown/delaySeconds"));
    }

    @ParameterizedTest
    @MethodSource("schemaRefuses")
    void theSchemaRefusesAWrongValue(String[] set, String named) {
        for (String command : new String[] { "template", "lint" }) {
            Helm.Result r = command.equals("template") ? Helm.run(Helm.templateArgs("guard", "guard-system", set))
                    : Helm.run(concat(new String[] { "lint", "--strict", Helm.CHART.toString() }, set));
            assertNotEquals(0, r.exit(), () -> "helm " + command + " " + String.join(" ", set) + " should fail:\n" + r.both());
            assertTrue(r.both().contains("schema") || r.both().contains("at '/"), () -> "not the schema's complaint:\n" + r.both());
            assertTrue(r.both().contains(named), () -> "the complaint does not name " + named + ":\n" + r.both());
        }
    }

    /** Values that contradict each other, and the chart's own message. */
    static Stream<Arguments> chartRefuses() {
        return Stream.of(
                Arguments.of(new String[] { "--set", "tls.mode=existingSecret" },
                        "tls.mode=existingSecret needs tls.existingSecret.name"),
                Arguments.of(new String[] { "--set", "tls.mode=existingSecret", "--set", "tls.existingSecret.name=my-tls" },
                        "tls.mode=existingSecret needs tls.existingSecret.caBundle"),
                Arguments.of(new String[] { "--set", "tls.existingSecret.name=my-tls" },
                        "tls.existingSecret is set but tls.mode is generated"),
                Arguments.of(new String[] { "--set", "tls.mode=certManager", "--set", "tls.existingSecret.caBundle=abc" },
                        "tls.existingSecret is set but tls.mode is certManager"),
                Arguments.of(new String[] { "--set", "tls.mode=existingSecret", "--set", "tls.existingSecret.name=my-tls",
                        "--set", "tls.existingSecret.caBundle=bm90IGEgY2VydGlmaWNhdGU=" },
                        "tls.existingSecret.caBundle is neither a PEM certificate"),
                Arguments.of(new String[] { "--set", "tls.certManager.issuerRef.name=corporate-ca" },
                        "tls.certManager.issuerRef is set but tls.mode is generated"),
                Arguments.of(new String[] { "--set", "tls.generated.renewBeforeDays=4000" },
                        "tls.generated.renewBeforeDays (4000) must be less than tls.generated.validityDays"),
                Arguments.of(new String[] { "--set", "policy.lookupTimeout=5s" },
                        "policy.lookupTimeout (5s) must be shorter than webhook.timeoutSeconds (5s)"),
                Arguments.of(new String[] { "--set", "policy.lookupTimeout=9000ms", "--set", "webhook.timeoutSeconds=8" },
                        "policy.lookupTimeout (9000ms) must be shorter than webhook.timeoutSeconds (8s)"),
                Arguments.of(new String[] { "--set", "podDisruptionBudget.minAvailable=1" },
                        "podDisruptionBudget: set minAvailable or maxUnavailable, not both"),
                Arguments.of(new String[] { "--set", "autoscaling.enabled=true", "--set", "autoscaling.minReplicas=6" },
                        "autoscaling.minReplicas (6) is greater than autoscaling.maxReplicas (5)"),
                Arguments.of(new String[] { "--set", "shutdown.preStopSleepSeconds=30" },
                        "shutdown.preStopSleepSeconds (30) must be less than shutdown.terminationGracePeriodSeconds (30)"),
                Arguments.of(new String[] { "--set", "audit.containerPort=8443" },
                        "audit.containerPort (8443) is the admission port"),
                Arguments.of(new String[] { "--set", "audit.networkPolicy.from[0].podSelector.matchLabels.app=ci" },
                        "audit.networkPolicy.from is set but audit.networkPolicy.enabled is false"),
                Arguments.of(new String[] { "--set", "audit.enabled=false", "--set", "audit.networkPolicy.enabled=true" },
                        "audit.networkPolicy.enabled is true but audit.enabled is false"),
                Arguments.of(new String[] { "--set", "audit.separatePort=false", "--set", "audit.networkPolicy.enabled=true" },
                        "audit.networkPolicy needs audit.separatePort=true"),
                Arguments.of(new String[] { "--set", "shutdown.drainTimeoutSeconds=20" },
                        "shutdown.preStopSleepSeconds + delaySeconds + drainTimeoutSeconds (10 + 5 + 20 = 35 s) must be "
                                + "less than shutdown.terminationGracePeriodSeconds (30)"));
    }

    @ParameterizedTest
    @MethodSource("chartRefuses")
    void contradictoryValuesFailWithTheChartsMessage(String[] set, String message) {
        Helm.Result t = Helm.run(Helm.templateArgs("guard", "guard-system", set));
        assertNotEquals(0, t.exit(), () -> "helm template " + String.join(" ", set) + " should fail:\n" + t.both());
        assertTrue(t.err().contains(message), () -> "expected \"" + message + "\" in:\n" + t.err());
        // helm lint renders in "lint mode", where fail() only logs (Helm's design), so only template/install refuse.
    }

    @Test
    void theSchemaKnowsExactlyTheRulesAndSettingsOfTheServer() throws IOException {
        JsonNode schema = new ObjectMapper().readTree(Files.readString(Helm.CHART.resolve("values.schema.json")));
        JsonNode policy = schema.at("/properties/policy/properties");

        JsonNode severity = policy.get("severity");
        assertEquals(false, severity.get("additionalProperties").asBoolean(true), "policy.severity must refuse unknown rule ids");
        assertEquals(RuleCatalog.all().stream().map(Rule::id).toList(), fieldNames(severity.get("properties")),
                "policy.severity in values.schema.json: one property per rule of RuleCatalog, in the catalog's order");
        for (Rule rule : RuleCatalog.all()) {
            String expected = rule.kind() == Finding.Kind.ERROR ? "[\"deny\",\"warn\"]" : "[\"deny\",\"warn\",\"off\"]";
            assertEquals(expected, severity.at("/properties/" + rule.id() + "/enum").toString(), () -> "policy.severity."
                    + rule.id() + " in values.schema.json (a rule of kind " + rule.kind().id() + ")");
        }

        JsonNode aliases = policy.get("aliases");
        assertEquals(false, aliases.get("additionalProperties").asBoolean(true), "policy.aliases must refuse unknown settings");
        Set<String> settings = Arrays.stream(DjangoSetting.values()).map(DjangoSetting::configKey)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(settings, names(aliases.get("properties")), "policy.aliases' settings, against DjangoSetting");

        assertEquals(ids(Profile.values()), policy.at("/profile/enum"));
        assertEquals(ids(DjangoGuardConfig.FailMode.values()), policy.at("/clusterFailMode/enum"));
        assertEquals("[\"Fail\",\"Ignore\"]", schema.at("/properties/webhook/properties/failurePolicy/enum").toString());
        assertEquals("[\"generated\",\"certManager\",\"existingSecret\"]", schema.at("/properties/tls/properties/mode/enum").toString());
        // the server's own values of django-guard.audit.authentication, lower-cased as it reads them
        assertEquals(ids(DjangoGuardConfig.Authentication.values()), schema.at("/properties/audit/properties/authentication/enum"));
    }

    @Test
    void everyKeyOfValuesYamlIsInTheSchema() throws IOException {
        JsonNode schema = new ObjectMapper().readTree(Files.readString(Helm.CHART.resolve("values.schema.json")));
        @SuppressWarnings("unchecked")
        Map<String, Object> values = Rendered.SERIALIZATION.unmarshal(Files.readString(Helm.CHART.resolve("values.yaml")), Map.class);
        for (String key : ChartReadmeTest.leafKeys(values)) {
            JsonNode node = schema;
            for (String part : key.split("\\.")) {
                node = node.path("properties").path(part);
            }
            String k = key;
            assertTrue(!node.isMissingNode() && node.size() > 0, () -> k + " of values.yaml has no type in values.schema.json");
        }
    }

    /** An enum's values as configuration spells them, as a JSON array. */
    private static JsonNode ids(Enum<?>[] values) {
        return new ObjectMapper().valueToTree(Arrays.stream(values).map(v -> v.name().toLowerCase(java.util.Locale.ROOT)).toList());
    }

    private static java.util.List<String> fieldNames(JsonNode properties) {
        java.util.List<String> names = new java.util.ArrayList<>();
        properties.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static Set<String> names(JsonNode properties) {
        Set<String> names = new TreeSet<>();
        properties.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static String[] concat(String[] a, String[] b) {
        return Stream.concat(Arrays.stream(a), Arrays.stream(b)).toArray(String[]::new);
    }
}
