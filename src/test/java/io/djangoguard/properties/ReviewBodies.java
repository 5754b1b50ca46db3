package io.djangoguard.properties;

import static io.djangoguard.properties.Trees.ABSENT;
import static io.djangoguard.properties.Trees.map;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * AdmissionReview bodies as the API server sends them, and the same spoilt: a field removed or
 * replaced by junk (nulls, numbers, deep nesting, huge strings), the text truncated, a byte order
 * mark, a duplicate key, a flipped character, trailing garbage, or random bytes instead.
 */
final class ReviewBodies {

    private ReviewBodies() {
    }

    /** One way of spoiling a review; {@code pick} chooses the place, modulo the places there are. */
    sealed interface Mangle permits Remove, Replace, NullInList, Truncate, ByteOrderMark, DuplicateKey, FlipChar, Trailing, RandomBytes {
    }

    record Remove(int pick) implements Mangle {
    }

    record Replace(int pick, Junk with) implements Mangle {
    }

    /** A list entry made null ({@code "containers": [null]}), as no API server sends but anyone can post. */
    record NullInList(int pick) implements Mangle {
    }

    record Truncate(int permille) implements Mangle {
    }

    record ByteOrderMark() implements Mangle {
    }

    record DuplicateKey(String key, String value) implements Mangle {
    }

    record FlipChar(int pick, char to) implements Mangle {
    }

    record Trailing(String text) implements Mangle {
    }

    record RandomBytes(byte[] bytes) implements Mangle {
        @Override
        public String toString() {
            return "RandomBytes(" + bytes.length + " bytes)";
        }
    }

    /** A JSON value where the schema expects something else; {@code toString} says what without printing it all. */
    record Junk(Object value, String description) {
        @Override
        public String toString() {
            return description;
        }
    }

    static Arbitrary<Junk> junk() {
        return Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.of(null, 0, -1, 1.5e308, true, "", "x", List.of(), Map.of(), "admission.k8s.io/v1",
                        "AdmissionReview", "CREATE", "DELETE", java.util.Arrays.asList("a", 1, null), Map.of("kind", "Deployment"))
                        .map(v -> new Junk(v, v == null ? "null" : Trees.json(v)))),
                Tuple.of(1, Arbitraries.integers().between(1, 990).map(d -> new Junk(nestedLists(d), d + " nested arrays"))),
                Tuple.of(1, Arbitraries.integers().between(1, 990).map(d -> new Junk(nestedMaps(d), d + " nested objects"))),
                Tuple.of(1, Arbitraries.integers().between(1_000, 300_000).map(n -> new Junk("y".repeat(n), "a " + n + "-character string"))),
                Tuple.of(1, Arbitraries.integers().between(1, 2_000).map(n -> {
                    List<Integer> l = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        l.add(i);
                    }
                    return new Junk(l, "a list of " + n + " numbers");
                })));
    }

    static Object nestedLists(int depth) {
        Object v = "bottom";
        for (int i = 0; i < depth; i++) {
            v = List.of(v);
        }
        return v;
    }

    static Object nestedMaps(int depth) {
        Object v = "bottom";
        for (int i = 0; i < depth; i++) {
            v = map("a", v);
        }
        return v;
    }

    static Arbitrary<Mangle> mangles() {
        Arbitrary<Integer> pick = Arbitraries.integers().between(0, 10_000);
        return Arbitraries.frequencyOf(
                Tuple.of(3, pick.map(Remove::new)),
                Tuple.of(4, Combinators.combine(pick, junk()).as(Replace::new)),
                Tuple.of(1, pick.map(NullInList::new)),
                Tuple.of(2, Arbitraries.integers().between(0, 999).map(Truncate::new)),
                Tuple.of(1, Arbitraries.just(new ByteOrderMark())),
                Tuple.of(1, Combinators.combine(Arbitraries.of("uid", "object", "request", "apiVersion", "operation", "kind"),
                        Arbitraries.of("\"other\"", "null", "{}", "[]", "1")).as(DuplicateKey::new)),
                Tuple.of(2, Combinators.combine(pick, Arbitraries.of('{', '}', '[', ']', '"', ':', ',', '\\', 'x', '\u0000', '\u00e9'))
                        .as(FlipChar::new)),
                Tuple.of(1, Arbitraries.of("}", "]", " x", "\u0000", "{\"apiVersion\":\"v1\"}", "\n---\n").map(Trailing::new)),
                Tuple.of(1, Arbitraries.bytes().array(byte[].class).ofMaxSize(300).map(RandomBytes::new)));
    }

    /** What the cluster caches hold for a review: off, unreachable, or these ConfigMaps and workloads. */
    static Arbitrary<Doors.Cluster> clusters() {
        Arbitrary<Doors.Cluster> on = Combinators.combine(PodTemplates.configMaps().list().ofMaxSize(3),
                PodTemplates.workloads().list().ofMaxSize(2)).as(ReviewBodies::cluster);
        return Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.just(Doors.Cluster.OFF)), Tuple.of(3, on),
                Tuple.of(1, Arbitraries.just(new Doors.Cluster(true, true, Map.of(), List.of()))));
    }

    @SuppressWarnings("unchecked")
    static Doors.Cluster cluster(List<Map<String, Object>> configMaps, List<Map<String, Object>> workloads) {
        Map<String, Map<String, String>> byKey = new HashMap<>();
        for (Map<String, Object> cm : configMaps) {
            Map<String, Object> meta = (Map<String, Object>) cm.get("metadata");
            Object ns = meta.get("namespace");
            Map<String, String> data = new HashMap<>();
            if (cm.get("data") instanceof Map<?, ?> d) {
                d.forEach((k, v) -> data.put((String) k, (String) v));
            }
            byKey.put((ns == null || "".equals(ns) ? "shop" : ns) + "/" + meta.get("name"), data);
        }
        List<HasMetadata> objects = new ArrayList<>();
        for (Map<String, Object> w : workloads) {
            objects.add((HasMetadata) Doors.MAPPER.convertValue(w, KubernetesResource.class));
        }
        return new Doors.Cluster(true, false, byKey, objects);
    }

    /** A review and how it was made; {@code wellFormed} when nothing spoilt it, so it must be answered. */
    record ReviewCase(String uid, String operation, byte[] body, List<Mangle> mangles, Doors.Cluster cluster) {

        boolean wellFormed() {
            return mangles.isEmpty() && uid != null && !uid.isEmpty();
        }

        @Override
        public String toString() {
            return "uid " + Trees.shortened(String.valueOf(uid), 80) + ", " + operation + ", mangled by " + mangles + ", "
                    + cluster + "\n" + Trees.shortened(new String(body, StandardCharsets.UTF_8), 4000);
        }
    }

    static Arbitrary<String> uids() {
        return Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.longs().map(l -> new java.util.UUID(l, ~l).toString())),
                Tuple.of(2, SettingValues.unicode(60).filter(s -> !s.isEmpty())),
                Tuple.of(1, Arbitraries.integers().between(1_000, 100_000).map(n -> "u".repeat(n))),
                Tuple.of(1, Arbitraries.of("", " ", "0", "null")));
    }

    static Arbitrary<String> operations() {
        return Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.just("CREATE")), Tuple.of(4, Arbitraries.just("UPDATE")),
                Tuple.of(1, Arbitraries.of("DELETE", "CONNECT", "PATCH", "", "create")));
    }

    static Arbitrary<Map<String, Object>> objects() {
        return Arbitraries.frequencyOf(Tuple.of(3, PodTemplates.workloads()), Tuple.of(1, PodTemplates.configMaps()));
    }

    static Arbitrary<ReviewCase> reviews() {
        return reviews(objects(), Arbitraries.frequencyOf(Tuple.of(2, Arbitraries.just(List.of())),
                Tuple.of(3, mangles().list().ofMinSize(1).ofMaxSize(3))), clusters());
    }

    static Arbitrary<ReviewCase> reviews(Arbitrary<Map<String, Object>> objects, Arbitrary<List<Mangle>> mangles,
            Arbitrary<Doors.Cluster> clusters) {
        Arbitrary<Object> oldObjects = Arbitraries.frequencyOf(Tuple.of(2, Arbitraries.just(ABSENT)),
                Tuple.of(2, objects.map(o -> (Object) o)));
        return Combinators.combine(uids(), operations(), objects, oldObjects, Arbitraries.of("shop", "strict-ns", "", ABSENT),
                Arbitraries.of(true, false), mangles, clusters).as((uid, op, object, old, ns, dryRun, ms, cluster) -> {
                    Object oldObject = old == ABSENT && "UPDATE".equals(op) ? Trees.copy(object) : old;
                    Map<String, Object> review = review(uid, op, object, oldObject, ns, dryRun);
                    return new ReviewCase(uid, op, spoil(review, ms), ms, cluster);
                });
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> review(String uid, String operation, Map<String, Object> object, Object oldObject,
            Object namespace, boolean dryRun) {
        String apiVersion = (String) object.get("apiVersion");
        int slash = apiVersion.indexOf('/');
        String group = slash < 0 ? "" : apiVersion.substring(0, slash);
        String version = apiVersion.substring(slash + 1);
        String kind = (String) object.get("kind");
        Map<String, Object> request = map(
                "uid", uid,
                "kind", map("group", group, "version", version, "kind", kind),
                "resource", map("group", group, "version", version, "resource", kind.toLowerCase() + "s"),
                "namespace", namespace,
                "operation", operation,
                "userInfo", map("username", "alice@example.com", "groups", List.of("system:authenticated")),
                "object", "DELETE".equals(operation) ? ABSENT : Trees.copy(object),
                "oldObject", oldObject == ABSENT ? ABSENT : Trees.copy(oldObject),
                "dryRun", dryRun);
        return map("apiVersion", "admission.k8s.io/v1", "kind", "AdmissionReview", "request", request);
    }

    /** Applies the tree mangles first, then writes JSON and applies the text ones, in order. */
    static byte[] spoil(Map<String, Object> review, List<Mangle> mangles) {
        Object tree = Trees.copy(review);
        for (Mangle m : mangles) {
            if (m instanceof Remove r) {
                Place p = place(tree, r.pick());
                if (p != null) {
                    p.remove();
                }
            } else if (m instanceof NullInList n) {
                List<Place> inLists = places(tree).stream().filter(p -> p.container() instanceof List).toList();
                if (!inLists.isEmpty()) {
                    inLists.get(n.pick() % inLists.size()).set(null);
                }
            } else if (m instanceof Replace r) {
                Place p = place(tree, r.pick());
                if (p != null) {
                    p.set(Trees.copy(r.with().value()));
                } else {
                    tree = Trees.copy(r.with().value());
                }
            }
        }
        String text = Trees.json(tree);
        for (Mangle m : mangles) {
            if (m instanceof Truncate t) {
                text = text.substring(0, (int) ((long) text.length() * t.permille() / 1000));
            } else if (m instanceof ByteOrderMark) {
                text = "\uFEFF" + text;
            } else if (m instanceof DuplicateKey d) {
                int at = text.indexOf("\"" + d.key() + "\":");
                if (at >= 0) {
                    text = text.substring(0, at) + "\"" + d.key() + "\":" + d.value() + "," + text.substring(at);
                }
            } else if (m instanceof FlipChar f && !text.isEmpty()) {
                int at = f.pick() % text.length();
                text = text.substring(0, at) + f.to() + text.substring(at + 1);
            } else if (m instanceof Trailing t) {
                text = text + t.text();
            }
        }
        for (Mangle m : mangles) {
            if (m instanceof RandomBytes r) {
                return r.bytes();
            }
        }
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** A place in a tree: a key of a map or an index of a list. */
    record Place(Object container, Object key) {
        @SuppressWarnings("unchecked")
        void remove() {
            if (container instanceof Map<?, ?> m) {
                m.remove(key);
            } else {
                ((List<Object>) container).remove((int) (Integer) key);
            }
        }

        @SuppressWarnings("unchecked")
        void set(Object value) {
            if (container instanceof Map<?, ?> m) {
                ((Map<Object, Object>) m).put(key, value);
            } else {
                ((List<Object>) container).set((Integer) key, value);
            }
        }
    }

    /** The places of a tree in depth-first order, and the one {@code pick} chooses; null for an empty tree. */
    static Place place(Object tree, int pick) {
        List<Place> places = places(tree);
        return places.isEmpty() ? null : places.get(pick % places.size());
    }

    static List<Place> places(Object tree) {
        List<Place> places = new ArrayList<>();
        collect(tree, places);
        return places;
    }

    private static void collect(Object tree, List<Place> into) {
        if (tree instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                into.add(new Place(m, e.getKey()));
                collect(e.getValue(), into);
            }
        } else if (tree instanceof List<?> l) {
            for (int i = 0; i < l.size(); i++) {
                into.add(new Place(l, i));
                collect(l.get(i), into);
            }
        }
    }
}
