package io.djangoguard.audit;

import io.djangoguard.report.AuditReport;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.type.LogicalType;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;

/**
 * Reads manifests in the shapes people have them: multi-document YAML (comments, anchors, merge
 * keys), a JSON object, a JSON array, or a List ({@code v1/List}, {@code *List}), nested lists
 * flattened. Either every document is read or the whole input is refused.
 */
public final class ManifestReader {

    public record Document(HasMetadata object, AuditReport.Source origin) {
    }

    /**
     * What reading one input may cost, over all its documents: its length in code points; its nodes and
     * characters of scalar text as expanded (a YAML alias or merge key costs what it names each time it is
     * used, so a few hundred bytes cannot stand for billions of nodes); and how deep lists and mappings nest.
     */
    public record Limits(int codePoints, long nodes, long characters, int depth) {

        /**
         * The server's and the command line's. The CRDs of kube-prometheus-stack, the largest chart commonly
         * rendered (4.5 MB of YAML), are 92,000 nodes, 2.2 million characters of text and 27 levels deep.
         * 1,000,000 nodes is ten times that, and fewer than a 4 MiB body (the HTTP limit) can hold written out
         * plainly (about two million): aliases buy nothing that plain text could not. 16 Mi characters is seven
         * times that text; an alias shares its text rather than copying it, so text costs time, not memory.
         * 200 levels is seven times the deepest schema above; typed objects built from a tree that deep need
         * about 140 KiB of a thread's stack (measured; a thread has 1 MiB). 8 Mi code points is twice the body.
         */
        public static final Limits DEFAULTS = new Limits(8 * 1024 * 1024, 1_000_000, 16 * 1024 * 1024, 200);

        public Limits {
            if (codePoints < 1 || nodes < 1 || characters < 1 || depth < 1) {
                throw new IllegalArgumentException("every limit must be positive");
            }
        }
    }

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            // a null entry in a list is dropped, as at admission (see AdmissionReviewer)
            .setDefaultSetterInfo(com.fasterxml.jackson.annotation.JsonSetter.Value.forContentNulls(
                    com.fasterxml.jackson.annotation.Nulls.SKIP));

    static {
        // The API server decodes the JSON kubectl sends with Go's encoding/json, which converts no scalar into
        // another: a boolean or a number in a text field, text or a boolean in a number field, text or a number in
        // a boolean field are refused ("json: cannot unmarshal bool into Go struct field ConfigMap.data of type
        // string"; kubectl set env --local -f decodes the same way). Jackson would convert them, and a file kubectl
        // cannot apply would be judged with values it never has: an unquoted DEBUG: yes (true to kubectl, see
        // KubectlScalars) as "true", a quoted "0644" mode as 644.
        refuse(LogicalType.Textual, CoercionInputShape.Boolean, CoercionInputShape.Integer, CoercionInputShape.Float);
        refuse(LogicalType.Integer, CoercionInputShape.String, CoercionInputShape.Boolean);
        refuse(LogicalType.Float, CoercionInputShape.String, CoercionInputShape.Boolean);
        refuse(LogicalType.Boolean, CoercionInputShape.String, CoercionInputShape.Integer, CoercionInputShape.Float);
    }

    private static void refuse(LogicalType field, CoercionInputShape... values) {
        for (CoercionInputShape value : values) {
            MAPPER.coercionConfigFor(field).setCoercion(value, CoercionAction.Fail);
        }
    }

    /** Where a value of a document is written: its line, or 0 when that cannot be told. */
    private interface Lines {
        int lineOf(int document, List<Object> path);
    }

    private final Limits limits;
    /** Refuses JSON deeper than the limit while it is parsed, before a tree is built. */
    private final JsonFactory json;

    public ManifestReader(Limits limits) {
        this.limits = limits;
        this.json = JsonFactory.builder().streamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(limits.depth()).build()).build();
    }

    public List<Document> read(String text, String file) throws UnreadableManifest {
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1); // a byte order mark, as some editors on Windows write
        }
        if (text.length() > limits.codePoints() && text.codePointCount(0, text.length()) > limits.codePoints()) {
            throw new UnreadableManifest(file, 0, 0, "the input is longer than "
                    + YamlTreeBuilder.grouped(limits.codePoints()) + " characters");
        }
        List<Document> out = new ArrayList<>();
        if (looksLikeJson(text)) {
            readJson(text, file, out);
        } else {
            YamlTreeBuilder yaml = new YamlTreeBuilder(file, limits);
            String parsed = text;
            Lines lines = (document, path) -> yaml.lineOf(parsed, document, path);
            yaml.read(text, (root, document, line) -> add(root, new Where(file, document, line, lines, List.of()), out));
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

    private void readJson(String text, String file, List<Document> out) throws UnreadableManifest {
        int document = 0;
        long nodes = 0;
        try (JsonParser p = json.createParser(text)) {
            try {
                JsonToken first = p.nextToken();
                if (first == JsonToken.START_ARRAY) {
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        document++;
                        int line = p.currentTokenLocation().getLineNr();
                        JsonNode node = MAPPER.readTree(p);
                        nodes = countJson(node, nodes, file, document, line);
                        add(node, new Where(file, document, line, JSON_LINES, List.of()), out);
                    }
                } else {
                    document = 1;
                    int line = p.currentTokenLocation().getLineNr();
                    JsonNode node = MAPPER.readTree(p);
                    countJson(node, nodes, file, document, line);
                    add(node, new Where(file, 1, line, JSON_LINES, List.of()), out);
                }
                if (p.nextToken() != null) {
                    throw new UnreadableManifest(file, 0, p.currentTokenLocation().getLineNr(),
                            "JSON has more after its first value (send several objects as a JSON array or YAML documents)");
                }
            } catch (StreamConstraintsException e) {
                // Carries no location of its own: where the parser stopped is where the limit was passed.
                boolean depth = String.valueOf(e.getMessage()).startsWith("Document nesting depth");
                throw new UnreadableManifest(file, Math.max(document, 1), p.currentLocation().getLineNr(), depth
                        ? "JSON nests deeper than " + YamlTreeBuilder.grouped(limits.depth()) + " levels"
                        : "JSON could not be parsed: a value is longer than the parser allows");
            }
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new UnreadableManifest(file, Math.max(document, 1), line, "JSON could not be parsed");
        } catch (java.io.IOException e) {
            throw new UnreadableManifest(file, 0, 0, "JSON could not be read");
        }
    }

    /**
     * Adds a JSON document's nodes (values and keys, as YAML's are counted) to those before it. JSON has no
     * aliases, so its tree is no larger than its text; counted once it is built.
     */
    private long countJson(JsonNode root, long before, String file, int document, int line) throws UnreadableManifest {
        long nodes = before;
        ArrayDeque<JsonNode> pending = new ArrayDeque<>();
        pending.push(root);
        while (!pending.isEmpty()) {
            JsonNode node = pending.pop();
            nodes += node.isObject() ? 1 + node.size() : 1;
            if (nodes > limits.nodes()) {
                throw new UnreadableManifest(file, document, line, "JSON has more than "
                        + YamlTreeBuilder.grouped(limits.nodes()) + " nodes; split the input");
            }
            node.forEach(pending::push);
        }
        return nodes;
    }

    /** JSON trees keep no lines: a value's problem is told at its document's. */
    private static final Lines JSON_LINES = (document, path) -> 0;

    /** A document, the line it starts on, and the path from its root to the object being added (a List's items). */
    private record Where(String file, int document, int line, Lines lines, List<Object> path) {

        Where item(int index) {
            List<Object> inside = new ArrayList<>(path);
            inside.add("items");
            inside.add(index);
            return new Where(file, document, line, lines, inside);
        }

        UnreadableManifest refused(String problem) {
            return new UnreadableManifest(file, document, line, problem);
        }

        /** At the line of the value {@code inObject} leads to, where it can be told, else the document's. */
        UnreadableManifest refusedAt(List<Object> inObject, String problem) {
            List<Object> full = new ArrayList<>(path);
            full.addAll(inObject);
            int at = lines.lineOf(document, full);
            return new UnreadableManifest(file, document, at > 0 ? at : line, problem);
        }
    }

    /** Adds one document, flattening Lists; empty documents (only comments, a lone ---) are no objects. */
    private void add(JsonNode node, Where where, List<Document> out) throws UnreadableManifest {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return;
        }
        if (!node.isObject()) {
            throw where.refused("is not a Kubernetes object (a mapping with apiVersion and kind)");
        }
        String kind = node.path("kind").asText("");
        if (kind.isEmpty()) {
            throw where.refused("has no kind");
        }
        // the kind is quoted back only when it looks like one: a document is anyone's text, a secret included
        String shownKind = kind.length() <= 63 && kind.matches("[A-Za-z][A-Za-z0-9]*") ? kind : "an object whose kind is no Kubernetes kind";
        if (node.path("apiVersion").asText("").isEmpty()) {
            throw where.refused(shownKind + " has no apiVersion");
        }
        if (kind.endsWith("List") && node.has("items")) {
            JsonNode items = node.get("items");
            if (!items.isArray()) {
                throw where.refused(shownKind + ".items is not a list");
            }
            for (int i = 0; i < items.size(); i++) {
                add(items.get(i), where.item(i), out);
            }
            return;
        }
        HasMetadata object;
        try {
            object = (HasMetadata) MAPPER.treeToValue(node, KubernetesResource.class);
        } catch (MismatchedInputException e) {
            List<Object> path = pathOf(e);
            String mismatch = ValueMismatch.describe(node, path, e.getTargetType());
            if (mismatch != null) {
                throw where.refusedAt(path, shownKind + " " + nameOf(node) + ": " + mismatch);
            }
            throw where.refused(doesNotMatch(node, shownKind));
        } catch (JsonProcessingException | IllegalArgumentException | ClassCastException e) {
            throw where.refused(doesNotMatch(node, shownKind));
        }
        out.add(new Document(object, new AuditReport.Source(where.file() == null ? "request" : where.file(), where.document(),
                where.line())));
    }

    /** Jackson's message would quote the value that did not fit: name only the object. */
    private static String doesNotMatch(JsonNode node, String kind) {
        String apiVersion = node.path("apiVersion").asText();
        return kind + " " + nameOf(node) + " does not match the "
                + (apiVersion.length() <= 63 && apiVersion.matches("[a-z0-9.\\-/]+") ? apiVersion + " " : "") + kind + " schema";
    }

    /** Keys and list indices from the object's root to where Jackson stopped. */
    private static List<Object> pathOf(JsonMappingException e) {
        List<Object> path = new ArrayList<>();
        for (JsonMappingException.Reference r : e.getPath()) {
            path.add(r.getFieldName() != null ? r.getFieldName() : (Object) r.getIndex());
        }
        return path;
    }

    private static String nameOf(JsonNode node) {
        String name = node.path("metadata").path("name").asText("");
        if (!name.isEmpty() && !(name.length() <= 253 && name.matches("[A-Za-z0-9][A-Za-z0-9._:-]*"))) {
            return "(a name that is no Kubernetes name)";
        }
        return name.isEmpty() ? "(unnamed)" : "\"" + name + "\"";
    }
}
