package io.djangoguard.lookup;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;

/**
 * Measures what the informer caches cost: heap per 1,000 ConfigMaps and per 1,000 Deployments as
 * {@link SlimStore} keeps them. Not a test; run by bench/cache-footprint.sh. Numbers are heap deltas
 * after GC, so they are approximate.
 */
public final class CacheFootprint {

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        long base = used();
        SlimStore<ConfigMap> configMaps = new SlimStore<>(Slim::configMap);
        for (int i = 0; i < n; i++) {
            ConfigMap cm = configMap(i);
            configMaps.put(configMaps.getKey(cm), cm);
        }
        long afterConfigMaps = used();
        SlimStore<Deployment> deployments = new SlimStore<>(Slim::workload);
        for (int i = 0; i < n; i++) {
            Deployment d = deployment(i);
            deployments.put(deployments.getKey(d), d);
        }
        long afterDeployments = used();
        System.out.printf("%d ConfigMaps (12 keys, ~600 B of data each, plus managedFields and last-applied annotation as kubectl leaves them): %.2f MiB, %.0f KiB per 1,000%n",
                n, mib(afterConfigMaps - base), (afterConfigMaps - base) / 1024.0 / (n / 1000.0));
        System.out.printf("%d Deployments (1 container, 14 env vars, envFrom, probes, resources): %.2f MiB, %.0f KiB per 1,000%n",
                n, mib(afterDeployments - afterConfigMaps), (afterDeployments - afterConfigMaps) / 1024.0 / (n / 1000.0));
        if (configMaps.size() != n || deployments.size() != n) {
            throw new IllegalStateException("stores lost entries");
        }
    }

    static ConfigMap configMap(int i) {
        Map<String, String> data = new LinkedHashMap<>();
        data.put("DJANGO_SETTINGS_MODULE", "app" + i + ".settings.production");
        data.put("DJANGO_DEBUG", "False");
        data.put("DJANGO_ALLOWED_HOSTS", "app" + i + ".example.com,www.app" + i + ".example.com");
        data.put("DJANGO_SECURE_HSTS_SECONDS", "31536000");
        data.put("DJANGO_CONN_MAX_AGE", "60");
        data.put("DATABASE_HOST", "postgres-" + i + ".db.svc.cluster.local");
        data.put("CACHE_URL", "redis://redis-" + i + ".cache.svc.cluster.local:6379/0");
        data.put("LOG_LEVEL", "INFO");
        data.put("SENTRY_ENVIRONMENT", "production");
        data.put("FEATURE_FLAGS", "checkout-v2,new-search,dark-mode");
        data.put("TIME_ZONE", "Europe/Berlin");
        data.put("STATIC_URL", "https://cdn.example.com/app" + i + "/static/");
        String applied = "{\"apiVersion\":\"v1\",\"data\":" + data + ",\"kind\":\"ConfigMap\"}";
        return new ConfigMapBuilder().withNewMetadata().withName("app-" + i + "-settings").withNamespace("ns-" + (i % 200))
                .withUid(java.util.UUID.randomUUID().toString()).withResourceVersion(String.valueOf(100000 + i))
                .addToAnnotations("kubectl.kubernetes.io/last-applied-configuration", applied)
                .addToLabels("app.kubernetes.io/name", "app-" + i)
                .withManagedFields(new ManagedFieldsEntryBuilder().withManager("kubectl-client-side-apply")
                        .withOperation("Update").withApiVersion("v1").build())
                .endMetadata().withData(data).build();
    }

    static Deployment deployment(int i) {
        List<EnvVar> env = new ArrayList<>();
        env.add(new EnvVar("DJANGO_SETTINGS_MODULE", "app" + i + ".settings.production", null));
        for (String s : List.of("DEBUG", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SECURE_SSL_REDIRECT",
                "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD")) {
            env.add(new EnvVar("DJANGO_" + s, s.equals("DEBUG") ? "False" : "True", null));
        }
        env.add(new EnvVar("DJANGO_ALLOWED_HOSTS", "app" + i + ".example.com", null));
        env.add(new EnvVar("DJANGO_SECURE_HSTS_SECONDS", "31536000", null));
        for (int k = 0; k < 5; k++) {
            env.add(new EnvVar("APP_SETTING_" + k, "value-" + k + "-" + i, null));
        }
        return new DeploymentBuilder().withNewMetadata().withName("app-" + i).withNamespace("ns-" + (i % 200))
                .withUid(java.util.UUID.randomUUID().toString()).withResourceVersion(String.valueOf(200000 + i))
                .addToAnnotations("deployment.kubernetes.io/revision", "3").endMetadata()
                .withNewSpec().withReplicas(3).withNewSelector().addToMatchLabels("app", "app-" + i).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "app-" + i).endMetadata().withNewSpec()
                .addNewContainer().withName("web").withImage("ghcr.io/acme/app-" + i + ":1.4.2")
                .withCommand("gunicorn", "app" + i + ".wsgi", "--bind", "0.0.0.0:8000").withEnv(env)
                .addNewEnvFrom().withNewConfigMapRef().withName("app-" + i + "-settings").endConfigMapRef().endEnvFrom()
                .addNewPort().withContainerPort(8000).withName("http").endPort()
                .withNewReadinessProbe().withNewHttpGet().withPath("/healthz/").withNewPort("http").endHttpGet().endReadinessProbe()
                .withNewResources().addToRequests("cpu", new io.fabric8.kubernetes.api.model.Quantity("250m"))
                .addToRequests("memory", new io.fabric8.kubernetes.api.model.Quantity("256Mi")).endResources()
                .endContainer().endSpec().endTemplate().endSpec().build();
    }

    private static long used() {
        for (int i = 0; i < 4; i++) {
            System.gc();
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }

    private static double mib(long bytes) {
        return bytes / 1024.0 / 1024.0;
    }
}
