package io.djangoguard.audit;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.constructor.StandardConstructor;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;

/**
 * Reads manifests in the shapes people have them: multi-document YAML (comments, anchors, merge
 * keys), a JSON object, a JSON array, or a List ({@code v1/List}, {@code *List}), nested lists
 * flattened. Either every document is read or the whole input is refused.
 */
public final class ManifestReader {

    public record Document(HasMetadata object, Origin origin) {
    }

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private static final JsonFactory JSON = MAPPER.getFactory();

    private final int maxCodePoints;

    public ManifestReader(int maxCodePoints) {
        this.maxCodePoints = maxCodePoints;
    }

    public List<Document> read(String text, String file) throws UnreadableManifest {
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1); // a byte order mark, as some editors on Windows write
        }
        List<Document> out = new ArrayList<>();
        if (looksLikeJson(text)) {
            readJson(text, file, out);
        } else {
            readYaml(text, file, out);
        }
        return out;
    }

    private static boolean looksLikeJson(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!Character.isWhitespace(c) && c != '\uFEFF') {
                return c == '{' || c == '[';
            }
        }
        return false;
    }

    private void readYaml(String text, String file, List<Document> out) throws UnreadableManifest {
        LoadSettings settings = LoadSettings.builder().setLabel(file == null ? "request" : file)
                .setAllowDuplicateKeys(false).setMaxAliasesForCollections(100).setCodePointLimit(maxCodePoints)
                .setUseMarks(true).build();
        int document = 0;
        int line = 0;
        try {
            Iterator<Node> nodes = new Compose(settings).composeAllFromString(text).iterator();
            // Counted before parsing, so an error names the document it is in.
            while (++document > 0 && nodes.hasNext()) {
                Node node = nodes.next();
                line = node.getStartMark().map(m -> m.getLine() + 1).orElse(0);
                Object value = new StandardConstructor(settings).constructSingleDocument(Optional.of(node));
                add(mergeKeys(value), file, document, line, out);
            }
        } catch (MarkedYamlEngineException e) {
            // getProblem() says what is wrong without the quoted snippet getMessage() carries.
            int at = e.getProblemMark().map(m -> m.getLine() + 1).orElse(line);
            throw new UnreadableManifest(file, document, at, "YAML could not be parsed: " + e.getProblem());
        } catch (YamlEngineException e) {
            throw new UnreadableManifest(file, document, 0, "YAML could not be parsed: " + safe(e.getMessage()));
        }
    }

    private void readJson(String text, String file, List<Document> out) throws UnreadableManifest {
        int document = 0;
        try (JsonParser p = JSON.createParser(text)) {
            JsonToken first = p.nextToken();
            if (first == JsonToken.START_ARRAY) {
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    document++;
                    int line = p.currentTokenLocation().getLineNr();
                    add(MAPPER.readTree(p), file, document, line, out);
                }
            } else {
                document = 1;
                int line = p.currentTokenLocation().getLineNr();
                add(MAPPER.readTree(p), file, 1, line, out);
            }
            if (p.nextToken() != null) {
                throw new UnreadableManifest(file, 0, p.currentTokenLocation().getLineNr(),
                        "JSON has more after its first value (send several objects as a JSON array or YAML documents)");
            }
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new UnreadableManifest(file, Math.max(document, 1), line, "JSON could not be parsed");
        } catch (java.io.IOException e) {
            throw new UnreadableManifest(file, 0, 0, "JSON could not be read");
        }
    }

    /**
     * YAML 1.1 merge keys ({@code <<: *defaults}), which kubectl and Helm accept: the merged
     * mapping's keys are added where the mapping does not set them itself.
     */
    @SuppressWarnings("unchecked")
    static Object mergeKeys(Object value) {
        if (value instanceof Map<?, ?> raw) {
            Map<Object, Object> map = (Map<Object, Object>) raw;
            Object merge = map.remove("<<");
            for (Map.Entry<Object, Object> e : map.entrySet()) {
                e.setValue(mergeKeys(e.getValue()));
            }
            if (merge != null) {
                List<Object> sources = merge instanceof List<?> l ? (List<Object>) l : List.of(merge);
                for (Object source : sources) {
                    if (source instanceof Map<?, ?> m) {
                        ((Map<Object, Object>) mergeKeys(m)).forEach(map::putIfAbsent);
                    }
                }
            }
            return map;
        }
        if (value instanceof List<?> raw) {
            List<Object> list = (List<Object>) raw;
            list.replaceAll(ManifestReader::mergeKeys);
            return list;
        }
        return value;
    }

    /** Adds one document, flattening Lists; empty documents (only comments, a lone ---) are no objects. */
    private void add(Object value, String file, int document, int line, List<Document> out) throws UnreadableManifest {
        JsonNode node = value instanceof JsonNode j ? j : MAPPER.valueToTree(value);
        if (node == null || node.isNull() || node.isMissingNode()) {
            return;
        }
        if (!node.isObject()) {
            throw new UnreadableManifest(file, document, line, "is not a Kubernetes object (a mapping with apiVersion and kind)");
        }
        String kind = node.path("kind").asText("");
        if (kind.isEmpty()) {
            throw new UnreadableManifest(file, document, line, "has no kind");
        }
        if (node.path("apiVersion").asText("").isEmpty()) {
            throw new UnreadableManifest(file, document, line, kind + " has no apiVersion");
        }
        if (kind.endsWith("List") && node.has("items")) {
            JsonNode items = node.get("items");
            if (!items.isArray()) {
                throw new UnreadableManifest(file, document, line, kind + ".items is not a list");
            }
            for (JsonNode item : items) {
                add(item, file, document, line, out);
            }
            return;
        }
        HasMetadata object;
        try {
            object = (HasMetadata) MAPPER.treeToValue(node, KubernetesResource.class);
        } catch (JsonProcessingException | IllegalArgumentException | ClassCastException e) {
            // Jackson's message would quote the value that did not fit: name only the object.
            throw new UnreadableManifest(file, document, line, kind + " " + nameOf(node) + " does not match the "
                    + node.path("apiVersion").asText() + " " + kind + " schema");
        }
        out.add(new Document(object, new Origin(file == null ? "request" : file, document, line)));
    }

    private static String nameOf(JsonNode node) {
        String name = node.path("metadata").path("name").asText("");
        return name.isEmpty() ? "(unnamed)" : "\"" + name + "\"";
    }

    private static String safe(String message) {
        if (message == null) {
            return "unknown problem";
        }
        int nl = message.indexOf('\n');
        return nl >= 0 ? message.substring(0, nl) : message;
    }

}
