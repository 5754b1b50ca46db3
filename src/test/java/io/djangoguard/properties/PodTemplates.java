package io.djangoguard.properties;

import static io.djangoguard.properties.Trees.ABSENT;
import static io.djangoguard.properties.Trees.map;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.djangoguard.settings.DjangoSetting;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Random workloads (Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob, Pod) with init
 * and regular containers, env from values and every kind of valueFrom, envFrom with prefixes,
 * commands, volumes and mounts; and ConfigMaps with settings keys and dotenv text. Names come
 * from small pools so that references between the objects resolve often.
 */
final class PodTemplates {

    static final List<String> CONFIG_MAPS = List.of("shop-config", "settings", "env", "missing");
    static final List<String> SECRETS = List.of("shop-secrets", "db");
    static final List<String> VOLUMES = List.of("keys", "config", "scratch", "certs");
    static final List<String> MOUNT_PATHS = List.of("/etc/django", "/etc/django/", "/run/secrets", "/", "/app",
            "/etc/django/keys", "relative/dir");
    static final List<String> KEY_FILES = List.of("/etc/django/secret_key", "/run/secrets/key", "secret_key", "/app/key",
            "keys/secret", "/etc/django/keys/..data/key", "/etc/django/");
    static final List<String> NAMESPACES = List.of("shop", "strict-ns", "default");
    static final List<String> KINDS = List.of("Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob",
            "Pod");

    static final List<List<String>> COMMANDS = List.of(
            List.of("python", "manage.py", "runserver", "0.0.0.0:8000"),
            List.of("gunicorn", "shop.wsgi:application", "-b", "0.0.0.0:8000"),
            List.of("sh", "-c", "python manage.py migrate && gunicorn shop.wsgi"),
            List.of("django-admin", "runserver"),
            List.of("python", "-m", "django", "runserver_plus"),
            List.of("/app/manage.py", "runserver"),
            List.of("uwsgi", "--ini", "uwsgi.ini"),
            List.of("node", "server.js"),
            List.of("python", "manage.py", "check", "--deploy"),
            List.of("bash", "-c", "exec \"$@\"", "--", "python", "manage.py", "runserver"),
            List.of("python3 manage.py runserver 0:8000;true"),
            List.of(""));

    /** The names django-guard reads, DJANGO_SETTINGS_MODULE, and names it should not. */
    static final List<String> SETTING_VARIABLES;

    static {
        List<String> names = new ArrayList<>();
        for (DjangoSetting s : DjangoSetting.values()) {
            names.addAll(s.defaultNames());
        }
        names.add("DJANGO_SETTINGS_MODULE");
        SETTING_VARIABLES = List.copyOf(names);
    }

    private PodTemplates() {
    }

    static Arbitrary<String> variableNames() {
        return Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.of(SETTING_VARIABLES)),
                Tuple.of(1, Arbitraries.of("FLASK_SECRET_KEY", "PORT", "NODE_ENV", "DJANGO_", "django_debug", "DJANGO_DEBUG ",
                        "", "DEBUG\u0000", "DJANGO_SECRET_KEY_FILE_PATH")),
                Tuple.of(1, Arbitraries.strings().withCharRange('A', 'Z').withChars('_').ofMinLength(1).ofMaxLength(20)));
    }

    /**
     * Any value a settings variable may hold, whichever variable it is given to: a boolean word in
     * DEBUG, a host list in CONN_MAX_AGE. (Drawn apart from the name, so that shrinking stays cheap.)
     */
    static Arbitrary<String> values() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, SettingValues.booleans()),
                Tuple.of(2, SettingValues.integers()),
                Tuple.of(2, SettingValues.hostLists()),
                Tuple.of(1, secretKeys()),
                Tuple.of(1, Arbitraries.of(KEY_FILES)),
                Tuple.of(2, SettingValues.any()));
    }

    static Arbitrary<String> secretKeys() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.strings().withCharRange('!', '~').ofMinLength(1).ofMaxLength(80)),
                Tuple.of(1, Arbitraries.of("django-insecure-k3y", "changeme", "a".repeat(60), "", " ")));
    }

    static Arbitrary<Map<String, Object>> envVars() {
        Arbitrary<Object> optional = Arbitraries.of(true, false, null, ABSENT);
        Arbitrary<String> key = Arbitraries.oneOf(variableNames(), Arbitraries.of("secret_key", ".env", "DEBUG"));
        Arbitrary<Map<String, Object>> literal = Combinators.combine(variableNames(), values())
                .as((name, v) -> map("name", name, "value", v));
        Arbitrary<Map<String, Object>> secretRef = Combinators.combine(variableNames(), Arbitraries.of(SECRETS), key, optional)
                .as((name, s, k, o) -> map("name", name, "valueFrom", map("secretKeyRef", map("name", s, "key", k, "optional", o))));
        Arbitrary<Map<String, Object>> configMapRef = Combinators.combine(variableNames(), Arbitraries.of(CONFIG_MAPS), key, optional)
                .as((name, c, k, o) -> map("name", name, "valueFrom", map("configMapKeyRef", map("name", c, "key", k, "optional", o))));
        Arbitrary<Map<String, Object>> runtime = Combinators.combine(variableNames(), Arbitraries.integers().between(0, 6))
                .as((name, which) -> switch (which) {
                    case 0 -> map("name", name, "valueFrom", map("fieldRef", map("fieldPath", "metadata.name")));
                    case 1 -> map("name", name, "valueFrom", map("resourceFieldRef", map("resource", "limits.cpu")));
                    case 2 -> map("name", name, "valueFrom", map());
                    case 3 -> map("name", name);
                    case 4 -> map("name", name, "value", null);
                    case 5 -> map("value", "orphan");
                    default -> map("name", null, "value", "x");
                });
        Arbitrary<Map<String, Object>> both = Combinators.combine(variableNames(), values()).as((name, v) ->
                map("name", name, "value", v, "valueFrom", map("secretKeyRef", map("name", "shop-secrets", "key", "k"))));
        return Arbitraries.frequencyOf(Tuple.of(8, literal), Tuple.of(2, secretRef), Tuple.of(3, configMapRef),
                Tuple.of(1, runtime), Tuple.of(1, both));
    }

    static Arbitrary<Map<String, Object>> envFroms() {
        Arbitrary<Object> prefix = Arbitraries.of("", "DJANGO_", "APP_", "django_", "DJANGO", ABSENT, null);
        Arbitrary<Object> optional = Arbitraries.of(true, false, ABSENT);
        Arbitrary<Map<String, Object>> configMap = Combinators.combine(Arbitraries.of(CONFIG_MAPS), optional, prefix)
                .as((n, o, p) -> map("configMapRef", map("name", n, "optional", o), "prefix", p));
        Arbitrary<Map<String, Object>> secret = Combinators.combine(Arbitraries.of(SECRETS), prefix)
                .as((n, p) -> map("secretRef", map("name", n), "prefix", p));
        Arbitrary<Map<String, Object>> odd = Arbitraries.of(map(), map("configMapRef", map()), map("configMapRef", null),
                map("configMapRef", map("name", "shop-config"), "secretRef", map("name", "db")));
        return Arbitraries.frequencyOf(Tuple.of(4, configMap), Tuple.of(2, secret), Tuple.of(1, odd));
    }

    static Arbitrary<Map<String, Object>> volumes() {
        Arbitrary<List<Map<String, Object>>> items = Combinators.combine(Arbitraries.of("secret_key", "key", "DEBUG", ".env"),
                Arbitraries.of("secret_key", "key", "keys/secret", "..data/key")).as((k, p) -> map("key", k, "path", p))
                .list().ofMaxSize(2);
        Arbitrary<String> cm = Arbitraries.of(CONFIG_MAPS);
        Arbitrary<Map<String, Object>> source = Arbitraries.oneOf(
                Arbitraries.of(SECRETS).map(s -> map("secret", map("secretName", s))),
                Combinators.combine(cm, items, Arbitraries.of(true, false)).as((n, i, withItems) ->
                        map("configMap", map("name", n, "items", withItems ? i : ABSENT))),
                Arbitraries.of(map("emptyDir", map()), map("hostPath", map("path", "/srv/keys")),
                        map("persistentVolumeClaim", map("claimName", "data")),
                        map("csi", map("driver", "secrets-store.csi.k8s.io")), map("csi", map("driver", "other.csi")),
                        map("csi", map()), map()),
                Combinators.combine(Arbitraries.of(SECRETS), cm, Arbitraries.integers().between(0, 3)).as((s, c, which) -> {
                    List<Object> sources = new ArrayList<>();
                    if ((which & 1) != 0) {
                        sources.add(map("secret", map("name", s)));
                    }
                    if ((which & 2) != 0) {
                        sources.add(map("configMap", map("name", c)));
                    }
                    return map("projected", map("sources", sources));
                }));
        return Combinators.combine(Arbitraries.of(VOLUMES), source).as((name, s) -> {
            Map<String, Object> v = map("name", name);
            v.putAll(s);
            return v;
        });
    }

    static Arbitrary<Map<String, Object>> volumeMounts() {
        return Combinators.combine(Arbitraries.of(VOLUMES), Arbitraries.of(MOUNT_PATHS),
                Arbitraries.of(ABSENT, ABSENT, "secret_key", "keys", "")).as((n, p, sub) -> map("name", n, "mountPath", p, "subPath", sub));
    }

    static Arbitrary<Object> commands() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.just(ABSENT)),
                Tuple.of(4, Arbitraries.of(COMMANDS).map(c -> (Object) new ArrayList<>(c))),
                Tuple.of(1, Arbitraries.strings().ofMaxLength(20).list().ofMaxSize(4).map(l -> (Object) l)),
                Tuple.of(1, Arbitraries.just(null)));
    }

    static Arbitrary<Map<String, Object>> containers() {
        Arbitrary<Object> env = Arbitraries.frequencyOf(Tuple.of(8, envVars().list().ofMaxSize(8).map(l -> (Object) l)),
                Tuple.of(1, Arbitraries.of(ABSENT, null)));
        Arbitrary<Object> envFrom = Arbitraries.frequencyOf(Tuple.of(3, envFroms().list().ofMaxSize(3).map(l -> (Object) l)),
                Tuple.of(2, Arbitraries.just(ABSENT)));
        Arbitrary<Object> mounts = Arbitraries.frequencyOf(Tuple.of(2, volumeMounts().list().ofMaxSize(3).map(l -> (Object) l)),
                Tuple.of(2, Arbitraries.just(ABSENT)));
        Arbitrary<Object> workingDir = Arbitraries.of(ABSENT, ABSENT, "/app", "/", "app", "");
        return Combinators.combine(Arbitraries.of("web", "worker", "migrate", "sidecar", ""), commands(), commands(), env,
                envFrom, mounts, workingDir).as((name, command, args, e, ef, m, wd) ->
                map("name", name, "image", "shop:1", "command", command, "args", args, "env", e, "envFrom", ef,
                        "volumeMounts", m, "workingDir", wd));
    }

    static Arbitrary<Map<String, Object>> podSpecs() {
        Arbitrary<Object> init = Arbitraries.frequencyOf(Tuple.of(2, Arbitraries.just(ABSENT)),
                Tuple.of(1, containers().list().ofMaxSize(2).map(l -> (Object) l)));
        Arbitrary<Object> regular = Arbitraries.frequencyOf(Tuple.of(12, containers().list().ofMinSize(1).ofMaxSize(3).map(l -> (Object) l)),
                Tuple.of(1, Arbitraries.of(ABSENT, null, List.of())));
        Arbitrary<Object> volumes = Arbitraries.frequencyOf(Tuple.of(3, volumes().list().ofMaxSize(3).map(l -> (Object) l)),
                Tuple.of(2, Arbitraries.just(ABSENT)), Tuple.of(1, Arbitraries.just(null)));
        return Combinators.combine(init, regular, volumes).as((i, c, v) -> map("initContainers", i, "containers", c, "volumes", v));
    }

    static Arbitrary<Object> metadataNamespaces() {
        return Arbitraries.of("shop", "shop", "strict-ns", "default", ABSENT, "");
    }

    static Arbitrary<Object> annotations() {
        return Arbitraries.of(ABSENT, ABSENT, ABSENT, map("django-guard.io/profile", "strict"),
                map("django-guard.io/profile", "declared"), map("django-guard.io/profile", "STRICT "), map());
    }

    static Arbitrary<Map<String, Object>> workloads() {
        return Combinators.combine(Arbitraries.of(KINDS), Arbitraries.of("shop", "web", "job-1", ""), metadataNamespaces(),
                annotations(), podSpecs()).as(PodTemplates::workload);
    }

    static Map<String, Object> workload(String kind, String name, Object namespace, Object annotations, Map<String, Object> pod) {
        String apiVersion = switch (kind) {
            case "Pod" -> "v1";
            case "Job", "CronJob" -> "batch/v1";
            default -> "apps/v1";
        };
        Map<String, Object> metadata = map("name", name, "namespace", namespace, "annotations", annotations);
        Object spec = switch (kind) {
            case "Pod" -> pod;
            case "CronJob" -> map("schedule", "0 * * * *", "jobTemplate", map("spec", map("template", map("spec", pod))));
            default -> map("template", map("spec", pod));
        };
        return map("apiVersion", apiVersion, "kind", kind, "metadata", metadata, "spec", spec);
    }

    static Arbitrary<String> dotenvText() {
        Arbitrary<String> line = Combinators.combine(variableNames(), values(),
                Arbitraries.of("%s=%s", "export %s=%s", "%s=\"%s\"", "%s='%s'", "%s = %s # note", "  %s=%s  ", "# %s=%s",
                        "%s", "=%s%s")).as((name, v, style) -> String.format(style, name, v));
        return Combinators.combine(line.list().ofMaxSize(8), Arbitraries.of("\n", "\r\n", "\n\n"))
                .as((lines, nl) -> String.join(nl, lines));
    }

    static Arbitrary<Map<String, Object>> configMaps() {
        Arbitrary<Map.Entry<String, Object>> entry = Arbitraries.frequencyOf(
                Tuple.of(6, Combinators.combine(variableNames(), values()).as((k, v) -> Map.entry(k, (Object) v))),
                Tuple.of(2, Combinators.combine(Arbitraries.of(".env", "app.env", ".env.production", "settings.env"), dotenvText())
                        .as((k, v) -> Map.entry(k, (Object) v))),
                Tuple.of(1, Combinators.combine(Arbitraries.of("secret_key", "key"), secretKeys()).as((k, v) -> Map.entry(k, (Object) v))),
                Tuple.of(1, Arbitraries.of("DEBUG", "DJANGO_DEBUG").map(k -> (Map.Entry<String, Object>) new AbstractMap.SimpleEntry<String, Object>(k, null))));
        Arbitrary<Object> data = Arbitraries.frequencyOf(
                Tuple.of(8, entry.list().ofMaxSize(6).map(es -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    es.forEach(e -> m.put(e.getKey(), e.getValue()));
                    return (Object) m;
                })),
                Tuple.of(1, Arbitraries.of(ABSENT, null, map("DJANGO_DEBUG", null))));
        return Combinators.combine(Arbitraries.of(CONFIG_MAPS.subList(0, 3)), metadataNamespaces(), data, annotations())
                .as((name, ns, d, a) -> map("apiVersion", "v1", "kind", "ConfigMap", "metadata",
                        map("name", name, "namespace", ns, "annotations", a), "data", d));
    }

    /** Objects sent together: workloads and the ConfigMaps they may reference. */
    record ManifestSet(List<Map<String, Object>> objects) {

        String yaml() {
            return Trees.yaml(objects);
        }

        List<Map<String, Object>> workloads() {
            return objects.stream().filter(o -> !"ConfigMap".equals(o.get("kind"))).toList();
        }

        List<Map<String, Object>> configMaps() {
            return objects.stream().filter(o -> "ConfigMap".equals(o.get("kind"))).toList();
        }

        @Override
        public String toString() {
            return "\n" + Trees.shortened(yaml(), 6000);
        }
    }

    static Arbitrary<ManifestSet> manifestSets() {
        return Combinators.combine(workloads().list().ofMinSize(1).ofMaxSize(2), configMaps().list().ofMaxSize(3))
                .as((w, c) -> {
                    List<Map<String, Object>> all = new ArrayList<>(c);
                    all.addAll(w);
                    return new ManifestSet(all);
                });
    }
}
