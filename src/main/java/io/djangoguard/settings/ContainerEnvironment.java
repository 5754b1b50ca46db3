package io.djangoguard.settings;

import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.ConfigMapEnvSource;
import io.fabric8.kubernetes.api.model.ConfigMapKeySelector;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVarSource;

/** Assembles a container's environment as the kubelet will, resolving ConfigMap references. */
public final class ContainerEnvironment {

    private ContainerEnvironment() {
    }

    public static Environment of(Container container, String containerPath, String namespace, ConfigMapLookup lookup) {
        Environment env = new Environment();
        List<EnvFromSource> envFrom = container.getEnvFrom();
        if (envFrom != null) {
            for (int i = 0; i < envFrom.size(); i++) {
                addEnvFrom(env, envFrom.get(i), containerPath + ".envFrom[" + i + "]", namespace, lookup);
            }
        }
        List<io.fabric8.kubernetes.api.model.EnvVar> vars = container.getEnv();
        if (vars != null) {
            for (int i = 0; i < vars.size(); i++) {
                addVar(env, vars.get(i), containerPath + ".env[" + i + "]", namespace, lookup);
            }
        }
        return env;
    }

    private static void addEnvFrom(Environment env, EnvFromSource from, String path, String namespace,
            ConfigMapLookup lookup) {
        String prefix = from.getPrefix() == null ? "" : from.getPrefix();
        ConfigMapEnvSource cmRef = from.getConfigMapRef();
        if (cmRef != null && cmRef.getName() != null) {
            String name = cmRef.getName();
            ConfigMapLookup.Result r = lookup.find(namespace, name);
            if (r instanceof ConfigMapLookup.Found found) {
                for (Map.Entry<String, String> e : found.data().entrySet()) {
                    String var = prefix + e.getKey();
                    env.put(var, e.getValue() == null ? "" : e.getValue(), new Source(Source.Kind.ENV_FROM_CONFIG_MAP,
                            var + " from envFrom ConfigMap \"" + name + "\" key \"" + e.getKey() + "\"", path, name));
                }
            } else if (!Boolean.TRUE.equals(cmRef.getOptional())) {
                env.addUnresolved(new Reference("ConfigMap", namespace, name, null, path, reason(r), unreachable(r)));
            }
        }
        if (from.getSecretRef() != null && from.getSecretRef().getName() != null) {
            String name = from.getSecretRef().getName();
            Map<String, String> data = lookup.secret(namespace, name);
            if (data == null) {
                env.addSecretEnvFrom(name);
            } else {
                for (Map.Entry<String, String> e : data.entrySet()) {
                    String var = prefix + e.getKey();
                    env.put(var, e.getValue(), new Source(Source.Kind.SECRET_DATA,
                            var + " from envFrom Secret \"" + name + "\" key \"" + e.getKey() + "\"", path, name));
                }
            }
        }
    }

    private static void addVar(Environment env, io.fabric8.kubernetes.api.model.EnvVar var, String path,
            String namespace, ConfigMapLookup lookup) {
        String name = var.getName();
        if (name == null) {
            return;
        }
        EnvVarSource from = var.getValueFrom();
        if (from == null) {
            // YAML that gives no value (value: with nothing after it, or an unquoted #... read as a comment) is an empty
            // variable to the kubelet; say so, or "written into the manifest" and "is empty" read as a contradiction
            String written = var.getValue() == null ? "" : var.getValue();
            Expanded x = expand(written, env);
            Variable whole = written.startsWith("$(") && written.endsWith(")") && x.references().size() == 1
                    ? env.get(written.substring(2, written.length() - 1)) : null;
            if (whole != null) {
                // the value is another variable's: where that one comes from is where this one does
                env.put(name, whole.value(), new Source(whole.source().kind(), "env " + name + " = $(" + whole.name() + "), "
                        + whole.source().description(), path, whole.source().referencedName()));
                return;
            }
            String where = var.getValue() == null ? "env " + name + " (no value in the YAML; an unquoted # starts a comment)"
                    : x.references().isEmpty() ? "env " + name
                    : "env " + name + " (the kubelet expands " + String.join(", ", x.references()) + ")";
            env.put(name, x.value(), new Source(Source.Kind.ENV_VALUE, where, path, null));
            return;
        }
        if (from.getSecretKeyRef() != null) {
            String secret = from.getSecretKeyRef().getName();
            String key = from.getSecretKeyRef().getKey();
            String where = "env " + name + " from Secret \"" + secret + "\" key \"" + key + "\"";
            // a Secret manifest audited with the workload is read (never shown); one in the cluster never is
            Map<String, String> data = secret == null ? null : lookup.secret(namespace, secret);
            String value = data == null || key == null ? null : data.get(key);
            env.put(name, value, new Source(value == null ? Source.Kind.SECRET_KEY_REF : Source.Kind.SECRET_DATA, where, path, secret));
            return;
        }
        ConfigMapKeySelector cmKey = from.getConfigMapKeyRef();
        if (cmKey != null) {
            String cm = cmKey.getName();
            String key = cmKey.getKey();
            String where = "env " + name + " from ConfigMap \"" + cm + "\" key \"" + key + "\"";
            ConfigMapLookup.Result r = lookup.find(namespace, cm);
            boolean optional = Boolean.TRUE.equals(cmKey.getOptional());
            if (r instanceof ConfigMapLookup.Found found) {
                String value = found.data().get(key);
                if (value != null) {
                    env.put(name, value, new Source(Source.Kind.CONFIG_MAP_KEY_REF, where, path, cm));
                } else if (!optional) {
                    env.addUnresolved(new Reference("ConfigMap", namespace, cm, key, path, "has no such key", false));
                    env.put(name, null, new Source(Source.Kind.UNRESOLVED, where, path, cm));
                }
            } else if (!optional) {
                env.addUnresolved(new Reference("ConfigMap", namespace, cm, key, path, reason(r), unreachable(r)));
                env.put(name, null, new Source(Source.Kind.UNRESOLVED, where, path, cm));
            } else if (r instanceof ConfigMapLookup.Unavailable) {
                // An optional ConfigMap that may exist: the value is unknown, not absent.
                env.put(name, null, new Source(Source.Kind.UNRESOLVED, where, path, cm));
            }
            return;
        }
        // fieldRef / resourceFieldRef: filled in by the kubelet, unknown here.
        env.put(name, null, new Source(Source.Kind.FIELD_REF, "env " + name + " (set at run time)", path, null));
    }

    /** A value after the kubelet's expansion: null when a reference names a variable whose value is not visible. */
    record Expanded(String value, List<String> references) {
    }

    /**
     * Kubernetes' expansion of a literal env value: {@code $(NAME)} of a variable defined before it (by envFrom or an
     * earlier env entry) becomes its value, {@code $$} a single {@code $}; a reference to a name not defined before is
     * left as written (k8s.io/kubernetes third_party/forked/golang/expansion).
     */
    static Expanded expand(String value, Environment before) {
        if (value.indexOf('$') < 0) {
            return new Expanded(value, List.of());
        }
        StringBuilder out = new StringBuilder(value.length());
        List<String> references = new java.util.ArrayList<>(1);
        boolean unknown = false;
        int n = value.length();
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            if (c != '$' || i + 1 >= n) {
                out.append(c);
                continue;
            }
            char next = value.charAt(i + 1);
            if (next == '$') {
                out.append('$');
                i++;
            } else if (next == '(') {
                int close = value.indexOf(')', i + 2);
                if (close < 0) {
                    out.append(value, i, n);
                    break;
                }
                String ref = value.substring(i + 2, close);
                Variable v = before.get(ref);
                if (v == null) {
                    out.append(value, i, close + 1);
                } else {
                    references.add("$(" + ref + ")");
                    if (v.value() == null) {
                        unknown = true;
                    } else {
                        out.append(v.value());
                    }
                }
                i = close;
            } else {
                out.append(c);
            }
        }
        return new Expanded(unknown ? null : out.toString(), references);
    }

    private static boolean unreachable(ConfigMapLookup.Result r) {
        return r instanceof ConfigMapLookup.Unavailable;
    }

    private static String reason(ConfigMapLookup.Result r) {
        if (r instanceof ConfigMapLookup.Missing m) {
            return "was not found " + m.where();
        }
        return ((ConfigMapLookup.Unavailable) r).reason();
    }
}
