package io.djangoguard.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.djangoguard.engine.Engine;
import io.djangoguard.engine.Policy;
import io.djangoguard.settings.ConfigMapLookup;
import io.djangoguard.engine.NamespaceProfiles;
import io.djangoguard.report.AuditReport;
import io.djangoguard.report.ReportFormat;
import io.djangoguard.rules.RuleCatalog;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ListMetaBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentList;
import io.fabric8.kubernetes.api.model.apps.DeploymentListBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;

/**
 * A cluster audit at scale, through the fabric8 mock API server in expectations mode: realistic Django
 * Deployments served page by page (each page generated when it is asked for, so the mock server never holds
 * them all), listed by the real client, judged by the real engine, written as the JSON report. Checks that
 * every page is read and every object judged; prints wall time and heap.
 * <p>
 * By default 1,200 Deployments (3 pages of 500). The measurement for the README:
 * {@code ./mvnw -B -o test -Dtest=ClusterAuditScaleTest -Dcluster.scale.deployments=10000}, optionally with
 * {@code -Dcluster.scale.page-size=N}, {@code -Dcluster.scale.runs=N}, {@code -DargLine=-Xmx64m} (a small heap),
 * {@code -Dcluster.scale.baseline=true} (also measures what the same Deployments take when all held at once).
 * No timing is asserted.
 */
class ClusterAuditScaleTest {

    /** As django-guard.cluster.audit-page-size; 500 by default, as there. */
    static final int PAGE_SIZE = Integer.getInteger("cluster.scale.page-size", 500);
    static final int NAMESPACES = 100;
    static final ObjectMapper JSON = new ObjectMapper();

    /** What the generator made, to check the report against. */
    record Expected(int denied, int errors, int warned, int allowed) {
    }

    @Test
    void tenThousandDeploymentsArePagedJudgedAndReported() throws Exception {
        int count = Integer.getInteger("cluster.scale.deployments", 1200);
        int runs = Integer.getInteger("cluster.scale.runs", count >= 5000 ? 3 : 1);
        int pages = (count + PAGE_SIZE - 1) / PAGE_SIZE;

        KubernetesMockServer server = new KubernetesMockServer(false);
        server.init();
        AtomicLong bytesServed = new AtomicLong();
        AtomicLong envBytes = new AtomicLong();
        AtomicInteger pagesServed = new AtomicInteger();
        AtomicLong servingNanos = new AtomicLong();
        try (KubernetesClient client = server.createClient()) {
            for (int p = 0; p < pages; p++) {
                int page = p;
                String path = "/apis/apps/v1/deployments?" + (p == 0 ? "" : "continue=page-" + p + "&") + "limit=" + PAGE_SIZE;
                server.expect().get().withPath(path).andReply(200, request -> {
                    pagesServed.incrementAndGet();
                    long t = System.nanoTime();
                    String body = page(page, count, envBytes);
                    servingNanos.addAndGet(System.nanoTime() - t);
                    bytesServed.addAndGet(body.length());
                    return body;
                }).always();
            }
            for (String other : List.of("/apis/apps/v1/statefulsets", "/apis/apps/v1/daemonsets", "/apis/batch/v1/cronjobs",
                    "/apis/batch/v1/jobs", "/apis/apps/v1/replicasets", "/api/v1/pods", "/api/v1/configmaps")) {
                server.expect().get().withPath(other + "?limit=" + PAGE_SIZE).andReturn(200, "{\"apiVersion\":\"v1\",\"kind\":\"List\","
                        + "\"metadata\":{\"resourceVersion\":\"1\"},\"items\":[]}").always();
            }

            Engine engine = new Engine(Policy.defaults(), RuleCatalog.all());
            ClusterAuditor auditor = new ClusterAuditor(engine, client, PAGE_SIZE);
            Engine.Context context = new Engine.Context(null, configMaps(), NamespaceProfiles.NONE, null);
            Expected expected = expected(count);

            for (int run = 1; run <= runs; run++) {
                bytesServed.set(0);
                envBytes.set(0);
                pagesServed.set(0);
                servingNanos.set(0);
                Heap heap = Heap.settled();
                long usedBefore = heap.used;
                Sampler sampler = new Sampler();
                sampler.start();
                AfterGc afterGc = AfterGc.listen();
                resetPeaks();
                long start = System.nanoTime();

                ClusterAuditor.Outcome outcome = auditor.audit(null, context);
                String json = ReportFormat.JSON.write(outcome.report(), engine.policy());

                long wallMs = (System.nanoTime() - start) / 1_000_000;
                sampler.stop();
                afterGc.stop();
                long poolPeak = heapPoolPeaks();
                AuditReport report = outcome.report();
                long usedAfter = Heap.settled().used;

                assertEquals(count, report.summary().objects());
                assertEquals(count, outcome.listed());
                assertEquals(pages, pagesServed.get(), "every page asked for once");
                assertEquals(expected.denied(), report.summary().denied());
                assertEquals(expected.errors(), report.summary().errors());
                assertEquals(expected.warned(), report.summary().warned());
                assertEquals(expected.allowed(), report.summary().allowed());
                assertEquals("team-00", report.results().get(0).namespace());
                assertEquals(count - 1, Integer.parseInt(report.results().get(count - 1).name().replaceAll("\\D", "")));
                assertTrue(json.length() > 0);

                System.out.printf(Locale.ROOT, "cluster audit, run %d of %d: %,d Deployments in %d pages of %d "
                        + "(%,d KiB of list JSON served, %,d KiB of env values+names), %d denied / %d warned / %d allowed%n",
                        run, runs, count, pages, PAGE_SIZE, bytesServed.get() / 1024, envBytes.get() / 1024,
                        report.summary().denied(), report.summary().warned(), report.summary().allowed());
                System.out.printf(Locale.ROOT, "  wall %,d ms (list + judge + JSON report of %,d KiB; of which the mock server generating the pages %,d ms); heap used after GC "
                        + "before %,d KiB, after %,d KiB (report and JSON held: +%,d KiB); peak used %,d KiB sampled "
                        + "(+%,d KiB over before), %,d KiB heap pools' peak; largest heap after a GC during the run %,d KiB "
                        + "(%d GCs); max heap %,d MiB, %d CPUs%n",
                        wallMs, json.length() / 1024, servingNanos.get() / 1_000_000, usedBefore / 1024, usedAfter / 1024, (usedAfter - usedBefore) / 1024,
                        sampler.peak.get() / 1024, (sampler.peak.get() - usedBefore) / 1024, poolPeak / 1024,
                        afterGc.largest.get() / 1024, afterGc.count.get(),
                        Runtime.getRuntime().maxMemory() / (1024 * 1024), Runtime.getRuntime().availableProcessors());
                // keep them alive until after the measurement
                assertTrue(json.hashCode() != 0 || report.hashCode() != 0);
            }
            if (Boolean.getBoolean("cluster.scale.baseline")) {
                // For comparison only: what holding every object at once (one list call, no paging) would keep.
                long before = Heap.settled().used;
                List<Deployment> all = new ArrayList<>(count);
                for (int p = 0; p < pages; p++) {
                    all.addAll(JSON.readValue(page(p, count, new AtomicLong()), DeploymentList.class).getItems());
                }
                long after = Heap.settled().used;
                System.out.printf(Locale.ROOT, "  baseline: the %,d Deployments held at once take %,d KiB of heap%n",
                        all.size(), (after - before) / 1024);
                assertEquals(count, all.size());
            }
        } finally {
            server.destroy();
        }
    }

    // ---------------------------------------------------------------- the cluster

    private static String name(int i) {
        return String.format(Locale.ROOT, "app-%05d", i);
    }

    /** Deployments are sorted by namespace then name, as the API lists them: 100 per namespace. */
    private static String namespaceOf(int i, int count) {
        int perNamespace = Math.max(1, (count + NAMESPACES - 1) / NAMESPACES);
        return String.format(Locale.ROOT, "team-%02d", i / perNamespace);
    }

    private static String page(int page, int count, AtomicLong envBytes) {
        List<Deployment> items = new ArrayList<>(PAGE_SIZE);
        for (int i = page * PAGE_SIZE; i < Math.min(count, (page + 1) * PAGE_SIZE); i++) {
            Deployment d = deployment(i, count);
            for (EnvVar e : d.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv()) {
                envBytes.addAndGet(e.getName().length() + (e.getValue() == null ? 0 : e.getValue().length()));
            }
            items.add(d);
        }
        DeploymentList list = new DeploymentListBuilder().withMetadata(new ListMetaBuilder().withResourceVersion("48213")
                .withContinue((page + 1) * PAGE_SIZE < count ? "page-" + (page + 1) : null).build()).withItems(items).build();
        try {
            return JSON.writeValueAsString(list);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every 10th in debug mode, every 17th (not 10th) serving with runserver, every 13th with a short HSTS. */
    static Deployment deployment(int i, int count) {
        String app = name(i);
        String ns = namespaceOf(i, count);
        boolean debug = i % 10 == 0;
        boolean runserver = !debug && i % 17 == 0;
        boolean shortHsts = !debug && !runserver && i % 13 == 0;
        boolean envFrom = i % 5 == 0;
        List<EnvVar> env = new ArrayList<>();
        env.add(new EnvVar("DJANGO_SETTINGS_MODULE", app.replace('-', '_') + ".settings.production", null));
        env.add(new EnvVar("DJANGO_DEBUG", debug ? "True" : "False", null));
        env.add(new EnvVar("DJANGO_ALLOWED_HOSTS", app + ".example.com," + app + "." + ns + ".svc.cluster.local", null));
        env.add(secret("DJANGO_SECRET_KEY", app + "-django", "secret-key"));
        env.add(secret("DATABASE_URL", app + "-db", "url"));
        env.add(new EnvVar("DJANGO_SESSION_COOKIE_SECURE", "True", null));
        env.add(new EnvVar("DJANGO_CSRF_COOKIE_SECURE", "True", null));
        env.add(new EnvVar("DJANGO_SECURE_SSL_REDIRECT", "True", null));
        env.add(new EnvVar("DJANGO_SECURE_HSTS_SECONDS", shortHsts ? "3600" : "31536000", null));
        env.add(new EnvVar("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", "True", null));
        env.add(new EnvVar("DJANGO_SECURE_HSTS_PRELOAD", "True", null));
        env.add(new EnvVar("DJANGO_CONN_MAX_AGE", "60", null));
        env.add(new EnvVar("REDIS_URL", "redis://redis-master." + ns + ".svc.cluster.local:6379/0", null));
        env.add(new EnvVar("CELERY_BROKER_URL", "redis://redis-master." + ns + ".svc.cluster.local:6379/1", null));
        env.add(new EnvVar("SENTRY_ENVIRONMENT", "production", null));
        env.add(new EnvVar("OTEL_SERVICE_NAME", app, null));
        env.add(new EnvVar("GUNICORN_CMD_ARGS", "--workers=4 --threads=2 --timeout=30 --access-logfile=-", null));
        ContainerBuilder web = new ContainerBuilder().withName("web")
                .withImage("registry.example.com/" + ns + "/" + app + ":2024.11." + (i % 30))
                .withCommand(runserver ? List.of("python", "manage.py", "runserver", "0.0.0.0:8000")
                        : List.of("gunicorn", app.replace('-', '_') + ".wsgi:application", "--bind", "0.0.0.0:8000"))
                .withEnv(env)
                .addNewPort().withName("http").withContainerPort(8000).withProtocol("TCP").endPort()
                .withNewResources().addToRequests("cpu", new Quantity("250m")).addToRequests("memory", new Quantity("512Mi"))
                .addToLimits("memory", new Quantity("1Gi")).endResources()
                .withNewReadinessProbe().withNewHttpGet().withPath("/healthz").withPort(new IntOrString("http")).endHttpGet()
                .withPeriodSeconds(10).endReadinessProbe()
                .withNewLivenessProbe().withNewHttpGet().withPath("/healthz").withPort(new IntOrString("http")).endHttpGet()
                .withInitialDelaySeconds(30).endLivenessProbe();
        if (envFrom) {
            web.addNewEnvFrom().withNewConfigMapRef().withName(i % 50 == 5 ? app + "-missing" : app + "-env").endConfigMapRef().endEnvFrom();
        }
        Map<String, String> labels = Map.of("app.kubernetes.io/name", app, "app.kubernetes.io/instance", app,
                "app.kubernetes.io/part-of", ns, "app.kubernetes.io/managed-by", "Helm", "helm.sh/chart", "django-app-3.2.1");
        return new DeploymentBuilder()
                .withNewMetadata().withName(app).withNamespace(ns).withUid("6c1f3a4e-0000-4000-8000-" + String.format("%012d", i))
                    .withResourceVersion(String.valueOf(10_000 + i)).withGeneration(3L).withCreationTimestamp("2024-11-02T09:14:07Z")
                    .withLabels(labels)
                    .addToAnnotations("deployment.kubernetes.io/revision", "3")
                    .addToAnnotations("meta.helm.sh/release-name", app)
                    .addToAnnotations("meta.helm.sh/release-namespace", ns)
                .endMetadata()
                .withNewSpec().withReplicas(3).withRevisionHistoryLimit(10)
                    .withNewSelector().addToMatchLabels("app.kubernetes.io/name", app).addToMatchLabels("app.kubernetes.io/instance", app).endSelector()
                    .withNewStrategy().withType("RollingUpdate").withNewRollingUpdate().withMaxSurge(new IntOrString("25%"))
                        .withMaxUnavailable(new IntOrString(0)).endRollingUpdate().endStrategy()
                    .withNewTemplate().withNewMetadata().withLabels(labels)
                        .addToAnnotations("checksum/config", Integer.toHexString(app.hashCode()) + "5d0c9e1b7a3f4e2d8c6b").endMetadata()
                        .withNewSpec().withServiceAccountName(app).withTerminationGracePeriodSeconds(30L)
                            .withContainers(web.build(), new ContainerBuilder().withName("cloud-sql-proxy")
                                .withImage("gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.11.0")
                                .withArgs("--structured-logs", "--port=5432", "acme-prod:europe-west1:" + ns)
                                .withNewResources().addToRequests("cpu", new Quantity("50m")).endResources().build())
                        .endSpec()
                    .endTemplate()
                .endSpec()
                .withNewStatus().withObservedGeneration(3L).withReplicas(3).withReadyReplicas(3).withAvailableReplicas(3)
                    .withUpdatedReplicas(3)
                    .addNewCondition().withType("Available").withStatus("True").withReason("MinimumReplicasAvailable")
                        .withMessage("Deployment has minimum availability.").withLastTransitionTime("2024-11-02T09:15:01Z")
                        .withLastUpdateTime("2024-11-02T09:15:01Z").endCondition()
                    .addNewCondition().withType("Progressing").withStatus("True").withReason("NewReplicaSetAvailable")
                        .withMessage("ReplicaSet \"" + app + "-7c9f5d6b8\" has successfully progressed.")
                        .withLastTransitionTime("2024-11-02T09:14:07Z").withLastUpdateTime("2024-11-02T09:15:01Z").endCondition()
                .endStatus()
                .build();
    }

    private static EnvVar secret(String name, String secret, String key) {
        return new EnvVarBuilder().withName(name).withNewValueFrom().withNewSecretKeyRef().withName(secret).withKey(key)
                .endSecretKeyRef().endValueFrom().build();
    }

    /** The cluster's ConfigMaps, as the informer cache would answer: {@code <app>-env} exists, {@code <app>-missing} does not. */
    private static ConfigMapLookup configMaps() {
        Map<String, String> data = Map.of("DJANGO_LOG_LEVEL", "INFO", "DJANGO_TIME_ZONE", "Europe/Paris");
        return (namespace, name) -> name.endsWith("-env") ? new ConfigMapLookup.Found(data) : new ConfigMapLookup.Missing("in the cluster");
    }

    /** Debug or runserver: denied; else an unresolved envFrom (i % 50 == 5): error; else a short HSTS: warned; the rest allowed. */
    private static Expected expected(int count) {
        int denied = 0, errors = 0, warned = 0, allowed = 0;
        for (int i = 0; i < count; i++) {
            boolean debug = i % 10 == 0;
            boolean runserver = !debug && i % 17 == 0;
            boolean shortHsts = !debug && !runserver && i % 13 == 0;
            boolean missing = i % 50 == 5;
            if (debug || runserver) {
                denied++;
            } else if (missing) {
                errors++;
            } else if (shortHsts) {
                warned++;
            } else {
                allowed++;
            }
        }
        return new Expected(denied, errors, warned, allowed);
    }

    // ---------------------------------------------------------------- measuring

    /** Heap in use once the garbage collector has had its say. */
    record Heap(long used) {
        static Heap settled() throws InterruptedException {
            Runtime rt = Runtime.getRuntime();
            long used = Long.MAX_VALUE;
            for (int i = 0; i < 4; i++) {
                System.gc();
                Thread.sleep(50);
                used = Math.min(used, rt.totalMemory() - rt.freeMemory());
            }
            return new Heap(used);
        }
    }

    /** Samples totalMemory - freeMemory every millisecond and keeps the largest. */
    static final class Sampler implements Runnable {
        final AtomicLong peak = new AtomicLong();
        private volatile boolean running = true;
        private final Thread thread = new Thread(this, "heap-sampler");

        void start() {
            thread.setDaemon(true);
            thread.start();
        }

        void stop() throws InterruptedException {
            running = false;
            thread.join();
        }

        @Override
        public void run() {
            Runtime rt = Runtime.getRuntime();
            while (running) {
                peak.accumulateAndGet(rt.totalMemory() - rt.freeMemory(), Math::max);
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /** The heap in use right after each collection (the live set then, roughly), largest kept. */
    static final class AfterGc implements javax.management.NotificationListener {
        final AtomicLong largest = new AtomicLong();
        final AtomicInteger count = new AtomicInteger();

        static AfterGc listen() {
            AfterGc l = new AfterGc();
            for (java.lang.management.GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                ((javax.management.NotificationEmitter) gc).addNotificationListener(l, null, null);
            }
            return l;
        }

        void stop() throws Exception {
            for (java.lang.management.GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                ((javax.management.NotificationEmitter) gc).removeNotificationListener(this);
            }
        }

        @Override
        public void handleNotification(javax.management.Notification n, Object handback) {
            if (!n.getType().equals(com.sun.management.GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
                return;
            }
            var info = com.sun.management.GarbageCollectionNotificationInfo.from(
                    (javax.management.openmbean.CompositeData) n.getUserData());
            long used = 0;
            for (var e : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
                MemoryPoolMXBean pool = ManagementFactory.getMemoryPoolMXBeans().stream()
                        .filter(p -> p.getName().equals(e.getKey())).findFirst().orElse(null);
                if (pool != null && pool.getType() == MemoryType.HEAP) {
                    used += e.getValue().getUsed();
                }
            }
            count.incrementAndGet();
            largest.accumulateAndGet(used, Math::max);
        }
    }

    private static void resetPeaks() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    /** The sum of the heap pools' peaks: an upper bound (pools peak at different moments). */
    private static long heapPoolPeaks() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }
}
