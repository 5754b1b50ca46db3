package io.djangoguard.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.djangoguard.Manifests;
import io.djangoguard.engine.Engine;
import io.djangoguard.engine.Finding;
import io.djangoguard.engine.ObjectResult;
import io.djangoguard.engine.Policy;

/** A fix names the variable the manifest uses: following it must fix the breach, never add a variable nobody reads. */
class RemediationTest {

    private static final Engine ENGINE = new Engine(Policy.defaults(), RuleCatalog.all());

    @ParameterizedTest(name = "{0}={1} on {2}")
    @CsvSource(delimiter = '|', value = {
        "DEBUG                       | 1     | ghcr.io/acme/shop:1.0     | debug-enabled         | set DEBUG to \"False\" in production",
        "DJANGO_DEBUG                | True  | ghcr.io/acme/shop:1.0     | debug-enabled         | set DJANGO_DEBUG to \"False\" in production",
        "DISABLE_SECURE_SSL_REDIRECT | 1     | posthog/posthog:1.43.0    | ssl-redirect-disabled | set DISABLE_SECURE_SSL_REDIRECT to \"False\"",
        "SECURE_SSL_REDIRECT         | false | ghcr.io/acme/shop:1.0     | ssl-redirect-disabled | set SECURE_SSL_REDIRECT to \"True\"",
    })
    void theFixNamesTheVariableInUse(String variable, String value, String image, String rule, String fixStart) {
        String manifest = """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web, namespace: shop}
                spec:
                  selector: {matchLabels: {app: web}}
                  template:
                    metadata: {labels: {app: web}}
                    spec:
                      containers:
                        - name: web
                          image: %s
                          command: ["gunicorn", "shop.wsgi"]
                          env:
                            - {name: DJANGO_SETTINGS_MODULE, value: shop.settings}
                            - {name: %s, value: "%s"}
                """.formatted(image, variable, value);
        ObjectResult r = ENGINE.judgeAll(Manifests.parse(manifest), Engine.Context.alone("shop")).get(0);
        Finding f = r.findings().stream().filter(x -> x.rule().equals(rule)).findFirst()
                .orElseThrow(() -> new AssertionError(rule + " did not fire: " + r.findings()));
        assertEquals(true, f.remediation().startsWith(fixStart), f.remediation());
    }

    @org.junit.jupiter.api.Test
    void aValueYamlReadAsACommentIsReportedAsEmptyNotAsWritten() throws Exception {
        String manifest = java.nio.file.Files.readString(java.nio.file.Path.of(
                "src/test/resources/rules/secret-key-weak/failure-yaml-comment-left-it-empty.yaml"));
        ObjectResult r = ENGINE.judgeAll(Manifests.parse(manifest), Engine.Context.alone("shop")).get(0);
        assertEquals(java.util.List.of("secret-key-weak"), r.findings().stream().map(Finding::rule).toList(), r.findings().toString());
        assertEquals("the secret key is empty (env DJANGO_SECRET_KEY (no value in the YAML; an unquoted # starts a comment))",
                r.findings().get(0).message());
    }
}
