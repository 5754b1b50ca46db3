package io.djangoguard.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;

import io.djangoguard.audit.Auditor;
import io.djangoguard.audit.ManifestReader;
import io.djangoguard.engine.Engine;
import io.djangoguard.engine.Policy;
import io.djangoguard.report.PolicyReportFormat.Api;
import io.djangoguard.rules.RuleCatalog;

/** The audits the policy report tests render, and the upstream CRDs' schemas they are validated against. */
public final class PolicyReportAudits {

    public static final Path CRDS = Path.of("src/test/resources/policyreport");
    public static final Path MARKERS = CRDS.resolve("markers.yaml");
    static final Path REALWORLD = Path.of("src/test/resources/realworld");
    static final YAMLMapper YAML = new YAMLMapper();

    private PolicyReportAudits() {
    }

    /** The audit of a file of manifests, document by document, as the command line reads them. */
    public static AuditReport audit(Path file) {
        ManifestReader reader = new ManifestReader(ManifestReader.Limits.DEFAULTS);
        List<ManifestReader.Document> documents = new ArrayList<>();
        for (String doc : read(file).split("(?m)^---\\s*$")) {
            try {
                documents.addAll(reader.read(doc, file.toString()));
            } catch (Exception e) {
                // a document the reader refuses is not judged, as in RealWorldTest
            }
        }
        return new Auditor(new Engine(Policy.defaults(), RuleCatalog.all())).audit(documents, null);
    }

    /** Every real-world deployment's manifests, by folder name. */
    static List<Path> realWorld() {
        try (Stream<Path> list = Files.list(REALWORLD)) {
            return list.filter(Files::isDirectory).map(p -> p.resolve("manifests.yaml")).filter(Files::isRegularFile).sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The CRD of {@code kind} in {@code api}, as the file holds it. */
    public static JsonNode crd(Api api, boolean cluster) {
        String plural = cluster ? api.clusterPlural() : api.plural();
        try {
            return YAML.readTree(CRDS.resolve(api.group() + "_" + plural + ".yaml").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The version of the CRD django-guard writes, as a JSON Schema: its openAPIV3Schema, strict about unknown fields. */
    static JsonSchema schema(Api api, boolean cluster) {
        JsonNode crd = crd(api, cluster);
        for (JsonNode v : crd.at("/spec/versions")) {
            if (api.version().equals(v.path("name").asText())) {
                JsonNode open = v.at("/schema/openAPIV3Schema").deepCopy();
                strict(open);
                return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(open);
            }
        }
        throw new IllegalStateException(api.apiVersion() + " is not in the CRD");
    }

    /**
     * The openAPIV3Schema as a draft-4 JSON Schema: the x-kubernetes-* extensions removed, and every object that lists its
     * properties closed to others, because the API server prunes an unknown field without a word (a result's
     * {@code status} where v1alpha2 says {@code result} would vanish, not fail).
     */
    static void strict(JsonNode node) {
        if (node instanceof ObjectNode o) {
            Iterator<Map.Entry<String, JsonNode>> it = o.fields();
            List<String> extensions = new ArrayList<>();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getKey().startsWith("x-kubernetes-")) {
                    extensions.add(e.getKey());
                }
            }
            extensions.forEach(o::remove);
            if (o.has("properties") && o.get("properties").isObject() && !o.has("additionalProperties")) {
                o.put("additionalProperties", false);
                o.get("properties").forEach(PolicyReportAudits::strict);
            } else {
                o.forEach(PolicyReportAudits::strict);
            }
        } else if (node instanceof ArrayNode a) {
            a.forEach(PolicyReportAudits::strict);
        }
    }
}
