package io.djangoguard.lookup;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.djangoguard.settings.Dotenv;
import io.djangoguard.workload.PodSpecs;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;

/** What the caches keep of each object: what the engine reads, and no more. */
final class Slim {

    /** A setting's value is short; a larger value (a whole config file) is not one django-guard reads. */
    static final int MAX_VALUE_LENGTH = 16 * 1024;
    /** A dotenv key holds many settings. */
    static final int MAX_DOTENV_LENGTH = 256 * 1024;

    private Slim() {
    }

    static ConfigMap configMap(ConfigMap cm) {
        ConfigMap slim = new ConfigMap();
        slim.setApiVersion("v1");
        slim.setKind("ConfigMap");
        slim.setMetadata(meta(cm.getMetadata(), false));
        Map<String, String> data = cm.getData();
        if (data != null && !data.isEmpty()) {
            Map<String, String> kept = new LinkedHashMap<>(data.size() * 2);
            data.forEach((k, v) -> {
                int limit = Dotenv.isDotenvKey(k) ? MAX_DOTENV_LENGTH : MAX_VALUE_LENGTH;
                if (v != null && v.length() <= limit) {
                    kept.put(k, v);
                }
            });
            slim.setData(kept);
        }
        return slim;
    }

    static Namespace namespace(Namespace ns) {
        Namespace slim = new Namespace();
        slim.setApiVersion("v1");
        slim.setKind("Namespace");
        slim.setMetadata(meta(ns.getMetadata(), true));
        return slim;
    }

    /**
     * A workload keeps what the engine reads of its pod template (containers' names, command, args,
     * env, envFrom, working dir and mounts, and the volumes); status, probes, ports, resources,
     * scheduling and managed fields are dropped.
     */
    static <T extends HasMetadata> T workload(T w) {
        w.setMetadata(meta(w.getMetadata(), true));
        if (w instanceof Deployment d) {
            d.setStatus(null);
        } else if (w instanceof StatefulSet s) {
            s.setStatus(null);
        } else if (w instanceof DaemonSet s) {
            s.setStatus(null);
        } else if (w instanceof CronJob c) {
            c.setStatus(null);
        }
        PodSpecs.At at = PodSpecs.of(w);
        if (at != null) {
            PodSpec spec = at.spec();
            spec.setAffinity(null);
            spec.setTolerations(null);
            spec.setTopologySpreadConstraints(null);
            spec.setNodeSelector(null);
            spec.setSecurityContext(null);
            spec.setImagePullSecrets(null);
            containers(spec.getInitContainers());
            containers(spec.getContainers());
        }
        return w;
    }

    private static void containers(List<Container> containers) {
        if (containers == null) {
            return;
        }
        for (Container c : containers) {
            c.setPorts(null);
            c.setReadinessProbe(null);
            c.setLivenessProbe(null);
            c.setStartupProbe(null);
            c.setResources(null);
            c.setSecurityContext(null);
            c.setLifecycle(null);
        }
    }

    private static ObjectMeta meta(ObjectMeta m, boolean keepProfile) {
        ObjectMeta slim = new ObjectMeta();
        if (m == null) {
            return slim;
        }
        slim.setName(m.getName());
        slim.setNamespace(m.getNamespace());
        slim.setResourceVersion(m.getResourceVersion());
        slim.setUid(m.getUid());
        if (keepProfile) {
            slim.setAnnotations(djangoGuardKeysOnly(m.getAnnotations()));
            slim.setLabels(djangoGuardKeysOnly(m.getLabels()));
        }
        return slim;
    }

    /** The prefix of every annotation and label django-guard reads: profile, Django version, rollout mode, exemptions. */
    static final String OWN_PREFIX = "django-guard.io/";

    /**
     * Of an object's annotations and labels, django-guard's own ({@link #OWN_PREFIX}): the profile, the Django version,
     * the rollout mode and exemptions. Everything else (kubectl's last-applied copy above all) is dropped.
     */
    private static Map<String, String> djangoGuardKeysOnly(Map<String, String> m) {
        if (m == null) {
            return null;
        }
        Map<String, String> kept = null;
        for (Map.Entry<String, String> e : m.entrySet()) {
            if (e.getKey() != null && e.getKey().startsWith(OWN_PREFIX) && e.getValue() != null) {
                if (kept == null) {
                    kept = new java.util.HashMap<>(4);
                }
                kept.put(e.getKey(), e.getValue());
            }
        }
        return kept == null ? null : Map.copyOf(kept);
    }
}
