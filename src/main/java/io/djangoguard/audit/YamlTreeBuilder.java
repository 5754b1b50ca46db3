package io.djangoguard.audit;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.common.Anchor;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.events.AliasEvent;
import org.snakeyaml.engine.v2.events.CollectionStartEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.ScalarEvent;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Turns a YAML stream into one Jackson tree per document straight from snakeyaml-engine's events, with
 * an explicit stack instead of recursion (nesting can never overflow the Java stack) and within
 * {@link ManifestReader.Limits}: an alias or merge key costs what it expands to each time it is used, so
 * a few hundred bytes cannot describe billions of nodes. Aliases share the subtree they name (the tree
 * is never copied), and nothing reads a finished subtree for more than the budget lets through.
 * <p>
 * Scalars mean what they mean to kubectl ({@link KubectlScalars}: YAML 1.1's, so {@code yes} is true and
 * {@code 0755} is 493); merge keys ({@code <<}, YAML 1.1, which kubectl and Helm accept) add the keys a mapping
 * does not set itself, in order; a key twice in one mapping is refused. One instance reads one input: it is not
 * thread-safe. The parser is snakeyaml-engine 3 (see pom.xml for why not the 2.10 fabric8 brings).
 */
final class YamlTreeBuilder {

    /** Receives each document's root (null for an empty document) as soon as the document ends. */
    interface DocumentSink {
        void accept(JsonNode root, int document, int line) throws UnreadableManifest;
    }

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String MERGE_KEY = "<<";
    /** Standard tags that only fit a scalar: on a list or mapping they are refused rather than ignored. */
    private static final Set<String> SCALAR_TAGS = Set.of("str", "int", "float", "bool", "null", "binary",
            "timestamp", "merge", "value");

    private final String file;
    private final ManifestReader.Limits limits;
    private final LoadSettings settings;

    /** Anchors of the current document (YAML scopes them to one document); a later one of the same name wins. */
    private final Map<Anchor, Anchored> anchors = new HashMap<>();
    private final ArrayDeque<Frame> stack = new ArrayDeque<>();
    /** Nodes and characters of scalar text so far, over all documents, as expanded. */
    private long nodes;
    private long characters;
    private int document;
    private boolean inDocument;
    private JsonNode root;
    private int rootLine;
    /** 1-based line of the event being handled. */
    private int line;

    YamlTreeBuilder(String file, ManifestReader.Limits limits) {
        this.file = file;
        this.limits = limits;
        this.settings = LoadSettings.builder().setLabel(file == null ? "request" : file)
                .setAllowDuplicateKeys(false).setCodePointLimit(limits.codePoints()).setUseMarks(true).build();
    }

    void read(String text, DocumentSink sink) throws UnreadableManifest {
        try {
            Iterator<Event> events = new Parse(settings).parseString(text).iterator();
            while (events.hasNext()) {
                Event event = events.next();
                line = event.getStartMark().map(m -> m.getLine() + 1).orElse(line);
                switch (event.getEventId()) {
                    case DocumentStart -> startDocument();
                    case DocumentEnd -> endDocument(sink);
                    case Scalar -> scalar((ScalarEvent) event);
                    case Alias -> alias((AliasEvent) event);
                    case SequenceStart -> startCollection((CollectionStartEvent) event, false);
                    case MappingStart -> startCollection((CollectionStartEvent) event, true);
                    case SequenceEnd, MappingEnd -> endCollection();
                    default -> {
                        // stream start and end; comments are not parsed
                    }
                }
            }
        } catch (MarkedYamlEngineException e) {
            // getProblem() says what is wrong without the quoted snippet getMessage() carries.
            int at = e.getProblemMark().map(m -> m.getLine() + 1).orElse(line);
            throw new UnreadableManifest(file, errorDocument(), at, "YAML could not be parsed: " + e.getProblem());
        } catch (YamlEngineException e) {
            throw new UnreadableManifest(file, errorDocument(), 0, "YAML could not be parsed: " + firstLine(e.getMessage()));
        }
    }

    // ---- a value's line, found again

    /**
     * The line a value of {@code document} is written on, for a message about it (trees keep no lines, so the
     * text is parsed again, only then): {@code path} leads from the document's root by keys, as JSON has them,
     * and list indices. Where the path runs into an alias, the alias's line; where it runs into a mapping that
     * does not have the next key itself, the line of that mapping's merge key (the value came from there), or 0.
     */
    int lineOf(String text, int document, List<Object> path) {
        int seen = 0;
        ArrayDeque<Place> open = new ArrayDeque<>();
        try {
            Iterator<Event> events = new Parse(settings).parseString(text).iterator();
            while (events.hasNext() && seen <= document) {
                Event event = events.next();
                Event.ID id = event.getEventId();
                if (id == Event.ID.DocumentStart) {
                    seen++;
                } else if (seen != document || id == Event.ID.DocumentEnd) {
                    continue;
                } else if (id == Event.ID.SequenceEnd || id == Event.ID.MappingEnd) {
                    Place done = open.pop();
                    if (done.onPath && done.depth < path.size()) {
                        return done.mergeLine;
                    }
                    if (!done.isKey && !open.isEmpty()) {
                        open.peek().next();
                    }
                } else if (id == Event.ID.Scalar || id == Event.ID.Alias || id == Event.ID.SequenceStart
                        || id == Event.ID.MappingStart) {
                    int at = event.getStartMark().map(m -> m.getLine() + 1).orElse(0);
                    boolean collection = id == Event.ID.SequenceStart || id == Event.ID.MappingStart;
                    Place parent = open.peek();
                    if (parent != null && parent.expectsKey()) {
                        parent.key = event instanceof ScalarEvent s ? keyOf(s) : Place.NOT_A_NAME;
                        parent.mergeLine = MERGE_KEY.equals(parent.key) ? at : parent.mergeLine;
                        if (collection) {
                            open.push(new Place(id == Event.ID.MappingStart, false, 0, true));
                        }
                        continue;
                    }
                    boolean onPath = parent == null || parent.leadsTo(path);
                    int depth = parent == null ? 0 : parent.depth + 1;
                    if (onPath && (depth == path.size() || id == Event.ID.Alias)) {
                        return at;
                    }
                    if (collection) {
                        open.push(new Place(id == Event.ID.MappingStart, onPath, depth, false));
                    } else if (parent != null) {
                        parent.next();
                    }
                }
            }
        } catch (YamlEngineException e) {
            // read() parsed this text already: nothing new can go wrong, and a line is only a help
        }
        return 0;
    }

    private static Object keyOf(ScalarEvent key) {
        try {
            String name = keyText(KubectlScalars.read(key.getValue(), key.getScalarStyle() == ScalarStyle.PLAIN, key.getTag()));
            return name == null ? Place.NOT_A_NAME : name;
        } catch (KubectlScalars.Refused e) {
            return Place.NOT_A_NAME;
        }
    }

    /** A list or mapping {@link #lineOf} is inside: where it is, and which entry comes next. */
    private static final class Place {
        static final Object NOT_A_NAME = new Object();
        final boolean mapping;
        final boolean onPath;
        /** How many steps of the path lead here. */
        final int depth;
        /** A list or mapping used as a key: no value of the path is inside it. */
        final boolean isKey;
        Object key;
        int index;
        int mergeLine;

        Place(boolean mapping, boolean onPath, int depth, boolean isKey) {
            this.mapping = mapping;
            this.onPath = onPath;
            this.depth = depth;
            this.isKey = isKey;
        }

        boolean expectsKey() {
            return mapping && key == null;
        }

        /** Whether the entry now being read is the path's next step. */
        boolean leadsTo(List<Object> path) {
            return onPath && depth < path.size() && path.get(depth).equals(mapping ? key : (Object) index);
        }

        void next() {
            if (mapping) {
                key = null;
            } else {
                index++;
            }
        }
    }

    // ---- documents

    private void startDocument() {
        document++;
        inDocument = true;
        root = null;
        rootLine = line;
        anchors.clear();
        stack.clear();
    }

    private void endDocument(DocumentSink sink) throws UnreadableManifest {
        inDocument = false;
        anchors.clear();
        sink.accept(root, document, rootLine);
        root = null;
    }

    /** A problem met between documents belongs to the next one (as the reader numbered them before). */
    private int errorDocument() {
        return inDocument ? document : document + 1;
    }

    // ---- nodes

    private void scalar(ScalarEvent event) throws UnreadableManifest {
        count(1, event.getValue().length());
        JsonNode value = construct(event);
        if (event.getAnchor().isPresent()) {
            Anchored anchored = new Anchored();
            anchored.complete(value, 1, event.getValue().length(), 0);
            anchors.put(event.getAnchor().get(), anchored);
        }
        deliver(value, 0, line, isMergeKeyTag(event.getTag()));
    }

    private void alias(AliasEvent event) throws UnreadableManifest {
        Anchored anchored = anchors.get(event.getAlias());
        if (anchored == null) {
            throw refused("an alias names an anchor that is not defined before it in this document");
        }
        if (anchored.value == null) {
            throw refused("an alias names a node that contains it (recursive aliases are refused)");
        }
        count(anchored.nodes, anchored.characters);
        checkDepth(stack.size() + anchored.height);
        deliver(anchored.value, anchored.height, line, false);
    }

    private void startCollection(CollectionStartEvent event, boolean mapping) throws UnreadableManifest {
        if (stack.peek() instanceof MappingFrame m && m.expectsKey()) {
            throw refused("a mapping key is a list or a mapping; keys must be text, numbers or booleans");
        }
        checkCollectionTag(event.getTag(), mapping);
        checkDepth(stack.size() + 1);
        count(1, 0);
        Frame frame = mapping ? new MappingFrame(NODES.objectNode()) : new SequenceFrame(NODES.arrayNode());
        frame.line = line;
        frame.nodesBefore = nodes - 1;
        frame.charactersBefore = characters;
        if (event.getAnchor().isPresent()) {
            frame.anchored = new Anchored();
            anchors.put(event.getAnchor().get(), frame.anchored);
        }
        stack.push(frame);
    }

    private void endCollection() throws UnreadableManifest {
        Frame frame = stack.pop();
        JsonNode value = frame.finish();
        int height = frame.childHeight + 1;
        if (frame.anchored != null) {
            frame.anchored.complete(value, nodes - frame.nodesBefore, characters - frame.charactersBefore, height);
        }
        deliver(value, height, frame.line, false);
    }

    /** Hands a finished node to the collection being built, or makes it the document's root. */
    private void deliver(JsonNode value, int height, int at, boolean mergeTag) throws UnreadableManifest {
        Frame parent = stack.peek();
        if (parent == null) {
            root = value;
            rootLine = at;
            return;
        }
        parent.childHeight = Math.max(parent.childHeight, height);
        if (parent instanceof SequenceFrame s) {
            s.array.add(value);
        } else {
            ((MappingFrame) parent).accept(value, mergeTag);
        }
    }

    // ---- budgets

    private void count(long addedNodes, long addedCharacters) throws UnreadableManifest {
        nodes += addedNodes;
        characters += addedCharacters;
        if (nodes > limits.nodes()) {
            throw refused("YAML expands beyond " + grouped(limits.nodes())
                    + " nodes (aliases and merge keys count each time they are used); split the input");
        }
        if (characters > limits.characters()) {
            throw refused("YAML expands beyond " + grouped(limits.characters())
                    + " characters of text (aliases and merge keys count each time they are used); split the input");
        }
    }

    private void checkDepth(int depth) throws UnreadableManifest {
        if (depth > limits.depth()) {
            throw refused("YAML nests deeper than " + grouped(limits.depth())
                    + " levels (an alias counts at the depth of what it names)");
        }
    }

    private UnreadableManifest refused(String problem) {
        return new UnreadableManifest(file, errorDocument(), line, problem);
    }

    static String grouped(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    // ---- scalars and tags

    /** What kubectl makes of the scalar (see {@link KubectlScalars}: YAML 1.1's booleans, octal and so on). */
    private JsonNode construct(ScalarEvent event) throws UnreadableManifest {
        try {
            return KubectlScalars.read(event.getValue(), event.getScalarStyle() == ScalarStyle.PLAIN, event.getTag());
        } catch (KubectlScalars.Refused e) {
            throw refused(e.getMessage());
        }
    }

    private void checkCollectionTag(Optional<String> explicit, boolean mapping) throws UnreadableManifest {
        if (explicit.isEmpty() || !explicit.get().startsWith(Tag.PREFIX)) {
            return; // none, "!", or an application's own tag: read by the node's kind
        }
        String name = explicit.get().substring(Tag.PREFIX.length());
        String kind = mapping ? "a mapping" : "a list";
        if (SCALAR_TAGS.contains(name) || name.equals(mapping ? "seq" : "map")) {
            throw refused("the tag !!" + name + " does not fit " + kind);
        }
    }

    private static boolean isMergeKeyTag(Optional<String> explicit) {
        return explicit.isPresent() && explicit.get().equals(Tag.MERGE.getValue());
    }

    // ---- the stack

    /** What an anchor names: null value while that node is still being built. */
    private static final class Anchored {
        JsonNode value;
        long nodes;
        long characters;
        int height;

        void complete(JsonNode value, long nodes, long characters, int height) {
            this.value = value;
            this.nodes = nodes;
            this.characters = characters;
            this.height = height;
        }
    }

    private abstract static class Frame {
        int line;
        long nodesBefore;
        long charactersBefore;
        /** Levels of lists and mappings below this one (0: none). */
        int childHeight;
        Anchored anchored;

        abstract JsonNode finish() throws UnreadableManifest;
    }

    private static final class SequenceFrame extends Frame {
        final ArrayNode array;

        SequenceFrame(ArrayNode array) {
            this.array = array;
        }

        @Override
        JsonNode finish() {
            return array;
        }
    }

    private final class MappingFrame extends Frame {
        final ObjectNode object;
        String key;
        boolean mergeKeyPending;
        boolean merged;
        final List<ObjectNode> merges = new ArrayList<>(0);

        MappingFrame(ObjectNode object) {
            this.object = object;
        }

        boolean expectsKey() {
            return key == null && !mergeKeyPending;
        }

        void accept(JsonNode value, boolean mergeTag) throws UnreadableManifest {
            if (expectsKey()) {
                acceptKey(value, mergeTag);
            } else if (mergeKeyPending) {
                mergeKeyPending = false;
                acceptMerge(value);
            } else {
                object.set(key, value);
                key = null;
            }
        }

        private void acceptKey(JsonNode value, boolean mergeTag) throws UnreadableManifest {
            String name = fieldName(value);
            if (mergeTag || (value.isTextual() && name.equals(MERGE_KEY))) {
                if (merged) {
                    throw refused("a mapping has two merge keys (<<); give one a list of mappings instead");
                }
                merged = true;
                mergeKeyPending = true;
            } else if (object.has(name)) {
                throw refused("a mapping has the same key twice");
            } else {
                key = name;
            }
        }

        /** {@code <<: *x} or {@code <<: [*x, *y]}; applied when the mapping ends, so its own keys win. */
        private void acceptMerge(JsonNode value) throws UnreadableManifest {
            if (value instanceof ObjectNode o) {
                merges.add(o);
                return;
            }
            if (value.isArray()) {
                for (JsonNode item : value) {
                    if (!(item instanceof ObjectNode o)) {
                        throw refused("a merge key (<<) takes a mapping or a list of mappings");
                    }
                    merges.add(o);
                }
                return;
            }
            throw refused("a merge key (<<) takes a mapping or a list of mappings");
        }

        @Override
        JsonNode finish() {
            // Earlier sources win over later ones, and the mapping's own keys over all (YAML 1.1 merge).
            for (ObjectNode source : merges) {
                for (Map.Entry<String, JsonNode> e : source.properties()) {
                    if (!object.has(e.getKey())) {
                        object.set(e.getKey(), e.getValue());
                    }
                }
            }
            return object;
        }

        private String fieldName(JsonNode key) throws UnreadableManifest {
            String name = keyText(key);
            if (name != null) {
                return name;
            }
            throw refused(key.isContainerNode() ? "a mapping key is a list or a mapping; keys must be text, numbers or booleans"
                    : "a mapping key is null or empty; keys must be text, numbers or booleans");
        }
    }

    /** As kubectl (sigs.k8s.io/yaml) turns keys into JSON's: text, numbers and booleans only (null for others). */
    private static String keyText(JsonNode key) {
        if (key.isTextual()) {
            return key.textValue();
        }
        if (key.isNumber()) {
            return KubectlScalars.keyOf(key);
        }
        return key.isBoolean() ? key.asText() : null;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unknown problem";
        }
        int nl = message.indexOf('\n');
        return nl >= 0 ? message.substring(0, nl) : message;
    }
}
