package io.djangoguard.engine;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.djangoguard.settings.Aliases;
import io.djangoguard.settings.DjangoSetting;
import io.djangoguard.settings.Environment;
import io.djangoguard.settings.Preset;
import io.djangoguard.settings.Presets;
import io.djangoguard.settings.Variable;
import io.djangoguard.workload.CommandLine;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Probe;

/**
 * Why a container was judged as Django, and in which role: every judged object says which of its containers were
 * taken for Django and on what evidence, so that "allowed" can be told from "no Django container found".
 *
 * @param container the container's name
 * @param role      web (serves HTTP) or worker (migrations, task queues, cron, management commands)
 * @param evidence  what showed it is Django, then why it has its role, in words
 */
public record Recognition(String container, Role role, List<String> evidence) {

    public enum Role {
        /** Serves HTTP: a WSGI/ASGI server, runserver, ports or HTTP probes. Cookie, redirect and HSTS rules concern it. */
        WEB,
        /** Runs Django without serving HTTP: migrations, celery, cron, management commands. */
        WORKER;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Django's own settings that a {@code DJANGO_} variable names, beyond those django-guard judges. */
    private static final Set<String> OTHER_DJANGO_SETTINGS = Set.of("SETTINGS_MODULE", "CONFIGURATION", "CSRF_TRUSTED_ORIGINS",
            "ADMIN_URL", "ADMINS", "TIME_ZONE", "LANGUAGE_CODE", "STATIC_URL", "STATIC_ROOT", "MEDIA_URL", "MEDIA_ROOT",
            "EMAIL_BACKEND", "DEFAULT_FROM_EMAIL", "SERVER_EMAIL", "SECURE_PROXY_SSL_HEADER", "SESSION_COOKIE_DOMAIN",
            "CSRF_COOKIE_DOMAIN", "USE_X_FORWARDED_HOST", "LOG_LEVEL");

    /**
     * Images that are not Python: a variable named like a Django setting in them (nginx templating its config from
     * DJANGO_ALLOWED_HOSTS, a Node front end given DJANGO_DB_HOST) does not make them Django.
     */
    private static final Set<String> NOT_PYTHON_IMAGES = Set.of("nginx", "nginx-unprivileged", "openresty", "httpd", "caddy",
            "traefik", "envoy", "haproxy", "node", "redis", "valkey", "postgres", "postgresql", "mysql", "mariadb",
            "memcached", "rabbitmq", "busybox", "alpine", "curl", "kubectl", "cloud-sql-proxy", "oauth2-proxy", "pgbouncer",
            "statsd-exporter", "fluent-bit", "fluentd", "varnish", "minio", "mc", "mongo", "mongodb", "elasticsearch",
            "opensearch", "clickhouse-server", "kafka", "zookeeper", "etcd", "cloud-sdk", "google-cloud-cli", "aws-cli");

    /**
     * What in a container's own spec shows it runs Django, or an empty list when nothing does. Shared configuration
     * with another Django container is evidence too, found by the caller once every container's own is known.
     */
    static List<String> ownEvidence(Container c, CommandLine cmd, Environment env, Aliases aliases, Presets presets) {
        List<String> evidence = new ArrayList<>(3);
        String djangoCommand = cmd.djangoCommand();
        String server = cmd.wsgiServer();
        if (djangoCommand != null) {
            evidence.add("runs " + djangoCommand);
        }
        if (server != null) {
            evidence.add(server);
        }
        if (evidence.isEmpty() && NOT_PYTHON_IMAGES.contains(imageName(c.getImage()))) {
            return List.of();
        }
        if (env.get("DJANGO_SETTINGS_MODULE") != null) {
            evidence.add("DJANGO_SETTINGS_MODULE is set");
        }
        List<String> prefixed = new ArrayList<>(3);
        for (Variable v : env.all()) {
            String name = v.name();
            if (name.startsWith("DJANGO_") && !name.equals("DJANGO_SETTINGS_MODULE") && namesDjangoSetting(name, aliases)) {
                prefixed.add(name);
            }
        }
        if (!prefixed.isEmpty()) {
            evidence.add("Django settings in its environment: " + String.join(", ", prefixed.subList(0, Math.min(3, prefixed.size())))
                    + (prefixed.size() > 3 ? ", ..." : ""));
        }
        String carrier = djangoConfigMap(env);
        if (carrier != null) {
            evidence.add(carrier);
        }
        Preset application = c.getImage() == null ? null : presets.forImage(c.getImage());
        if (application != null) {
            evidence.add("image " + Presets.repository(c.getImage()) + " is " + application.name());
        }
        if (evidence.isEmpty()) {
            String named = namedDjango(c, env);
            if (named != null) {
                evidence.add(named);
            }
        }
        if (!evidence.isEmpty() && cmd.taskWorker() != null) {
            evidence.add("runs " + cmd.taskWorker());
        }
        return evidence;
    }

    /**
     * A ConfigMap the container reads that carries Django settings under their own names (SECRET_KEY with
     * ALLOWED_HOSTS or DEBUG), in words; null when none does. The same three names written in the container's own env
     * are not enough: a Node app has DEBUG and SECRET_KEY too.
     */
    private static String djangoConfigMap(Environment env) {
        Variable key = env.get("SECRET_KEY");
        if (key == null || !key.source().kind().fromConfigMap() || key.source().referencedName() == null) {
            return null;
        }
        for (String other : List.of("ALLOWED_HOSTS", "DEBUG")) {
            Variable v = env.get(other);
            if (v != null && v.source().kind().fromConfigMap() && key.source().referencedName().equals(v.source().referencedName())) {
                return "reads ConfigMap \"" + key.source().referencedName() + "\", which carries SECRET_KEY and " + other;
            }
        }
        return null;
    }

    /**
     * A container or image named for Django ({@code django-app}, {@code acme/django-site}) that has what a Django
     * process is given (SECRET_KEY, ALLOWED_HOSTS, DEBUG or DATABASE_URL): small projects deploy so, with bare names
     * and the image's own command. The name alone is not enough, nor are the variables alone (a Node app has them).
     */
    private static String namedDjango(Container c, Environment env) {
        String image = imageName(c.getImage()).toLowerCase(java.util.Locale.ROOT);
        String name = c.getName() == null ? "" : c.getName().toLowerCase(java.util.Locale.ROOT);
        String named = image.contains("django") ? "image " + Presets.repository(c.getImage())
                : name.contains("django") ? "container name " + c.getName() : null;
        if (named == null) {
            return null;
        }
        for (String v : List.of("SECRET_KEY", "ALLOWED_HOSTS", "DEBUG", "DATABASE_URL")) {
            if (env.get(v) != null) {
                return named + " says Django, and it is given " + v;
            }
        }
        return null;
    }

    /** Whether {@code DJANGO_X} names a Django setting: one django-guard reads (by any alias) or another of Django's. */
    private static boolean namesDjangoSetting(String name, Aliases aliases) {
        String rest = name.substring("DJANGO_".length());
        if (OTHER_DJANGO_SETTINGS.contains(rest) || rest.startsWith("SECURE_") || rest.startsWith("SESSION_")
                || rest.startsWith("CSRF_")) {
            return true;
        }
        for (DjangoSetting s : DjangoSetting.values()) {
            if (s.name().equals(rest) || aliases.namesOf(s).contains(name)) {
                return true;
            }
        }
        return false;
    }

    /** The ConfigMaps and Secrets a container reads variables from, as {@code ConfigMap "x"} / {@code Secret "y"}. */
    static Set<String> configurationSources(Container c) {
        Set<String> sources = new LinkedHashSet<>();
        if (c.getEnvFrom() != null) {
            for (EnvFromSource from : c.getEnvFrom()) {
                if (from.getConfigMapRef() != null && from.getConfigMapRef().getName() != null) {
                    sources.add("ConfigMap \"" + from.getConfigMapRef().getName() + "\"");
                }
                if (from.getSecretRef() != null && from.getSecretRef().getName() != null) {
                    sources.add("Secret \"" + from.getSecretRef().getName() + "\"");
                }
            }
        }
        if (c.getEnv() != null) {
            for (EnvVar v : c.getEnv()) {
                if (v.getValueFrom() == null) {
                    continue;
                }
                if (v.getValueFrom().getConfigMapKeyRef() != null && v.getValueFrom().getConfigMapKeyRef().getName() != null) {
                    sources.add("ConfigMap \"" + v.getValueFrom().getConfigMapKeyRef().getName() + "\"");
                }
                if (v.getValueFrom().getSecretKeyRef() != null && v.getValueFrom().getSecretKeyRef().getName() != null) {
                    sources.add("Secret \"" + v.getValueFrom().getSecretKeyRef().getName() + "\"");
                }
            }
        }
        return sources;
    }

    /** Whether the container may be Django at all by its image: a non-Python image is not, unless it runs Django. */
    static boolean mayBeDjango(Container c, CommandLine cmd) {
        return cmd.djangoCommand() != null || cmd.wsgiServer() != null || !NOT_PYTHON_IMAGES.contains(imageName(c.getImage()));
    }

    /**
     * The role, with why: what the container runs first, then what it declares (ports, HTTP probes), then where it
     * is (an init container, a Job's pod). A Django container with no sign either way is taken as web, so the web
     * rules are not lost on it.
     */
    static RoleFound role(Container c, CommandLine cmd, boolean init, boolean batch) {
        String sub = cmd.managementCommand();
        if (sub != null && (sub.equals("runserver") || sub.equals("runserver_plus"))) {
            return new RoleFound(Role.WEB, "runs the development server");
        }
        if (cmd.wsgiServer() != null) {
            return new RoleFound(Role.WEB, "runs a WSGI/ASGI server");
        }
        if (init) {
            return new RoleFound(Role.WORKER, "an init container");
        }
        if (cmd.djangoCommand() != null) {
            return new RoleFound(Role.WORKER, "runs a management command");
        }
        if (cmd.taskWorker() != null) {
            return new RoleFound(Role.WORKER, "runs a task queue worker");
        }
        if (cmd.hasWord(WORKER_WORDS)) {
            return new RoleFound(Role.WORKER, "its command names a worker");
        }
        if (c.getPorts() != null && !c.getPorts().isEmpty()) {
            return new RoleFound(Role.WEB, "declares container ports");
        }
        if (httpProbe(c.getReadinessProbe()) || httpProbe(c.getLivenessProbe()) || httpProbe(c.getStartupProbe())) {
            return new RoleFound(Role.WEB, "has HTTP probes");
        }
        if (batch) {
            return new RoleFound(Role.WORKER, "runs in a Job");
        }
        return new RoleFound(Role.WEB, cmd.isEmpty() ? "runs its image's own command, taken as a web server"
                : "no sign it is a worker, taken as a web server");
    }

    /** Words an entrypoint script takes to start something other than the web server. */
    private static final Set<String> WORKER_WORDS = Set.of("worker", "beat", "scheduler", "consumer", "rqworker", "celeryworker",
            "celerybeat", "cron", "migrate");

    /** A role and why the container has it. */
    record RoleFound(Role role, String why) {
    }

    private static boolean httpProbe(Probe p) {
        return p != null && p.getHttpGet() != null;
    }

    /** The image's last path segment, without tag: {@code nginx} for {@code docker.io/library/nginx:1.27}. */
    static String imageName(String image) {
        if (image == null) {
            return "";
        }
        String repo = Presets.repository(image);
        return repo.substring(repo.lastIndexOf('/') + 1);
    }
}
