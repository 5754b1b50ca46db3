package io.djangoguard.bench.jmh;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvFromSourceBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;

/**
 * Writes the manifests bench/audit-scale.sh audits, deterministically:
 * <ul>
 * <li>{@code objects/apps-NNN.yaml}: {@code objects} objects, 100 documents a file, as applications of five: a web
 * Deployment (3 Django containers, 99 variables), a Celery Deployment reading the application's settings ConfigMap
 * with envFrom, that ConfigMap, a Service and the database's Secret. Two applications in eleven break something, in
 * turn: debug on, a wildcard host, a key in the manifest, a short HSTS (warn), a ConfigMap that is not among the files
 * (error), a weak key committed in the Django Secret, a key in the ConfigMap.</li>
 * <li>{@code chart/platform.yaml}: one rendered umbrella chart ({@code # Source:} comments, as {@code helm template}
 * writes it) of about {@code chartBytes} bytes, the same applications and also the 40-line .env ConfigMap.</li>
 * <li>{@code chart/platform-under-4mib.yaml}: its first documents, cut under 4,000,000 bytes (the server refuses a body
 * over 4 MiB), so that POST /audit has a body it accepts.</li>
 * </ul>
 * Usage: {@code AuditCorpus <dir> [objects=10000] [chartBytes=5000000]}; prints what it wrote.
 */
public final class AuditCorpus {

    /** Plain scalars where YAML allows them; text that would read as a number or boolean ("60", "True") stays quoted. */
    static final YAMLMapper YAML = new YAMLMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS));

    static {
        YAML.disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
    }

    private static final String[] FAILURES = { "debug", "wildcard-host", "inline-key", "short-hsts", "missing-configmap",
            "committed-weak-key", "key-in-configmap" };

    private AuditCorpus() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "target/bench-audit");
        int objects = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        long chartBytes = args.length > 2 ? Long.parseLong(args[2]) : 5_000_000L;
        Path objectsDir = dir.resolve("objects");
        Path chartDir = dir.resolve("chart");
        Files.createDirectories(objectsDir);
        Files.createDirectories(chartDir);

        int written = 0;
        int file = 0;
        int failing = 0;
        int app = 0;
        List<String> docs = new ArrayList<>();
        while (written < objects) {
            boolean breaks = app % 11 == 3 || app % 11 == 8;
            List<HasMetadata> bundle = application(app,
                    breaks ? FAILURES[(app / 11 * 2 + (app % 11 == 8 ? 1 : 0)) % FAILURES.length] : null, false);
            if (breaks) {
                failing++;
            }
            for (HasMetadata o : bundle) {
                if (written == objects) {
                    break;
                }
                docs.add("---\n" + YAML.writeValueAsString(o));
                written++;
                if (docs.size() == 100) {
                    write(objectsDir.resolve(String.format("apps-%03d.yaml", file++)), docs);
                    docs.clear();
                }
            }
            app++;
        }
        if (!docs.isEmpty()) {
            write(objectsDir.resolve(String.format("apps-%03d.yaml", file++)), docs);
        }
        System.out.printf("objects: %d objects (%d applications, %d of them breaking something) in %d files under %s%n",
                written, app, failing, file, objectsDir);

        Path chart = chartDir.resolve("platform.yaml");
        Path under = chartDir.resolve("platform-under-4mib.yaml");
        long size = 0;
        long underSize = 0;
        int chartDocs = 0;
        int underDocs = 0;
        try (Writer all = Files.newBufferedWriter(chart, StandardCharsets.UTF_8);
                Writer part = Files.newBufferedWriter(under, StandardCharsets.UTF_8)) {
            for (int a = 0; size < chartBytes; a++) {
                String failure = a % 11 == 5 ? FAILURES[(a / 11) % FAILURES.length] : null;
                for (HasMetadata o : application(a, failure, true)) {
                    String doc = "---\n# Source: acme-platform/charts/" + appName(a) + "/templates/"
                            + o.getKind().toLowerCase() + ".yaml\n" + YAML.writeValueAsString(o);
                    byte[] bytes = doc.getBytes(StandardCharsets.UTF_8);
                    all.write(doc);
                    size += bytes.length;
                    chartDocs++;
                    if (underDocs == chartDocs - 1 && underSize + bytes.length < 4_000_000L) {
                        part.write(doc);
                        underSize += bytes.length;
                        underDocs++;
                    }
                }
            }
        }
        System.out.printf("chart: %d documents, %d bytes in %s; its first %d documents, %d bytes, in %s%n", chartDocs, size,
                chart, underDocs, underSize, under);
    }

    private static void write(Path file, List<String> docs) throws IOException {
        Files.writeString(file, String.join("", docs), StandardCharsets.UTF_8);
    }

    static String appName(int a) {
        String[] names = { "shop", "billing", "cms", "reports", "inventory", "accounts", "search", "tickets", "wiki",
                "forms", "media", "catalog", "orders", "survey", "crm", "intranet" };
        return names[a % names.length] + "-" + String.format("%04d", a);
    }

    /**
     * One application's objects. {@code failure}: what it breaks, or null. {@code dotenv}: also the .env ConfigMap
     * (the chart has one per application).
     */
    static List<HasMetadata> application(int a, String failure, boolean dotenv) {
        String app = appName(a);
        String ns = "team-" + (a % 40);
        Deployment web = Fixtures.cleanDeployment(app, ns);
        Container main = web.getSpec().getTemplate().getSpec().getContainers().get(0);
        ConfigMap settings = Fixtures.settingsConfigMap(app, ns);
        Secret secret = Fixtures.secret(app + "-postgres", ns, app, "password",
                "Vq3" + Integer.toHexString(a * 0x9E3779B1) + "xT8mK2pL7wR4");
        String settingsName = settings.getMetadata().getName();
        if (failure != null) {
            switch (failure) {
                case "debug" -> set(main, "DJANGO_DEBUG", "True");
                case "wildcard-host" -> set(main, "DJANGO_ALLOWED_HOSTS", "*");
                case "inline-key" -> main.getEnv().replaceAll(e -> e.getName().equals("DJANGO_SECRET_KEY")
                        ? Fixtures.literal("DJANGO_SECRET_KEY", "d8f7a6s5d4f3g2h1j0k9l8z7x6c5v4b3n2m1q0w9e8r7t6y5u4i3o2p1") : e);
                case "short-hsts" -> set(main, "DJANGO_SECURE_HSTS_SECONDS", "3600");
                case "missing-configmap" -> settingsName = app + "-settings-v2";
                case "committed-weak-key" -> secret = Fixtures.secret(app + "-django", ns, app, "secret-key", "changeme");
                case "key-in-configmap" -> settings.getData().put("DJANGO_SECRET_KEY", "p0o9i8u7y6t5r4e3w2q1a2s3d4f5g6h7j8k9l0z1x2c3v4b5n6m7");
                default -> throw new IllegalArgumentException(failure);
            }
        }
        Container celery = new ContainerBuilder().withName("celery").withImage("ghcr.io/acme/" + app + ":2.14.3")
                .withCommand("celery", "-A", Fixtures.module(app), "worker", "--loglevel", "INFO")
                .withEnvFrom(new EnvFromSourceBuilder().withNewConfigMapRef().withName(settingsName).endConfigMapRef().build())
                .withEnv(Fixtures.secretRef("DJANGO_SECRET_KEY", app + "-django", "secret-key"),
                        Fixtures.secretRef("DATABASE_URL", app + "-django", "database-url"))
                .withResources(Fixtures.resources("250m", "384Mi", "768Mi"))
                .build();
        Deployment worker = Fixtures.deployment(app, ns, "worker", 2, List.of(celery), List.of());
        worker.getMetadata().setName(app + "-worker");
        List<HasMetadata> objects = new ArrayList<>(List.of(web, worker, settings, Fixtures.service(app, ns), secret));
        if (dotenv) {
            objects.add(Fixtures.dotenvConfigMap(app, ns, 40));
        }
        return objects;
    }

    private static void set(Container c, String name, String value) {
        for (EnvVar e : c.getEnv()) {
            if (e.getName().equals(name)) {
                e.setValue(value);
                e.setValueFrom(null);
                return;
            }
        }
        c.getEnv().add(Fixtures.literal(name, value));
    }
}
