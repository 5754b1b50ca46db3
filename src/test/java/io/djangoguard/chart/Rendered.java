package io.djangoguard.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * The output of {@code helm template}, each document loaded into its fabric8 type (cert-manager's kinds, which
 * fabric8 has no model for, as {@link GenericKubernetesResource}). Loading also proves that every field the chart
 * writes is one Kubernetes knows: a misspelt or misplaced field would land in a model's additional properties,
 * and {@link #of} refuses that.
 */
final class Rendered {

    static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private static final Pattern SEPARATOR = Pattern.compile("(?m)^---\\s*$");

    /** Kinds without a fabric8 model: cert-manager's. */
    private static final List<String> GENERIC_KINDS = List.of("cert-manager.io/v1 Certificate", "cert-manager.io/v1 Issuer");

    final List<HasMetadata> objects;
    final String text;

    private Rendered(String text, List<HasMetadata> objects) {
        this.text = text;
        this.objects = objects;
    }

    static Rendered of(String yaml) {
        List<HasMetadata> objects = new ArrayList<>();
        int n = 0;
        for (String doc : SEPARATOR.split(yaml)) {
            n++;
            if (doc.lines().allMatch(l -> l.isBlank() || l.stripLeading().startsWith("#"))) {
                continue;
            }
            HasMetadata o;
            try {
                o = SERIALIZATION.unmarshal(doc, HasMetadata.class);
            } catch (RuntimeException e) {
                throw new AssertionError("document " + n + " does not load: " + e.getMessage() + "\n" + doc, e);
            }
            assertNotNull(o, "document " + n + " is empty");
            String kind = o.getApiVersion() + " " + o.getKind();
            if (o instanceof GenericKubernetesResource) {
                assertTrue(GENERIC_KINDS.contains(kind), "no fabric8 type for " + kind + " (a typo in apiVersion or kind?)");
            } else {
                List<String> unknown = new ArrayList<>();
                unknownFields(o, kind + " " + o.getMetadata().getName(), unknown);
                assertEquals(List.of(), unknown, "fields Kubernetes does not know");
            }
            objects.add(o);
        }
        return new Rendered(yaml, objects);
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).collect(Collectors.toList());
    }

    <T extends HasMetadata> T one(Class<T> type) {
        List<T> found = all(type);
        assertEquals(1, found.size(), () -> "expected one " + type.getSimpleName() + ", found " + found.size());
        return found.get(0);
    }

    <T extends HasMetadata> T named(Class<T> type, String name) {
        return all(type).stream().filter(o -> name.equals(o.getMetadata().getName())).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " named " + name + " among "
                        + all(type).stream().map(o -> o.getMetadata().getName()).toList()));
    }

    List<GenericKubernetesResource> generic(String kind) {
        return all(GenericKubernetesResource.class).stream().filter(o -> kind.equals(o.getKind())).toList();
    }

    GenericKubernetesResource generic(String kind, String name) {
        return generic(kind).stream().filter(o -> name.equals(o.getMetadata().getName())).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " named " + name));
    }

    /** Every model object reachable from {@code o} whose additional properties are not empty. */
    private static void unknownFields(Object o, String path, List<String> out) {
        if (o == null) {
            return;
        }
        if (o instanceof Collection<?> c) {
            int i = 0;
            for (Object e : c) {
                unknownFields(e, path + "[" + i++ + "]", out);
            }
            return;
        }
        if (o instanceof Map<?, ?> m) {
            m.forEach((k, v) -> unknownFields(v, path + "." + k, out));
            return;
        }
        if (!(o instanceof KubernetesResource) || o.getClass().getName().startsWith("java.")) {
            return;
        }
        for (Method getter : o.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || getter.getDeclaringClass() == Object.class || !getter.getName().startsWith("get")) {
                continue;
            }
            Object value;
            try {
                value = getter.invoke(o);
            } catch (ReflectiveOperationException e) {
                continue;
            }
            String field = path + "." + decapitalize(getter.getName().substring(3));
            if (getter.getName().equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    out.add(path + ": " + extra.keySet());
                }
            } else if (value instanceof KubernetesResource || value instanceof Collection<?> || value instanceof Map<?, ?>) {
                unknownFields(value, field, out);
            }
        }
    }

    private static String decapitalize(String s) {
        return s.isEmpty() ? s : Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }

    /** {@code map.a.b.c} of a generic resource, failing with the path when it is not there. */
    @SuppressWarnings("unchecked")
    static <T> T at(GenericKubernetesResource r, String... path) {
        Object cur = r.getAdditionalProperties();
        for (String p : path) {
            if (!(cur instanceof Map<?, ?> m) || !m.containsKey(p)) {
                fail(r.getKind() + " " + r.getMetadata().getName() + " has no " + String.join(".", path));
            }
            cur = ((Map<String, Object>) cur).get(p);
        }
        return (T) cur;
    }

    static Optional<String> annotation(HasMetadata o, String key) {
        Map<String, String> a = o.getMetadata().getAnnotations();
        return Optional.ofNullable(a == null ? null : a.get(key));
    }
}
