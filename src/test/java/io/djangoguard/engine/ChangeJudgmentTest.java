package io.djangoguard.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.djangoguard.rules.RuleCatalog;
import io.djangoguard.settings.Aliases;
import io.djangoguard.settings.ConfigMapLookup;
import io.djangoguard.workload.References;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;

/**
 * Judging a change, as admission does, with no server and no API: each file in
 * {@code src/test/resources/changes/} is one case, the change (CREATE or UPDATE, the object and the
 * old one), what the cluster holds, and the verdict and findings expected.
 */
class ChangeJudgmentTest {

    private static final Path ROOT = Path.of("src/test/resources/changes");
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    @TestFactory
    Stream<DynamicTest> everyChange() throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(ROOT)) {
            files = list.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> check(f)));
    }

    @Test
    void theCasesCoverEveryVerdictOfAChange() throws IOException {
        List<String> verdicts = new ArrayList<>();
        try (Stream<Path> list = Files.list(ROOT)) {
            for (Path f : list.toList()) {
                verdicts.add(YAML.readTree(f.toFile()).at("/expect/verdict").asText());
            }
        }
        for (String v : List.of("deny", "error", "warn", "allow")) {
            assertTrue(verdicts.contains(v), "no change case expects " + v);
        }
    }

    private static void check(Path file) throws IOException {
        JsonNode c = YAML.readTree(file.toFile());
        Policy policy = new Policy(Profile.DECLARED, Map.of(), Aliases.defaults(), Policy.ONE_YEAR,
                c.path("ratchetUpdates").asBoolean(true), false);
        Engine engine = new Engine(policy, RuleCatalog.all());
        HasMetadata object = object(c.get("object"));
        HasMetadata old = c.hasNonNull("old") ? object(c.get("old")) : null;
        Change change = new Change(Change.Operation.valueOf(c.get("change").asText()), object, old);

        ObjectResult result = engine.judge(change, context(c.path("cluster")));

        String where = file.getFileName() + ": " + result;
        JsonNode expect = c.get("expect");
        assertEquals(expect.get("verdict").asText(), result.verdict().id(), where);
        assertEquals(expect.get("denied").asBoolean(), result.denied(), where);
        JsonNode findings = expect.get("findings");
        assertEquals(findings.size(), result.findings().size(), where);
        for (int i = 0; i < findings.size(); i++) {
            JsonNode e = findings.get(i);
            Finding f = result.findings().get(i);
            assertEquals(e.get("rule").asText(), f.rule(), where);
            assertEquals(e.get("severity").asText(), f.severity().id(), where);
            assertEquals(e.path("kind").asText("breach"), f.kind().id(), where);
            assertEquals(e.get("subject").asText(), f.subject(), where);
            if (e.has("summary")) {
                assertTrue(f.summary().startsWith(e.get("summary").asText()), where);
            }
        }
    }

    /** No {@code cluster}: the object is judged alone. Else its ConfigMaps, and its workloads as the users of theirs. */
    private static Engine.Context context(JsonNode cluster) throws IOException {
        if (cluster.isMissingNode()) {
            return Engine.Context.alone(null);
        }
        Map<String, Map<String, String>> configMaps = new HashMap<>();
        for (JsonNode n : cluster.path("configMaps")) {
            ConfigMap cm = (ConfigMap) object(n);
            configMaps.put(cm.getMetadata().getNamespace() + "/" + cm.getMetadata().getName(), cm.getData());
        }
        List<HasMetadata> workloads = new ArrayList<>();
        for (JsonNode n : cluster.path("workloads")) {
            workloads.add(object(n));
        }
        ConfigMapLookup lookup = (ns, name) -> {
            Map<String, String> data = configMaps.get(ns + "/" + name);
            return data == null ? new ConfigMapLookup.Missing("in the cluster") : new ConfigMapLookup.Found(data);
        };
        ConfigMapUsers users = (ns, name) -> workloads.stream()
                .filter(w -> References.configMapsOf(w, ns).contains(ns + "/" + name)).toList();
        return new Engine.Context(null, lookup, NamespaceProfiles.NONE, null, users);
    }

    private static HasMetadata object(JsonNode n) throws IOException {
        return (HasMetadata) JSON.treeToValue(n, KubernetesResource.class);
    }
}
