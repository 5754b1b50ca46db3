package io.djangoguard.report;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;

/**
 * The values in a file of manifests that no report may hold: every Secret's data (as written and decoded) and
 * stringData, and the value of every environment variable or ConfigMap key whose name says it is a secret. Short
 * values (under 9 characters) are left out: "True", "5432" or "password" (the catalog says "password-reset links") is
 * in many a report for other reasons.
 */
final class SecretValues {

    private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(SECRET|PASSWORD|PASSWD|TOKEN|_KEY|APIKEY).*");
    private static final int SHORTEST = 9;

    private SecretValues() {
    }

    static List<String> of(String manifests) throws java.io.IOException {
        List<String> found = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (String doc : manifests.split("(?m)^---\\s*$")) {
            try (MappingIterator<JsonNode> it = PolicyReportAudits.YAML.readerFor(JsonNode.class).readValues(doc)) {
                while (it.hasNext()) {
                    JsonNode object = it.next();
                    walk(object, found);
                    names(object, names);
                }
            } catch (RuntimeException | java.io.IOException e) {
                // a document YAML cannot read holds nothing the audit could have read either
            }
        }
        // a value that is (part of) a name in the manifests, a database host "release-name-postgresql" that is also a
        // Service's name, is written into a report as that name
        return found.stream().filter(v -> v.strip().length() >= SHORTEST && !v.contains("$("))
                .filter(v -> names.stream().noneMatch(n -> n.contains(v.strip()))).distinct().toList();
    }

    /** Every object's, container's and namespace's name. */
    private static void names(JsonNode node, List<String> into) {
        if (node.isObject()) {
            for (String key : List.of("name", "namespace")) {
                if (node.path(key).isTextual()) {
                    into.add(node.get(key).asText());
                }
            }
            node.forEach(child -> names(child, into));
        } else if (node.isArray()) {
            node.forEach(child -> names(child, into));
        }
    }

    private static void walk(JsonNode node, List<String> found) {
        if (node == null) {
            return;
        }
        if (node.isObject()) {
            String kind = node.path("kind").asText("");
            if (kind.equals("Secret")) {
                node.path("stringData").forEach(v -> found.add(v.asText()));
                node.path("data").forEach(v -> {
                    found.add(v.asText());
                    try {
                        found.add(new String(Base64.getDecoder().decode(v.asText().strip()), StandardCharsets.UTF_8));
                    } catch (IllegalArgumentException e) {
                        // not base64: the text is enough
                    }
                });
            } else if (kind.equals("ConfigMap")) {
                node.path("data").fields().forEachRemaining(e -> {
                    if (SECRET_NAME.matcher(e.getKey()).matches()) {
                        found.add(e.getValue().asText());
                    }
                });
            }
            if (node.has("name") && node.has("value") && node.get("value").isValueNode()
                    && SECRET_NAME.matcher(node.get("name").asText()).matches()) {
                found.add(node.get("value").asText());
            }
            node.forEach(child -> walk(child, found));
        } else if (node.isArray()) {
            node.forEach(child -> walk(child, found));
        }
    }
}
