package io.djangoguard.properties;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.djangoguard.properties.PodTemplates.ManifestSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Hostile YAML and JSON for the manifest reader, each with a planted marker: manifests edited
 * (truncated, tabs, CRLF, a byte order mark, duplicate and junk lines, tags on the planted value),
 * random bytes, token soup, nesting up to a few hundred levels, anchors, aliases and merge keys
 * with a modest expansion, huge scalars of a few hundred KB, YAML directives.
 *
 * <p>Modest on purpose: alias bombs and thousands of levels are in {@link ManifestLimitsPropertiesTest}.
 */
final class HostileText {

    /** Stands for the marker in templates; replaced when the case is made. */
    static final String M = "\u0000MARKER\u0000";

    private HostileText() {
    }

    /** A hostile input, the marker planted in it, and what made it. */
    record Hostile(String label, String text, String marker) {
        @Override
        public String toString() {
            return label + ", " + text.length() + " characters, marker " + marker + ":\n" + visible(Trees.shortened(text, 3000));
        }
    }

    /** Control characters spelt out, so a counterexample can be read (and copied). */
    static String visible(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\n') {
                b.append("\\n\n");
            } else if (c == '\t') {
                b.append("\\t");
            } else if (c == '\r') {
                b.append("\\r");
            } else if (c < 0x20 || c == 0x7f || c == '\ufeff' || (c >= 0x80 && c < 0xa0) || c == '\u2028' || c == '\u2029') {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    // ---- edits of a whole text ----

    sealed interface Edit permits Truncate, FlipChar, InsertLine, DuplicateLine, DeleteLine, Tabs, Crlf, Bom {
    }

    record Truncate(int permille) implements Edit {
    }

    record FlipChar(int pick, char to) implements Edit {
    }

    record InsertLine(int pick, String line) implements Edit {
        @Override
        public String toString() {
            return "InsertLine[" + pick + ", " + visible(line.replace(M, "<marker>")) + "]";
        }
    }

    record DuplicateLine(int pick) implements Edit {
    }

    record DeleteLine(int pick) implements Edit {
    }

    record Tabs(int pick) implements Edit {
    }

    record Crlf() implements Edit {
    }

    record Bom() implements Edit {
    }

    /** Lines YAML readers trip on; many carry the marker as a value, under a tag or half quoted. */
    static final List<String> JUNK_LINES = List.of(
            "  secret: !!int " + M, "  secret: !!float " + M, "  secret: !!binary " + M, "  secret: !!bool " + M,
            "  secret: !!timestamp " + M, "  secret: !!null " + M, "  secret: !!str " + M, "  secret: !custom " + M,
            "  secret: !<tag:yaml.org,2002:int> " + M, "  secret: !!binary ====", "  secret: !!int 0x_",
            "  secret: !!float .inf", "  secret: !!set {a, b}", "  secret: !!omap [a: 1]", "  secret: !!pairs [a: 1]",
            "  secret: !" + M, "  secret: *" + M, "  secret: &" + M, "  value: !" + M,
            "  secret: &anchor " + M, "  secret: *anchor", "  secret: *undefined", "  <<: *anchor", "  <<: " + M,
            "  <<: [" + M + "]", "  secret: '" + M, "  secret: \"" + M, "  secret: \"" + M + "\\q\"", "  secret: " + M + ": x",
            "  secret: [" + M, "  secret: {" + M, "  secret: |\n    " + M, "  secret: >-\n  " + M, "- " + M, M,
            "~: " + M, "null: " + M, "1: " + M, "true: " + M, "? [a, b]\n: " + M, "? {a: b}\n: " + M, "[a]: " + M,
            "  secret: @" + M, "  secret: `" + M, "\t- " + M, "%YAML 1.1", "%TAG ! tag:example.com,2000:", "---", "...",
            "--- " + M, "--- |\n  " + M, "kind: List", "items: " + M, "apiVersion:", "kind: " + "x".repeat(300),
            "  secret: " + "\\u0000", "  secret: \"\\u0000\\ud800\"", "\u0085", "\u2028", "\ufeff", "#" + M);

    static Arbitrary<Edit> edits() {
        Arbitrary<Integer> pick = Arbitraries.integers().between(0, 100_000);
        return Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.integers().between(0, 999).map(Truncate::new)),
                Tuple.of(3, Combinators.combine(pick, Arbitraries.of(':', '-', ' ', '\t', '"', '\'', '[', ']', '{', '}', '&', '*',
                        '!', '|', '>', '%', '@', '`', '#', ',', '?', '\n', '\r', '\u0000', '\u00e9', '\ufeff')).as(FlipChar::new)),
                Tuple.of(4, Combinators.combine(pick, Arbitraries.of(JUNK_LINES)).as(InsertLine::new)),
                Tuple.of(2, pick.map(DuplicateLine::new)),
                Tuple.of(1, pick.map(DeleteLine::new)),
                Tuple.of(1, pick.map(Tabs::new)),
                Tuple.of(1, Arbitraries.just(new Crlf())),
                Tuple.of(1, Arbitraries.just(new Bom())));
    }

    static String apply(String text, List<Edit> edits) {
        for (Edit e : edits) {
            List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
            int line = 0;
            if (e instanceof InsertLine i) {
                line = i.pick() % (lines.size() + 1);
                lines.add(line, i.line());
                text = String.join("\n", lines);
            } else if (e instanceof DuplicateLine d) {
                line = d.pick() % lines.size();
                lines.add(line, lines.get(line));
                text = String.join("\n", lines);
            } else if (e instanceof DeleteLine d) {
                lines.remove(d.pick() % lines.size());
                text = String.join("\n", lines);
            } else if (e instanceof Tabs t) {
                line = t.pick() % lines.size();
                lines.set(line, lines.get(line).replaceFirst("^  ", "\t"));
                text = String.join("\n", lines);
            } else if (e instanceof Truncate t) {
                text = text.substring(0, (int) ((long) text.length() * t.permille() / 1000));
            } else if (e instanceof FlipChar f && !text.isEmpty()) {
                int at = f.pick() % text.length();
                text = text.substring(0, at) + f.to() + text.substring(at + 1);
            } else if (e instanceof Crlf) {
                text = text.replace("\n", "\r\n");
            } else if (e instanceof Bom) {
                text = "\uFEFF" + text;
            }
        }
        return text;
    }

    // ---- the kinds of hostile input ----

    /** Generated manifests, the secret key planted in them, written as YAML or JSON, then edited. */
    static Arbitrary<Hostile> editedManifests() {
        Arbitrary<Plants.Plant> plants = Plants.plants(Plants.SECRET_KEY_VARIABLES,
                List.of(Plants.Placement.ENV_VALUE, Plants.Placement.CONFIG_MAP_DATA, Plants.Placement.DOTENV_LINE,
                        Plants.Placement.KEY_FILE_ON_CONFIG_MAP_VOLUME), List.of("%s"));
        return Combinators.combine(PodTemplates.manifestSets(), plants, Planted.markers(), Arbitraries.of("yaml", "json", "json-list"),
                edits().list().ofMinSize(1).ofMaxSize(4)).as((set, plant, marker, format, edits) -> {
                    ManifestSet planted = Plants.apply(set, plant, marker);
                    String text = switch (format) {
                        case "json" -> Trees.json(planted.objects());
                        case "json-list" -> Trees.json(Trees.map("apiVersion", "v1", "kind", "List", "items", planted.objects()));
                        default -> planted.yaml();
                    };
                    String edited = apply(text, edits).replace(M, marker);
                    return new Hostile(format + " manifests, " + plant + ", edited by " + edits, edited, marker);
                });
    }

    static Arbitrary<Hostile> randomBytes() {
        return Combinators.combine(Arbitraries.bytes().array(byte[].class).ofMaxSize(2_000), Planted.markers(),
                Arbitraries.integers().between(0, 2_000)).as((bytes, marker, at) -> {
                    String s = new String(bytes, StandardCharsets.UTF_8);
                    int i = Math.min(at, s.length());
                    return new Hostile("random bytes", s.substring(0, i) + "\nsecret: " + marker + "\n" + s.substring(i), marker);
                });
    }

    static Arbitrary<Hostile> tokenSoup() {
        Arbitrary<String> tokens = Arbitraries.of("a", "kind", "apiVersion", "v1", "ConfigMap", "data", "metadata", "name",
                ":", ": ", "-", "- ", " ", "  ", "\n", "\n  ", "\t", "[", "]", "{", "}", ",", "&a ", "*a", "<<", "!!", "!x ", "|",
                ">", "'", "\"", "#", "?", "%", "@", "`", "---", "...", "~", "null", "0", "\\", "\u00e9", "\ufeff", "\r", M);
        return Combinators.combine(tokens.list().ofMaxSize(200), Planted.markers()).as((t, marker) ->
                new Hostile("token soup", String.join("", t).replace(M, marker), marker));
    }

    enum Nesting { BLOCK_MAPPINGS, BLOCK_SEQUENCES, FLOW_SEQUENCES, FLOW_MAPPINGS, MIXED, JSON_ARRAYS }

    /** {@code depth} levels of one shape with the marker at the bottom, under a document's spec or as the whole text. */
    static String nested(Nesting shape, int depth, boolean underSpec) {
        StringBuilder b = new StringBuilder();
        String bottom = "\"" + M + "\"";
        switch (shape) {
            case BLOCK_MAPPINGS -> {
                for (int i = 0; i < depth; i++) {
                    b.append("  ".repeat(i + 1)).append("k:\n");
                }
                b.append("  ".repeat(depth + 1)).append(bottom).append('\n');
            }
            case BLOCK_SEQUENCES -> {
                b.append("  ");
                for (int i = 0; i < depth; i++) {
                    b.append("- ");
                }
                b.append(bottom).append('\n');
            }
            case FLOW_SEQUENCES, JSON_ARRAYS -> b.append(" ").append("[".repeat(depth)).append(bottom).append("]".repeat(depth));
            case FLOW_MAPPINGS -> b.append(" ").append("{k: ".repeat(depth)).append(bottom).append("}".repeat(depth));
            case MIXED -> {
                b.append(" ");
                for (int i = 0; i < depth; i++) {
                    b.append(i % 2 == 0 ? "[" : "{k: ");
                }
                b.append(bottom);
                for (int i = depth - 1; i >= 0; i--) {
                    b.append(i % 2 == 0 ? "]" : "}");
                }
            }
        }
        String body = b.toString();
        if (shape == Nesting.JSON_ARRAYS) {
            return underSpec ? "{\"apiVersion\": \"example.com/v1\", \"kind\": \"Deep\", \"metadata\": {\"name\": \"deep\"}, \"spec\":"
                    + body + "}" : body.strip();
        }
        boolean block = shape == Nesting.BLOCK_MAPPINGS || shape == Nesting.BLOCK_SEQUENCES;
        return underSpec ? "apiVersion: example.com/v1\nkind: Deep\nmetadata:\n  name: deep\nspec:" + (block ? "\n" : "") + body
                : body.strip();
    }

    /** Nesting up to a few hundred levels, which a reader must take or refuse without a stack overflow. */
    static Arbitrary<Hostile> nesting(int maxDepth) {
        return Combinators.combine(Arbitraries.of(Nesting.values()), Arbitraries.integers().between(1, maxDepth),
                Arbitraries.of(true, false), Planted.markers()).as((shape, depth, underSpec, marker) ->
                new Hostile(depth + " levels of " + shape + (underSpec ? " under spec" : ""),
                        nested(shape, depth, underSpec).replace(M, marker), marker));
    }

    /**
     * Anchors and aliases, {@code levels} deep and {@code width} wide (width^levels leaves), and a
     * chain of merge keys, under a document's spec, or merged into a ConfigMap's data.
     */
    static String aliases(int levels, int width, boolean mergeIntoData) {
        StringBuilder b = new StringBuilder();
        if (mergeIntoData) {
            b.append("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: merged\n");
            b.append("defaults: &d0\n  DJANGO_SECRET_KEY: \"").append(M).append("\"\n  DJANGO_DEBUG: \"False\"\n");
            for (int i = 1; i < levels; i++) {
                b.append("more").append(i).append(": &d").append(i).append("\n  <<: [");
                for (int w = 0; w < width; w++) {
                    b.append(w == 0 ? "" : ", ").append("*d").append(i - 1);
                }
                b.append("]\n  KEY_").append(i).append(": \"v\"\n");
            }
            b.append("data:\n  <<: *d").append(levels - 1).append("\n  DJANGO_SETTINGS_MODULE: shop.settings\n");
        } else {
            b.append("apiVersion: example.com/v1\nkind: Aliased\nmetadata:\n  name: aliased\nspec:\n");
            b.append("  l0: &l0 [\"").append(M).append("\"]\n");
            for (int i = 1; i < levels; i++) {
                b.append("  l").append(i).append(": &l").append(i).append(" [");
                for (int w = 0; w < width; w++) {
                    b.append(w == 0 ? "" : ", ").append("*l").append(i - 1);
                }
                b.append("]\n");
            }
        }
        return b.toString();
    }

    static Arbitrary<Hostile> aliases() {
        return Combinators.combine(Arbitraries.integers().between(1, 4), Arbitraries.integers().between(1, 5), Arbitraries.of(true, false),
                Planted.markers(), edits().list().ofMaxSize(2)).as((levels, width, merge, marker, edits) ->
                new Hostile(levels + " levels of " + width + " aliases" + (merge ? " merged into data" : "") + ", edited by " + edits,
                        apply(aliases(levels, width, merge), edits).replace(M, marker), marker));
    }

    /** A ConfigMap with one value of a few hundred KB, plain, quoted or a literal block, the marker inside. */
    static Arbitrary<Hostile> hugeScalars() {
        return Combinators.combine(Arbitraries.integers().between(10_000, 400_000), Arbitraries.of("plain", "double", "literal", "json"),
                Planted.markers(), Arbitraries.of(true, false)).as((size, style, marker, truncated) -> {
                    String filler = "ab ".repeat(size / 3);
                    String value = filler + marker + filler;
                    String text = switch (style) {
                        case "double" -> "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: huge}\ndata:\n  DJANGO_SECRET_KEY: \"" + value + "\"\n";
                        case "literal" -> "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: huge}\ndata:\n  DJANGO_SECRET_KEY: |\n    " + value + "\n";
                        case "json" -> "{\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\", \"metadata\": {\"name\": \"huge\"}, \"data\": "
                                + "{\"DJANGO_SECRET_KEY\": \"" + value + "\"}}";
                        default -> "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: huge}\ndata:\n  DJANGO_SECRET_KEY: " + value + "\n";
                    };
                    if (truncated) {
                        text = text.substring(0, text.length() / 2 + marker.length());
                    }
                    return new Hostile("a " + value.length() + "-character " + style + " scalar" + (truncated ? ", truncated" : ""),
                            text, marker);
                });
    }

    /** Every kind, weighted so that 1,000 tries take seconds. */
    static Arbitrary<Hostile> any() {
        return Arbitraries.frequencyOf(
                Tuple.of(10, editedManifests()),
                Tuple.of(2, randomBytes()),
                Tuple.of(3, tokenSoup()),
                Tuple.of(2, nesting(300)),
                Tuple.of(3, aliases()),
                Tuple.of(1, hugeScalars()));
    }
}
