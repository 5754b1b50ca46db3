package io.djangoguard.workload;

import java.util.ArrayList;
import java.util.List;

import io.djangoguard.workload.PodSpecs;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeProjection;

/** The ConfigMaps a workload references, as {@code namespace/name} keys: the cache's index, and what admission waits for. */
public final class References {

    private References() {
    }

    public static List<String> configMapsOf(HasMetadata workload, String defaultNamespace) {
        List<PodSpecs.At> specs = PodSpecs.all(workload);
        if (specs.isEmpty()) {
            return List.of();
        }
        String ns = workload.getMetadata() == null || workload.getMetadata().getNamespace() == null
                ? defaultNamespace : workload.getMetadata().getNamespace();
        List<String> keys = new ArrayList<>(2);
        for (PodSpecs.At at : specs) {
            PodSpec spec = at.spec();
            containers(spec.getInitContainers(), ns, keys);
            containers(spec.getContainers(), ns, keys);
            volumes(spec.getVolumes(), ns, keys);
        }
        return keys;
    }

    private static void volumes(List<Volume> volumes, String ns, List<String> keys) {
        if (volumes == null) {
            return;
        }
        for (Volume v : volumes) {
            if (v.getConfigMap() != null) {
                add(ns, v.getConfigMap().getName(), keys);
            }
            if (v.getProjected() != null && v.getProjected().getSources() != null) {
                for (VolumeProjection p : v.getProjected().getSources()) {
                    if (p.getConfigMap() != null) {
                        add(ns, p.getConfigMap().getName(), keys);
                    }
                }
            }
        }
    }

    private static void containers(List<Container> containers, String ns, List<String> keys) {
        if (containers == null) {
            return;
        }
        for (Container c : containers) {
            if (c.getEnvFrom() != null) {
                for (EnvFromSource f : c.getEnvFrom()) {
                    if (f.getConfigMapRef() != null) {
                        add(ns, f.getConfigMapRef().getName(), keys);
                    }
                }
            }
            if (c.getEnv() != null) {
                for (EnvVar e : c.getEnv()) {
                    if (e.getValueFrom() != null && e.getValueFrom().getConfigMapKeyRef() != null) {
                        add(ns, e.getValueFrom().getConfigMapKeyRef().getName(), keys);
                    }
                }
            }
        }
    }

    private static void add(String ns, String name, List<String> keys) {
        if (name != null) {
            String key = ns + "/" + name;
            if (!keys.contains(key)) {
                keys.add(key);
            }
        }
    }
}
