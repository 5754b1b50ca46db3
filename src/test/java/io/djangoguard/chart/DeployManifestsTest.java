package io.djangoguard.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;

/**
 * deploy/django-guard.yaml is the chart rendered with its default values but cert-manager TLS, for clusters
 * without Helm. In that mode nothing in the output varies (no generated keys, no dates), so the file must be
 * exactly what the chart renders now. After changing the chart:
 * {@code ./mvnw test -Dtest=DeployManifestsTest -Ddeploy.update=true}.
 */
class DeployManifestsTest {

    static final Path FILE = Helm.PROJECT.resolve("deploy/django-guard.yaml");

    /** Pinned, so the output does not depend on which Kubernetes version Helm assumes. */
    static final List<String> ARGS = List.of("template", "django-guard", "helm/django-guard", "--namespace", "django-guard",
            "--set", "tls.mode=certManager", "--skip-tests", "--kube-version", "1.30.0");

    static final String HEADER = """
            # django-guard, installed without Helm: the chart in helm/django-guard rendered with its default
            # values except TLS from cert-manager (release django-guard, namespace django-guard). Generated: do
            # not edit, change the chart and regenerate.
            #
            #   helm template django-guard helm/django-guard --namespace django-guard \\
            #     --set tls.mode=certManager --skip-tests --kube-version 1.30.0
            #
            # or, writing this file: ./mvnw test -Dtest=DeployManifestsTest -Ddeploy.update=true
            # (DeployManifestsTest fails while this file and the chart differ).
            #
            # Install: cert-manager first (https://cert-manager.io: it issues the webhook's certificate and
            # its CA injector fills the caBundle), then
            #
            #   kubectl create namespace django-guard
            #   kubectl apply -f deploy/django-guard.yaml
            #   kubectl -n django-guard rollout status deployment/django-guard
            #
            # Policy: edit the ConfigMap django-guard-policy (DJANGO_GUARD_* variables, see the project
            # README) and restart the pods: kubectl -n django-guard rollout restart deployment/django-guard
            #
            # Audit: POST /audit and GET /audit/cluster are served by the Service django-guard-audit (port
            # 443), not by the webhook's; bind the ClusterRole django-guard-auditor to their callers with a
            # ClusterRoleBinding (helm/django-guard/README.md, "Audit").
            """;

    static String expected() {
        Helm.Result r = Helm.run(ARGS.toArray(String[]::new));
        assertEquals(0, r.exit(), () -> "helm " + String.join(" ", ARGS) + " failed:\n" + r.err());
        return HEADER + r.out();
    }

    /**
     * The header and each document, in order of their text: Helm 3 (here) and Helm 4 (.ci/helm4-check compares the
     * file with its rendering too) put some kinds in a different order, the same documents either way.
     */
    static List<String> documents(String yaml) {
        return Stream.of(yaml.split("(?m)^---\\n")).filter(d -> !d.isBlank()).sorted().toList();
    }

    @Test
    void deployIsTheChartRenderedWithCertManagerTls() throws IOException {
        String expected = expected();
        boolean same = Files.isRegularFile(FILE) && documents(Files.readString(FILE, StandardCharsets.UTF_8)).equals(documents(expected));
        if (Boolean.getBoolean("deploy.update") && !same) {
            Files.createDirectories(FILE.getParent());
            Files.writeString(FILE, expected, StandardCharsets.UTF_8);
        }
        assertTrue(Files.isRegularFile(FILE), FILE + " is missing: ./mvnw test -Dtest=DeployManifestsTest -Ddeploy.update=true");
        assertEquals(documents(expected), documents(Files.readString(FILE, StandardCharsets.UTF_8)),
                "deploy/django-guard.yaml differs from the chart: regenerate it with "
                        + "./mvnw test -Dtest=DeployManifestsTest -Ddeploy.update=true");
    }

    @Test
    void theRenderingIsStable() {
        assertEquals(expected(), expected(), "in cert-manager mode nothing may vary between two renderings");
    }

    @Test
    void deployHoldsAWholeInstallAndNoHelmTestOrKeys() throws IOException {
        Rendered r = Rendered.of(Files.readString(FILE, StandardCharsets.UTF_8));
        assertTrue(r.all(Pod.class).isEmpty(), "no helm test Pod in plain manifests");
        assertTrue(r.all(Secret.class).isEmpty(), "no key material in a file in Git");
        ValidatingWebhookConfiguration vwc = r.one(ValidatingWebhookConfiguration.class);
        assertEquals("django-guard/django-guard-serving", vwc.getMetadata().getAnnotations().get("cert-manager.io/inject-ca-from"));
        assertNull(vwc.getWebhooks().get(0).getClientConfig().getCaBundle());
        assertNotNull(r.generic("Certificate", "django-guard-serving"));
        assertEquals("audit", r.named(Service.class, "django-guard-audit").getSpec().getPorts().get(0).getTargetPort().getStrVal());
        assertNotNull(r.named(ClusterRole.class, "django-guard-auditor"));
        assertEquals(List.of("django-guard", "kube-system"),
                ChartRenderTest.requirement(vwc.getWebhooks().get(0).getNamespaceSelector(), "kubernetes.io/metadata.name").getValues());
    }
}
