package io.djangoguard.properties;

import static io.djangoguard.properties.Trees.map;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.djangoguard.properties.PodTemplates.ManifestSet;
import io.djangoguard.settings.DjangoSetting;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Where a planted value goes: into a variable's literal value, or a ConfigMap the workload reads
 * it from (configMapKeyRef, envFrom with a prefix, a data key, a dotenv line, a key file on a
 * ConfigMap volume). The ConfigMap is always named "planted" and lives beside the workload.
 */
final class Plants {

    static final String CONFIG_MAP = "planted";

    enum Placement {
        ENV_VALUE, CONFIG_MAP_KEY_REF, ENV_FROM_CONFIG_MAP, CONFIG_MAP_DATA, DOTENV_LINE, KEY_FILE_ON_CONFIG_MAP_VOLUME,
        /** A Secret manifest audited with the workload: stringData read by secretKeyRef. */
        SECRET_STRING_DATA_KEY_REF,
        /** A Secret manifest audited with the workload: base64 data read whole by envFrom.secretRef. */
        SECRET_DATA_ENV_FROM,
        /** A settings.py in a ConfigMap mounted over the application's: the value a Python string literal. */
        SETTINGS_FILE_MOUNTED,
        /** The same file, the value read from the container's environment by os.environ.get. */
        SETTINGS_FILE_READS_ENV
    }

    static final String SECRET = "planted-secret";

    /** A Python string literal of {@code s}, as a settings file writes it. */
    static String python(String s) {
        StringBuilder b = new StringBuilder("'");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '\'' -> b.append("\\'");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                case '\r' -> b.append("\\r");
                default -> b.append(c);
            }
        }
        return b.append('\'').toString();
    }

    /** The secret key's own variables. */
    static final List<String> SECRET_KEY_VARIABLES = List.of("DJANGO_SECRET_KEY", "SECRET_KEY");

    /** Every other settings variable: where a key pasted into the wrong variable ends up. */
    static final List<String> OTHER_SETTING_VARIABLES;

    static {
        List<String> names = new ArrayList<>();
        for (DjangoSetting s : DjangoSetting.values()) {
            if (s != DjangoSetting.SECRET_KEY && s != DjangoSetting.SECRET_KEY_FILE) {
                names.addAll(s.defaultNames());
            }
        }
        names.add("DJANGO_SETTINGS_MODULE");
        OTHER_SETTING_VARIABLES = List.copyOf(names);
    }

    /** How a value is written around the marker: alone, padded, in a list. */
    static final List<String> SECRET_DECORATIONS = List.of("%s", " %s ", "%s\n", "\t%s");
    static final List<String> OTHER_DECORATIONS = List.of("%s", " %s ", "%s\n", "shop.example.com,%s", "[\"%s\"]", "%s,*",
            "1%s", "True%s");

    /** One plant: {@code variable} gets {@code decoration} around the marker, reached by {@code placement}. */
    record Plant(String variable, Placement placement, String decoration, int container, boolean markedDjango) {

        String value(String marker) {
            return String.format(decoration, marker);
        }

        @Override
        public String toString() {
            return variable + " = " + Trees.json(decoration) + " by " + placement + " in container #" + container
                    + (markedDjango ? " (with DJANGO_SETTINGS_MODULE)" : "");
        }
    }

    static Arbitrary<Plant> plants(List<String> variables, List<Placement> placements, List<String> decorations) {
        return Combinators.combine(Arbitraries.of(variables), Arbitraries.of(placements), Arbitraries.of(decorations),
                Arbitraries.integers().between(0, 5), Arbitraries.of(true, true, false)).as(Plant::new);
    }

    /** A copy of {@code set} with the plant in its first workload (and the "planted" ConfigMap first). */
    @SuppressWarnings("unchecked")
    static ManifestSet apply(ManifestSet set, Plant plant, String marker) {
        List<Map<String, Object>> objects = Trees.copy(set.objects());
        Map<String, Object> workload = objects.stream().filter(o -> !"ConfigMap".equals(o.get("kind"))).findFirst().orElseThrow();
        Object namespace = ((Map<String, Object>) workload.get("metadata")).getOrDefault("namespace", Trees.ABSENT);
        Map<String, Object> pod = podSpec(workload);
        List<Object> containers = listAt(pod, "containers");
        if (containers.isEmpty()) {
            containers.add(map("name", "web", "image", "shop:1"));
        }
        int index = plant.container() % containers.size();
        if (!(containers.get(index) instanceof Map)) {
            containers.set(index, map("name", "web", "image", "shop:1"));
        }
        Map<String, Object> container = (Map<String, Object>) containers.get(index);
        List<Object> env = listAt(container, "env");
        if (plant.markedDjango()) {
            env.add(0, map("name", "DJANGO_SETTINGS_MODULE", "value", "shop.settings"));
        }
        String value = plant.value(marker);
        String variable = plant.variable();
        Map<String, Object> data = null;
        switch (plant.placement()) {
            case ENV_VALUE -> env.add(map("name", variable, "value", value));
            case CONFIG_MAP_KEY_REF -> {
                data = map(variable, value);
                env.add(map("name", variable, "valueFrom", map("configMapKeyRef", map("name", CONFIG_MAP, "key", variable))));
            }
            case ENV_FROM_CONFIG_MAP -> {
                String prefix = variable.startsWith("DJANGO_") && plant.container() % 2 == 0 ? "DJANGO_" : "";
                data = map(variable.substring(prefix.length()), value);
                listAt(container, "envFrom").add(map("configMapRef", map("name", CONFIG_MAP), "prefix", prefix));
            }
            case CONFIG_MAP_DATA -> {
                data = plant.markedDjango() ? map("DJANGO_SETTINGS_MODULE", "shop.settings", variable, value) : map(variable, value);
                listAt(container, "envFrom").add(map("configMapRef", map("name", CONFIG_MAP)));
            }
            case DOTENV_LINE -> data = map(".env", "# settings\nDJANGO_SETTINGS_MODULE=shop.settings\n" + variable + "=" + value
                    + "\nexport " + variable + "_TOO=\"" + value + "\"\n");
            case SETTINGS_FILE_MOUNTED, SETTINGS_FILE_READS_ENV -> {
                String setting = variable.startsWith("DJANGO_") ? variable.substring("DJANGO_".length()) : variable;
                String assigned = plant.placement() == Placement.SETTINGS_FILE_MOUNTED ? python(value)
                        : "os.environ.get(" + python(variable) + ", " + python(value) + ")";
                if (plant.placement() == Placement.SETTINGS_FILE_READS_ENV) {
                    env.add(map("name", variable, "value", value));
                }
                data = map("settings.py", "import os\n\nDEBUG = False\nALLOWED_HOSTS = ['shop.example.com']\n" + setting + " = "
                        + assigned + "\n" + setting + "_AGAIN = [" + assigned + "]  # line " + variable + "\n");
                listAt(container, "volumeMounts").add(map("name", "planted-settings", "mountPath", "/app/shop/settings.py",
                        "subPath", "settings.py"));
                listAt(pod, "volumes").add(map("name", "planted-settings", "configMap", map("name", CONFIG_MAP)));
            }
            case KEY_FILE_ON_CONFIG_MAP_VOLUME -> {
                data = map("secret_key", value);
                env.add(map("name", "DJANGO_SECRET_KEY_FILE", "value", "/etc/django/secret_key"));
                listAt(container, "volumeMounts").add(map("name", "planted-keys", "mountPath", "/etc/django"));
                listAt(pod, "volumes").add(map("name", "planted-keys", "configMap", map("name", CONFIG_MAP)));
            }
        }
        if (data != null) {
            objects.add(0, map("apiVersion", "v1", "kind", "ConfigMap", "metadata", map("name", CONFIG_MAP, "namespace", namespace),
                    "data", data));
        }
        if (plant.placement() == Placement.SECRET_STRING_DATA_KEY_REF) {
            env.add(map("name", variable, "valueFrom", map("secretKeyRef", map("name", SECRET, "key", variable))));
            objects.add(0, map("apiVersion", "v1", "kind", "Secret", "metadata", map("name", SECRET, "namespace", namespace),
                    "stringData", map(variable, value, "DJANGO_ALLOWED_HOSTS", "shop.example.com")));
        } else if (plant.placement() == Placement.SECRET_DATA_ENV_FROM) {
            listAt(container, "envFrom").add(map("secretRef", map("name", SECRET)));
            String encoded = java.util.Base64.getEncoder().encodeToString(value.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            objects.add(0, map("apiVersion", "v1", "kind", "Secret", "metadata", map("name", SECRET, "namespace", namespace),
                    "data", map(variable, encoded)));
        }
        return new ManifestSet(objects);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> podSpec(Map<String, Object> workload) {
        Map<String, Object> spec = (Map<String, Object>) workload.get("spec");
        return switch ((String) workload.get("kind")) {
            case "Pod" -> spec;
            case "CronJob" -> (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) spec
                    .get("jobTemplate")).get("spec")).get("template")).get("spec");
            default -> (Map<String, Object>) ((Map<String, Object>) spec.get("template")).get("spec");
        };
    }

    /** The list under {@code key}, made (or replacing a null or absent one) when there is none. */
    @SuppressWarnings("unchecked")
    static List<Object> listAt(Map<String, Object> map, String key) {
        if (!(map.get(key) instanceof List)) {
            map.put(key, new ArrayList<>());
        }
        return (List<Object>) map.get(key);
    }
}
