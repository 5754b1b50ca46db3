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
            env.put(name, var.getValue() == null ? "" : var.getValue(), new Source(Source.Kind.ENV_VALUE,
                    var.getValue() == null ? "env " + name + " (no value in the YAML; an unquoted # starts a comment)" : "env " + name,
                    path, null));
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
