package io.djangoguard.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.djangoguard.audit.ClusterAuditor;
import io.djangoguard.config.DjangoGuardConfig.PolicyReportApi;
import io.djangoguard.engine.Engine;
import io.djangoguard.engine.Policy;
import io.djangoguard.lookup.ClusterLookups;
import io.djangoguard.report.AuditReport;
import io.djangoguard.report.PolicyReportAudits;
import io.djangoguard.report.PolicyReportFormat;
import io.djangoguard.report.PolicyReportFormat.Api;
import io.djangoguard.rules.RuleCatalog;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;

/**
 * The writer against the fabric8 mock API server in CRUD mode, with the upstream CRDs installed in it. The mock serves
 * discovery for one version of a CRD, the highest (v1beta1 of the wgpolicyk8s.io files), so the CRDs are installed with
 * the version django-guard writes alone, as the storage one, as it is in Kyverno's copy.
 */
@EnableKubernetesMockClient(crud = true)
class PolicyReportSyncTest {

    static final Instant T0 = Instant.ofEpochSecond(1_700_000_000L);

    KubernetesMockServer server;
    KubernetesClient client;

    void install(Api api) {
        for (boolean cluster : new boolean[] {false, true}) {
            ObjectNode node = (ObjectNode) PolicyReportAudits.crd(api, cluster).deepCopy();
            ArrayNode versions = (ArrayNode) node.at("/spec/versions");
            for (int i = versions.size() - 1; i >= 0; i--) {
                if (!api.version().equals(versions.get(i).path("name").asText())) {
                    versions.remove(i);
                }
            }
            ((ObjectNode) versions.get(0)).put("storage", true);
            CustomResourceDefinition crd = client.getKubernetesSerialization().convertValue(node, CustomResourceDefinition.class);
            assertTrue(crd.getSpec().getVersions().stream().anyMatch(CustomResourceDefinitionVersion::getStorage));
            client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
        }
    }

    static AuditReport markers() {
        return PolicyReportAudits.audit(PolicyReportAudits.MARKERS);
    }

    GenericKubernetesResource report(Api api, String namespace) {
        PolicyReportSync sync = new PolicyReportSync(client);
        return namespace == null ? sync.reports(api, false).withName(PolicyReportFormat.NAME).get()
                : sync.reports(api, true).inNamespace(namespace).withName(PolicyReportFormat.NAME).get();
    }

    static Stream<Arguments> choices() {
        return Stream.of(
                // installed, configured -> chosen
                Arguments.of(List.of(), PolicyReportApi.AUTO, null),
                Arguments.of(List.of(Api.WGPOLICYK8S), PolicyReportApi.AUTO, Api.WGPOLICYK8S),
                Arguments.of(List.of(Api.OPENREPORTS), PolicyReportApi.AUTO, Api.OPENREPORTS),
                Arguments.of(List.of(Api.WGPOLICYK8S, Api.OPENREPORTS), PolicyReportApi.AUTO, Api.OPENREPORTS),
                Arguments.of(List.of(Api.WGPOLICYK8S, Api.OPENREPORTS), PolicyReportApi.WGPOLICYK8S, Api.WGPOLICYK8S),
                Arguments.of(List.of(Api.WGPOLICYK8S), PolicyReportApi.OPENREPORTS, null),
                Arguments.of(List.of(Api.OPENREPORTS), PolicyReportApi.WGPOLICYK8S, null));
    }

    @ParameterizedTest(name = "installed {0}, configured {1}: {2}")
    @MethodSource("choices")
    void theApiIsChosenFromWhatTheServerServes(List<Api> installed, PolicyReportApi configured, Api chosen) {
        installed.forEach(this::install);
        assertEquals(chosen, new PolicyReportSync(client).choose(configured));
    }

    @Test
    void oneReportPerNamespaceIsCreatedThenLeftAloneWhileNothingChanges() {
        install(Api.WGPOLICYK8S);
        PolicyReportSync sync = new PolicyReportSync(client);
        PolicyReportSync.Outcome first = sync.write(markers(), Api.WGPOLICYK8S, T0);
        assertEquals(new PolicyReportSync.Outcome(Api.WGPOLICYK8S, 3, 0, 0), first);
        GenericKubernetesResource shop = report(Api.WGPOLICYK8S, "shop");
        assertNotNull(shop);
        assertEquals("django-guard", shop.getMetadata().getLabels().get(PolicyReportFormat.MANAGED_BY));
        assertTrue(((List<?>) shop.getAdditionalProperties().get("results")).size() > 3);
        assertNotNull(report(Api.WGPOLICYK8S, "blog"));
        assertNotNull(report(Api.WGPOLICYK8S, null), "the Job without a namespace is in the cluster report");

        // the same audit ten minutes later: only the timestamps would differ, so nothing is written
        String version = shop.getMetadata().getResourceVersion();
        PolicyReportSync.Outcome second = sync.write(markers(), Api.WGPOLICYK8S, T0.plusSeconds(600));
        assertEquals(new PolicyReportSync.Outcome(Api.WGPOLICYK8S, 0, 3, 0), second);
        assertEquals(version, report(Api.WGPOLICYK8S, "shop").getMetadata().getResourceVersion());
    }

    @Test
    void aChangedNamespaceIsUpdatedInPlaceAndOneWithNothingLeftLosesItsReport() {
        install(Api.WGPOLICYK8S);
        PolicyReportSync sync = new PolicyReportSync(client);
        // someone else's report in the same namespace, and a report of the same name without django-guard's label
        sync.reports(Api.WGPOLICYK8S, true).inNamespace("blog").resource(new GenericKubernetesResourceBuilder()
                .withApiVersion(Api.WGPOLICYK8S.apiVersion()).withKind("PolicyReport").withNewMetadata().withName("kyverno-polr")
                .withNamespace("blog").addToLabels(PolicyReportFormat.MANAGED_BY, "kyverno").endMetadata().build()).create();
        sync.reports(Api.WGPOLICYK8S, true).inNamespace("other").resource(new GenericKubernetesResourceBuilder()
                .withApiVersion(Api.WGPOLICYK8S.apiVersion()).withKind("PolicyReport").withNewMetadata()
                .withName(PolicyReportFormat.NAME).withNamespace("other").endMetadata().build()).create();
        sync.write(markers(), Api.WGPOLICYK8S, T0);

        AuditReport all = markers();
        // blog's Deployment is gone, and shop's web Deployment now has one finding fewer
        List<AuditReport.Result> kept = all.results().stream().filter(r -> !"blog".equals(r.namespace())).map(r -> !"web".equals(r.name())
                || r.findings().isEmpty() ? r : new AuditReport.Result(r.apiVersion(), r.kind(), r.namespace(), r.name(), r.verdict(),
                        r.reason(), r.profile(), r.source(), r.findings().subList(1, r.findings().size()), r.django(), r.enforcement()))
                .toList();
        int before = ((List<?>) report(Api.WGPOLICYK8S, "shop").getAdditionalProperties().get("results")).size();
        PolicyReportSync.Outcome outcome = sync.write(new AuditReport(all.summary(), kept), Api.WGPOLICYK8S, T0.plusSeconds(600));
        assertEquals(new PolicyReportSync.Outcome(Api.WGPOLICYK8S, 1, 1, 1), outcome);
        assertEquals(before - 1, ((List<?>) report(Api.WGPOLICYK8S, "shop").getAdditionalProperties().get("results")).size());
        assertNull(report(Api.WGPOLICYK8S, "blog"));
        assertNotNull(sync.reports(Api.WGPOLICYK8S, true).inNamespace("blog").withName("kyverno-polr").get(), "not ours");
        assertNotNull(report(Api.WGPOLICYK8S, "other"), "no managed-by label: not ours to delete");
    }

    @Test
    void afterASwitchOfApiTheOldReportsAreDeleted() {
        install(Api.WGPOLICYK8S);
        PolicyReportSync sync = new PolicyReportSync(client);
        sync.write(markers(), Api.WGPOLICYK8S, T0);
        install(Api.OPENREPORTS);
        assertEquals(Api.OPENREPORTS, sync.choose(PolicyReportApi.AUTO));
        PolicyReportSync.Outcome outcome = sync.write(markers(), Api.OPENREPORTS, T0);
        assertEquals(new PolicyReportSync.Outcome(Api.OPENREPORTS, 3, 0, 3), outcome);
        assertNull(report(Api.WGPOLICYK8S, "shop"));
        assertNull(report(Api.WGPOLICYK8S, null));
        assertEquals("django-guard", report(Api.OPENREPORTS, "shop").getAdditionalProperties().get("source"));
    }

    static Clock at(Instant t) {
        return Clock.fixed(t, ZoneOffset.UTC);
    }

    @Test
    void oneReplicaHoldsTheLeaseUntilItStopsRenewingIt() {
        Duration d = Duration.ofMinutes(20);
        assertTrue(new WriterLease(client, "django-guard", "pod-a", d, at(T0)).hold(), "no Lease yet: a takes it");
        assertFalse(new WriterLease(client, "django-guard", "pod-b", d, at(T0.plusSeconds(60))).hold(), "a holds it");
        assertTrue(new WriterLease(client, "django-guard", "pod-a", d, at(T0.plusSeconds(600))).hold(), "a renews");
        assertFalse(new WriterLease(client, "django-guard", "pod-b", d, at(T0.plusSeconds(600 + 1199))).hold(),
                "within the duration of a's last renewal");
        assertTrue(new WriterLease(client, "django-guard", "pod-b", d, at(T0.plusSeconds(600 + 1201))).hold(), "a's has expired");
        assertFalse(new WriterLease(client, "django-guard", "pod-a", d, at(T0.plusSeconds(600 + 1202))).hold(), "b holds it now");
        Lease lease = client.leases().inNamespace("django-guard").withName(WriterLease.NAME).get();
        assertEquals("pod-b", lease.getSpec().getHolderIdentity());
        assertEquals(1, lease.getSpec().getLeaseTransitions());
        assertEquals(1200, lease.getSpec().getLeaseDurationSeconds());
    }

    /** Lookups that are on, with nothing in them: what the cluster audit needs to run against the mock. */
    static final ClusterLookups ON = (ClusterLookups) Proxy.newProxyInstance(ClusterLookups.class.getClassLoader(),
            new Class<?>[] {ClusterLookups.class},
            (proxy, method, args) -> method.getName().equals("enabled") ? Boolean.TRUE : method.invoke(ClusterLookups.NONE, args));

    PolicyReportRun run(ClusterLookups lookups, String identity, PolicyReportApi api) {
        ClusterAuditor auditor = new ClusterAuditor(new Engine(Policy.defaults(), RuleCatalog.all()), client, 500);
        return new PolicyReportRun(auditor, lookups, new PolicyReportSync(client),
                new WriterLease(client, "django-guard", identity, Duration.ofMinutes(20), at(T0)), api, Duration.ofSeconds(5));
    }

    @Test
    void aRunAuditsTheClusterAndWritesItsReports() throws Exception {
        install(Api.WGPOLICYK8S);
        String yaml = """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: shop, namespace: shop}
                spec:
                  selector: {matchLabels: {app: shop}}
                  template:
                    metadata: {labels: {app: shop}}
                    spec:
                      containers:
                        - name: web
                          image: ghcr.io/acme/shop:1.4.2
                          command: ["gunicorn", "shop.wsgi"]
                          env:
                            - {name: DJANGO_SETTINGS_MODULE, value: "shop.settings"}
                            - {name: DJANGO_DEBUG, value: "True"}
                """;
        Deployment d = client.apps().deployments().load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).item();
        client.apps().deployments().inNamespace("shop").resource(d).create();

        PolicyReportRun.Outcome outcome = run(ON, "pod-a", PolicyReportApi.AUTO).run(T0, () -> { });
        assertEquals(PolicyReportRun.Status.WRITTEN, outcome.status(), outcome.line());
        assertEquals("policy reports (wgpolicyk8s.io/v1alpha2) for 1 objects: 1 written, 0 unchanged, 0 deleted", outcome.line());
        GenericKubernetesResource shop = report(Api.WGPOLICYK8S, "shop");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> results = (List<Map<String, Object>>) shop.getAdditionalProperties().get("results");
        assertTrue(results.stream().anyMatch(r -> "debug-enabled".equals(r.get("rule")) && "fail".equals(r.get("result"))),
                results.toString());

        PolicyReportRun.Outcome other = run(ON, "pod-b", PolicyReportApi.AUTO).run(T0, () -> { });
        assertEquals(PolicyReportRun.Status.NOT_HOLDER, other.status(), other.line());
    }

    @Test
    void withoutTheCrdsOrWithoutLookupsARunSaysSoInOneLine() {
        PolicyReportRun.Outcome missing = run(ON, "pod-a", PolicyReportApi.AUTO).run(T0, () -> { });
        assertEquals(PolicyReportRun.Status.API_MISSING, missing.status());
        assertEquals("neither openreports.io/v1alpha1 nor wgpolicyk8s.io/v1alpha2 is served (the policy report CRDs are not "
                + "installed): nothing is written until they are; install them with Kyverno or Policy Reporter, or on their "
                + "own (docs/policy-reports.md)", missing.line());
        assertNull(client.leases().inNamespace("django-guard").withName(WriterLease.NAME).get(),
                "no Lease is taken while there is nothing to write");
        PolicyReportRun.Outcome off = run(ClusterLookups.NONE, "pod-a", PolicyReportApi.AUTO).run(T0, () -> { });
        assertEquals(PolicyReportRun.Status.LOOKUPS_OFF, off.status());
    }
}
