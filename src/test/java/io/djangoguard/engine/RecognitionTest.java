package io.djangoguard.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.djangoguard.Fixtures;
import io.djangoguard.Manifests;
import io.djangoguard.rules.RuleCatalog;
import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * Which containers are judged as Django, in which role and on what evidence. Each file in
 * {@code src/test/resources/recognition/} is a workload (then, optionally, objects sent with it) whose first line
 * says {@code # django: container=role, ...} (or {@code # django: none}), and whose {@code # evidence: container: text}
 * lines name evidence the container must carry.
 */
class RecognitionTest {

    private static final Path ROOT = Path.of("src/test/resources/recognition");
    private static final Engine ENGINE = new Engine(Policy.defaults(), RuleCatalog.all());

    @TestFactory
    Stream<DynamicTest> everyFixture() throws IOException {
        return Fixtures.eachYamlIn(ROOT, f -> check(f));
    }

    private static void check(Path file) throws IOException {
        String text = Files.readString(file);
        List<String> header = text.lines().takeWhile(l -> l.startsWith("#")).toList();
        assertTrue(header.get(0).startsWith("# django: "), file + " must start with '# django: '");
        Map<String, String> expected = new LinkedHashMap<>();
        String declared = header.get(0).substring("# django: ".length()).strip();
        if (!declared.equals("none")) {
            for (String pair : declared.split(",\\s*")) {
                String[] kv = pair.split("=");
                expected.put(kv[0], kv[1]);
            }
        }
        List<HasMetadata> objects = Manifests.parse(text);
        ObjectResult result = ENGINE.judgeAll(objects, Engine.Context.alone("shop")).get(0);
        Map<String, String> actual = new LinkedHashMap<>();
        for (Recognition r : result.django()) {
            actual.put(r.container(), r.role().id());
        }
        assertEquals(expected, actual, file.getFileName() + ": " + result.django());
        for (String line : header) {
            if (line.startsWith("# evidence: ")) {
                String rest = line.substring("# evidence: ".length());
                String container = rest.substring(0, rest.indexOf(": "));
                String evidence = rest.substring(rest.indexOf(": ") + 2);
                Recognition r = result.django().stream().filter(d -> d.container().equals(container)).findFirst().orElseThrow();
                assertTrue(r.evidence().contains(evidence), file.getFileName() + ": " + container + " lacks '" + evidence + "': " + r.evidence());
            }
        }
    }

    @ParameterizedTest
    @CsvSource({
        "ghcr.io/netbox-community/netbox:v4.1.3, netbox-community/netbox",
        "netboxcommunity/netbox, netboxcommunity/netbox",
        "docker.io/library/nginx:1.27, nginx",
        "nginx, nginx",
        "registry.example.com:5000/team/app@sha256:abc, team/app",
        "localhost/app:dev, app",
        "quay.io/ansible/awx:24.6.1, ansible/awx",
    })
    void imageRepository(String image, String repository) {
        assertEquals(repository, io.djangoguard.settings.Presets.repository(image));
    }

    @Test
    void aWorkerIsSparedTheWebRulesInTheDeclaredProfileOnly() throws IOException {
        String worker = """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: worker, namespace: shop%s}
                spec:
                  selector: {matchLabels: {app: worker}}
                  template:
                    metadata: {labels: {app: worker}}
                    spec:
                      containers:
                        - name: worker
                          image: ghcr.io/acme/shop:1.0
                          command: ["celery", "-A", "shop", "worker"]
                          env:
                            - {name: DJANGO_SETTINGS_MODULE, value: shop.settings}
                            - {name: DJANGO_SESSION_COOKIE_SECURE, value: "False"}
                            - {name: DJANGO_SECURE_SSL_REDIRECT, value: "False"}
                """;
        ObjectResult declared = ENGINE.judge(Manifests.one(worker.formatted("")), Engine.Context.alone("shop"));
        assertEquals(List.of(), declared.findings(), "a celery worker serves no page: " + declared);
        ObjectResult strict = ENGINE.judge(Manifests.one(worker.formatted(", annotations: {django-guard.io/profile: strict}")),
                Engine.Context.alone("shop"));
        List<String> rules = strict.findings().stream().map(Finding::rule).toList();
        assertTrue(rules.containsAll(List.of("session-cookie-insecure", "ssl-redirect-disabled")),
                "strict keeps check --deploy's parity everywhere: " + rules);
    }
}
