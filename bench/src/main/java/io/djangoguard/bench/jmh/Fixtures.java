package io.djangoguard.bench.jmh;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvFromSourceBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;

/**
 * The objects the benchmarks judge, built with fabric8's builders so that their size is a parameter, not a file. They
 * read like the manifests of src/test/resources/rules and realworld: a Django web container with its Celery worker and
 * beat, probes, mounts, resources, settings from literals and Secrets. {@code app} names the application (its
 * namespace, images, Secrets), so the audit corpus can make thousands of distinct ones.
 */
public final class Fixtures {

    private Fixtures() {
    }

    /** The Django settings of a production Deployment that passes the checklist (declared profile), in manifest order. */
    static List<EnvVar> djangoSettings(String app) {
        List<EnvVar> env = new ArrayList<>();
        env.add(literal("DJANGO_SETTINGS_MODULE", module(app) + ".settings.production"));
        env.add(literal("DJANGO_DEBUG", "False"));
        env.add(literal("DJANGO_ALLOWED_HOSTS", app + ".example.com,www." + app + ".example.com"));
        env.add(secretRef("DJANGO_SECRET_KEY", app + "-django", "secret-key"));
        env.add(literal("DJANGO_SESSION_COOKIE_SECURE", "True"));
        env.add(literal("DJANGO_CSRF_COOKIE_SECURE", "True"));
        env.add(literal("DJANGO_CSRF_TRUSTED_ORIGINS", "https://" + app + ".example.com,https://www." + app + ".example.com"));
        env.add(literal("DJANGO_SECURE_SSL_REDIRECT", "True"));
        env.add(literal("DJANGO_SECURE_HSTS_SECONDS", "31536000"));
        env.add(literal("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", "True"));
        env.add(literal("DJANGO_SECURE_HSTS_PRELOAD", "True"));
        env.add(literal("DJANGO_SECURE_CONTENT_TYPE_NOSNIFF", "True"));
        env.add(literal("DJANGO_X_FRAME_OPTIONS", "DENY"));
        env.add(literal("DJANGO_SECURE_REFERRER_POLICY", "same-origin"));
        env.add(literal("DJANGO_CONN_MAX_AGE", "60"));
        return env;
    }

    /** Variables of the application that are not Django settings: services, credentials from Secrets, the pod's own. */
    static List<EnvVar> applicationVariables(String app) {
        List<EnvVar> env = new ArrayList<>();
        env.add(secretRef("DATABASE_PASSWORD", app + "-postgres", "password"));
        env.add(literal("DATABASE_USER", app));
        env.add(literal("DATABASE_URL", "postgres://$(DATABASE_USER):$(DATABASE_PASSWORD)@" + app + "-postgres:5432/" + app));
        env.add(literal("REDIS_URL", "redis://" + app + "-redis-master:6379/0"));
        env.add(literal("CELERY_BROKER_URL", "redis://" + app + "-redis-master:6379/1"));
        env.add(literal("CELERY_RESULT_BACKEND", "redis://" + app + "-redis-master:6379/2"));
        env.add(secretRef("SENTRY_DSN", app + "-sentry", "dsn"));
        env.add(literal("SENTRY_ENVIRONMENT", "production"));
        env.add(literal("SENTRY_TRACES_SAMPLE_RATE", "0.05"));
        env.add(literal("AWS_STORAGE_BUCKET_NAME", app + "-media-prod"));
        env.add(literal("AWS_S3_REGION_NAME", "eu-west-1"));
        env.add(secretRef("AWS_ACCESS_KEY_ID", app + "-s3", "access-key-id"));
        env.add(secretRef("AWS_SECRET_ACCESS_KEY", app + "-s3", "secret-access-key"));
        env.add(literal("EMAIL_HOST", "smtp.eu.mailgun.org"));
        env.add(literal("EMAIL_PORT", "587"));
        env.add(literal("EMAIL_USE_TLS", "True"));
        env.add(secretRef("EMAIL_HOST_PASSWORD", app + "-smtp", "password"));
        env.add(fieldRef("POD_NAME", "metadata.name"));
        return env;
    }

    /** 33 variables: the 15 Django settings and 18 of the application's. */
    static List<EnvVar> productionEnv(String app) {
        List<EnvVar> env = djangoSettings(app);
        env.addAll(applicationVariables(app));
        return env;
    }

    /**
     * A clean production Deployment: web (gunicorn), Celery worker and beat, 33 variables each (99), readiness,
     * liveness and startup probes, a static-files emptyDir, a tmp emptyDir and a media Secret volume. Allowed.
     */
    public static Deployment cleanDeployment(String app, String namespace) {
        List<EnvVar> env = productionEnv(app);
        Container web = new ContainerBuilder().withName("web").withImage("ghcr.io/acme/" + app + ":2.14.3")
                .withCommand("gunicorn", module(app) + ".wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "4",
                        "--timeout", "60", "--access-logfile", "-")
                .addNewPort().withName("http").withContainerPort(8000).withProtocol("TCP").endPort()
                .withEnv(env)
                .withReadinessProbe(http("/healthz/ready/", 5, 10))
                .withLivenessProbe(http("/healthz/live/", 15, 20))
                .withStartupProbe(new ProbeBuilder(http("/healthz/live/", 0, 5)).withFailureThreshold(30).build())
                .withVolumeMounts(mount("static", "/app/staticfiles", false), mount("tmp", "/tmp", false),
                        mount("gcs-credentials", "/var/run/secrets/gcs", true))
                .withResources(resources("500m", "512Mi", "1Gi"))
                .withNewSecurityContext().withRunAsNonRoot(true).withRunAsUser(10001L).withReadOnlyRootFilesystem(true)
                .withAllowPrivilegeEscalation(false).endSecurityContext()
                .build();
        Container worker = new ContainerBuilder().withName("worker").withImage("ghcr.io/acme/" + app + ":2.14.3")
                .withCommand("celery", "-A", module(app), "worker", "--loglevel", "INFO", "--concurrency", "4")
                .withEnv(env)
                .withLivenessProbe(new ProbeBuilder().withNewExec()
                        .withCommand("celery", "-A", module(app), "inspect", "ping", "-d", "celery@$(POD_NAME)").endExec()
                        .withInitialDelaySeconds(30).withPeriodSeconds(60).withTimeoutSeconds(10).build())
                .withVolumeMounts(mount("tmp", "/tmp", false), mount("gcs-credentials", "/var/run/secrets/gcs", true))
                .withResources(resources("250m", "384Mi", "768Mi"))
                .build();
        Container beat = new ContainerBuilder().withName("beat").withImage("ghcr.io/acme/" + app + ":2.14.3")
                .withCommand("celery", "-A", module(app), "beat", "--loglevel", "INFO", "--schedule", "/tmp/celerybeat-schedule")
                .withEnv(env)
                .withVolumeMounts(mount("tmp", "/tmp", false))
                .withResources(resources("50m", "128Mi", "256Mi"))
                .build();
        return deployment(app, namespace, "web", 3, List.of(web, worker, beat),
                List.of(emptyDir("static"), emptyDir("tmp"), secretVolume("gcs-credentials", app + "-gcs")));
    }

    /**
     * Every rule that can fire on a Deployment judged alone (without the cluster) fires: 27 of the 29. Not
     * {@code secret-key-committed} (a Secret manifest's own key) nor {@code referrer-policy-unset} (only a Python
     * settings file can set None), which need other objects. Three Django containers split the rules that exclude each
     * other (HSTS off in one, too short in another).
     */
    public static Deployment everyRuleDeployment(String app, String namespace) {
        Container web = new ContainerBuilder().withName("web").withImage("ghcr.io/acme/" + app + ":2.14.3")
                .withCommand("gunicorn", module(app) + ".wsgi:application", "--bind", "0.0.0.0:8000")
                .addNewPort().withName("http").withContainerPort(8000).endPort()
                .withEnv(literal("DJANGO_SETTINGS_MODULE", module(app) + ".settings.production"),
                        literal("DJANGO_DEBUG", "True"),
                        literal("DJANGO_ALLOWED_HOSTS", "*"),
                        literal("DJANGO_SECRET_KEY", "changeme"),
                        literal("DJANGO_SECRET_KEY_FALLBACKS", "django-insecure-7x$k2!q9@z#m4p&w8r^t6y*u3i(o5e)a1s+d0f=g"),
                        literal("DJANGO_SESSION_COOKIE_SECURE", "False"),
                        literal("DJANGO_SESSION_COOKIE_HTTPONLY", "False"),
                        literal("DJANGO_CSRF_COOKIE_SECURE", "False"),
                        literal("DJANGO_CSRF_TRUSTED_ORIGINS", app + ".example.com"),
                        literal("DJANGO_SECURE_SSL_REDIRECT", "False"),
                        literal("DJANGO_SECURE_HSTS_SECONDS", "0"),
                        literal("DJANGO_SECURE_CONTENT_TYPE_NOSNIFF", "False"),
                        literal("DJANGO_X_FRAME_OPTIONS", "SAMEORIGIN"),
                        literal("DJANGO_SECURE_REFERRER_POLICY", "none"),
                        literal("DJANGO_SECURE_CROSS_ORIGIN_OPENER_POLICY", "none"),
                        literal("DJANGO_CONN_MAX_AGE", "0"),
                        literal("DJANGO_ALLOW_ASYNC_UNSAFE", "true"))
                .withReadinessProbe(http("/healthz/", 5, 10))
                .withResources(resources("250m", "256Mi", "512Mi"))
                .build();
        Container admin = new ContainerBuilder().withName("admin").withImage("ghcr.io/acme/" + app + ":2.14.3")
                .withCommand("python", "manage.py", "runserver", "0.0.0.0:8001")
                .addNewPort().withName("admin").withContainerPort(8001).endPort()
                .withEnvFrom(new EnvFromSourceBuilder().withNewConfigMapRef().withName(app + "-admin-settings")
                        .endConfigMapRef().build())
                .withEnv(literal("DJANGO_SETTINGS_MODULE", module(app) + ".settings.production"),
                        literal("DJANGO_DEBUG", "maybe"),
                        literal("DJANGO_ALLOWED_HOSTS", ""),
                        new EnvVarBuilder().withName("DJANGO_SECRET_KEY").withNewValueFrom().withNewConfigMapKeyRef()
                                .withName(app + "-config").withKey("secret-key").endConfigMapKeyRef().endValueFrom().build(),
                        literal("DJANGO_SECURE_HSTS_SECONDS", "3600"),
                        literal("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", "False"),
                        literal("DJANGO_SECURE_HSTS_PRELOAD", "False"))
                .withResources(resources("100m", "128Mi", "256Mi"))
                .build();
        Container ws = new ContainerBuilder().withName("websockets").withImage("ghcr.io/acme/" + app + ":2.14.3")
                .withCommand("daphne", "-b", "0.0.0.0", "-p", "8002", module(app) + ".asgi:application")
                .withEnv(literal("DJANGO_SETTINGS_MODULE", module(app) + ".settings.production"),
                        literal("DJANGO_ALLOWED_HOSTS", app + ".example.com"),
                        literal("DJANGO_SECRET_KEY_FILE", "/etc/" + app + "/secret-key"))
                .withVolumeMounts(mount("config", "/etc/" + app, true))
                .withResources(resources("100m", "128Mi", "256Mi"))
                .build();
        return deployment(app, namespace, "web", 2, List.of(web, admin, ws),
                List.of(new VolumeBuilder().withName("config").withNewConfigMap().withName(app + "-config").endConfigMap()
                        .build()));
    }

    /**
     * A Django ConfigMap whose {@code .env} key (django-environ's read_env) has {@code lines} lines: comments, blank
     * lines, exports, quoted values, the clean production settings and the application's. Allowed.
     */
    public static ConfigMap dotenvConfigMap(String app, String namespace, int lines) {
        List<String> body = new ArrayList<>();
        body.add("# " + app + ": django-environ settings, read by " + module(app) + "/settings/production.py");
        body.add("# Secrets (SECRET_KEY, passwords) come from the " + app + "-django Secret, not from this file.");
        body.add("");
        body.add("DJANGO_SETTINGS_MODULE=" + module(app) + ".settings.production");
        body.add("export DJANGO_DEBUG=False");
        body.add("DJANGO_ALLOWED_HOSTS=" + app + ".example.com,www." + app + ".example.com");
        body.add("DJANGO_CSRF_TRUSTED_ORIGINS=\"https://" + app + ".example.com,https://www." + app + ".example.com\"");
        body.add("");
        body.add("# HTTPS is terminated at the ingress");
        body.add("DJANGO_SECURE_SSL_REDIRECT=True");
        body.add("DJANGO_SECURE_HSTS_SECONDS=31536000");
        body.add("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS=True");
        body.add("DJANGO_SECURE_HSTS_PRELOAD=True");
        body.add("DJANGO_SESSION_COOKIE_SECURE=True");
        body.add("DJANGO_CSRF_COOKIE_SECURE=True");
        body.add("DJANGO_SECURE_CONTENT_TYPE_NOSNIFF=True");
        body.add("DJANGO_X_FRAME_OPTIONS=DENY");
        body.add("DJANGO_SECURE_REFERRER_POLICY='same-origin'");
        body.add("DJANGO_CONN_MAX_AGE=60");
        body.add("");
        body.add("# services");
        body.add("REDIS_URL=redis://" + app + "-redis-master:6379/0");
        body.add("CELERY_BROKER_URL=redis://" + app + "-redis-master:6379/1");
        body.add("CELERY_RESULT_BACKEND=redis://" + app + "-redis-master:6379/2");
        body.add("SENTRY_ENVIRONMENT=production");
        body.add("SENTRY_TRACES_SAMPLE_RATE=0.05");
        body.add("AWS_STORAGE_BUCKET_NAME=" + app + "-media-prod");
        body.add("AWS_S3_REGION_NAME=eu-west-1");
        body.add("EMAIL_HOST=smtp.eu.mailgun.org");
        body.add("EMAIL_PORT=587");
        body.add("EMAIL_USE_TLS=True");
        body.add("DEFAULT_FROM_EMAIL=\"" + app + " <noreply@" + app + ".example.com>\"");
        body.add("TIME_ZONE=Europe/Paris");
        body.add("LANGUAGE_CODE=en-us");
        int feature = 1;
        while (body.size() < lines) {
            body.add(feature % 4 == 0 ? "# feature flag " + feature + " (see docs/flags.md)"
                    : "export FEATURE_" + feature + "_ENABLED=" + (feature % 3 == 0 ? "False" : "True"));
            feature++;
        }
        return new ConfigMapBuilder().withNewMetadata().withName(app + "-env").withNamespace(namespace)
                .withLabels(labels(app, "config")).endMetadata()
                .withData(Map.of(".env", String.join("\n", body.subList(0, lines)) + "\n")).build();
    }

    /**
     * A Deployment of {@code containers} Django containers (web, then workers) with {@code variables} variables each:
     * the production settings first (as many as fit), then application variables: literals, Secret references, the
     * pod's fields and, one in ten, a {@code $(VAR)} reference to the variable five before it, as charts write them.
     * Allowed; what it costs to judge should grow with containers x variables.
     */
    public static Deployment scaled(int containers, int variables) {
        String app = "shop";
        List<EnvVar> env = new ArrayList<>(variables);
        List<EnvVar> django = djangoSettings(app);
        for (int i = 0; i < Math.min(variables, django.size()); i++) {
            env.add(django.get(i));
        }
        for (int i = env.size(); i < variables; i++) {
            String name = String.format("SHOP_SETTING_%04d", i);
            if (i % 10 == 5 && i >= 5) {
                env.add(literal(name, "$(" + env.get(i - 5).getName() + ")/v" + i));
            } else if (i % 10 == 3) {
                env.add(secretRef(name, app + "-credentials", "credential-" + i));
            } else if (i % 50 == 7) {
                env.add(fieldRef(name, "metadata.namespace"));
            } else {
                env.add(literal(name, "value-" + i + "-" + Integer.toHexString(i * 0x9E3779B1)));
            }
        }
        List<Container> list = new ArrayList<>(containers);
        for (int c = 0; c < containers; c++) {
            ContainerBuilder b = new ContainerBuilder().withName(c == 0 ? "web" : "worker-" + c)
                    .withImage("ghcr.io/acme/shop:2.14.3").withEnv(env)
                    .withResources(resources("100m", "128Mi", "256Mi"));
            if (c == 0) {
                b.withCommand("gunicorn", "shop.wsgi:application", "--bind", "0.0.0.0:8000")
                        .addNewPort().withName("http").withContainerPort(8000).endPort()
                        .withReadinessProbe(http("/healthz/", 5, 10));
            } else {
                b.withCommand("celery", "-A", "shop", "worker", "--queues", "queue-" + c);
            }
            list.add(b.build());
        }
        return deployment(app, "shop", "web", 2, list, List.of());
    }

    /** A Service in front of the web pods. */
    public static Service service(String app, String namespace) {
        return new ServiceBuilder().withNewMetadata().withName(app).withNamespace(namespace).withLabels(labels(app, "web"))
                .endMetadata().withNewSpec().withType("ClusterIP").withSelector(selector(app, "web"))
                .addNewPort().withName("http").withPort(80).withTargetPort(new IntOrString("http")).withProtocol("TCP")
                .endPort().endSpec().build();
    }

    /** A Secret as a repository keeps it, with one {@code key} in stringData. */
    public static Secret secret(String name, String namespace, String app, String key, String value) {
        return new SecretBuilder().withNewMetadata().withName(name).withNamespace(namespace)
                .withLabels(labels(app, "web")).endMetadata().withType("Opaque")
                .withStringData(new LinkedHashMap<>(Map.of(key, value))).build();
    }

    /** A ConfigMap of Django settings as variables (envFrom), clean. */
    public static ConfigMap settingsConfigMap(String app, String namespace) {
        Map<String, String> data = new LinkedHashMap<>();
        for (EnvVar e : djangoSettings(app)) {
            if (e.getValue() != null) {
                data.put(e.getName(), e.getValue());
            }
        }
        data.put("REDIS_URL", "redis://" + app + "-redis-master:6379/0");
        return new ConfigMapBuilder().withNewMetadata().withName(app + "-settings").withNamespace(namespace)
                .withLabels(labels(app, "config")).endMetadata().withData(data).build();
    }

    static Deployment deployment(String app, String namespace, String component, int replicas, List<Container> containers,
            List<Volume> volumes) {
        return new DeploymentBuilder().withNewMetadata().withName(app).withNamespace(namespace)
                .withLabels(labels(app, component)).endMetadata()
                .withNewSpec().withReplicas(replicas).withRevisionHistoryLimit(5)
                .withNewSelector().withMatchLabels(selector(app, component)).endSelector()
                .withNewStrategy().withType("RollingUpdate").withNewRollingUpdate().withMaxSurge(new IntOrString("25%"))
                .withMaxUnavailable(new IntOrString(0)).endRollingUpdate().endStrategy()
                .withNewTemplate().withNewMetadata().withLabels(labels(app, component))
                .withAnnotations(Map.of("prometheus.io/scrape", "true", "prometheus.io/port", "8000")).endMetadata()
                .withNewSpec().withServiceAccountName(app).withTerminationGracePeriodSeconds(30L)
                .withNewSecurityContext().withFsGroup(10001L).withNewSeccompProfile().withType("RuntimeDefault")
                .endSeccompProfile().endSecurityContext()
                .withContainers(containers).withVolumes(volumes).endSpec().endTemplate()
                .endSpec().build();
    }

    static Map<String, String> labels(String app, String component) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("app.kubernetes.io/name", app);
        m.put("app.kubernetes.io/component", component);
        m.put("app.kubernetes.io/part-of", "acme-" + app);
        m.put("app.kubernetes.io/version", "2.14.3");
        return m;
    }

    static Map<String, String> selector(String app, String component) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("app.kubernetes.io/name", app);
        m.put("app.kubernetes.io/component", component);
        return m;
    }

    /** The application's Python package: its name, which may have hyphens Kubernetes allows and Python does not. */
    static String module(String app) {
        return app.replace('-', '_');
    }

    static EnvVar literal(String name, String value) {
        return new EnvVarBuilder().withName(name).withValue(value).build();
    }

    static EnvVar secretRef(String name, String secret, String key) {
        return new EnvVarBuilder().withName(name).withNewValueFrom().withNewSecretKeyRef().withName(secret).withKey(key)
                .endSecretKeyRef().endValueFrom().build();
    }

    static EnvVar fieldRef(String name, String path) {
        return new EnvVarBuilder().withName(name).withNewValueFrom().withNewFieldRef().withFieldPath(path).endFieldRef()
                .endValueFrom().build();
    }

    static Probe http(String path, int initialDelay, int period) {
        return new ProbeBuilder().withNewHttpGet().withPath(path).withPort(new IntOrString("http")).endHttpGet()
                .withInitialDelaySeconds(initialDelay).withPeriodSeconds(period).withTimeoutSeconds(3).build();
    }

    static VolumeMount mount(String name, String path, boolean readOnly) {
        return new VolumeMountBuilder().withName(name).withMountPath(path).withReadOnly(readOnly).build();
    }

    static Volume emptyDir(String name) {
        return new VolumeBuilder().withName(name).withNewEmptyDir().endEmptyDir().build();
    }

    static Volume secretVolume(String name, String secret) {
        return new VolumeBuilder().withName(name).withNewSecret().withSecretName(secret).withDefaultMode(0400).endSecret()
                .build();
    }

    static ResourceRequirements resources(String cpu, String memoryRequest, String memoryLimit) {
        return new ResourceRequirementsBuilder().addToRequests("cpu", new Quantity(cpu))
                .addToRequests("memory", new Quantity(memoryRequest)).addToLimits("memory", new Quantity(memoryLimit))
                .build();
    }
}
