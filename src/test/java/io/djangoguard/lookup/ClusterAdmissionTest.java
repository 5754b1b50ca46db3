package io.djangoguard.lookup;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.djangoguard.settings.ConfigMapLookup;
import io.djangoguard.admission.AdmissionPaths;
import io.djangoguard.tls.TlsTestResource;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/** Admission with the cluster's ConfigMaps, namespaces and workloads, against the fabric8 mock API server. */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@WithTestResource(TlsTestResource.class)
class ClusterAdmissionTest {

    @KubernetesTestServer
    KubernetesServer server;

    @Inject
    KubernetesClient client;

    @Inject
    InformerClusterLookups lookups;

    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeEach
    void cachesLoaded() {
        await().atMost(Duration.ofSeconds(20)).until(lookups::loaded);
    }

    private void create(HasMetadata o) {
        client.resource(o).create();
    }

    private void awaitCached(String namespace, String name) {
        await().atMost(Duration.ofSeconds(10)).until(() ->
                lookups.configMaps().find(namespace, name) instanceof ConfigMapLookup.Found);
    }

    static ConfigMap configMap(String ns, String name, Map<String, String> data) {
        return new ConfigMapBuilder().withNewMetadata().withName(name).withNamespace(ns).endMetadata().withData(data).build();
    }

    static Deployment deployment(String ns, String name, String configMap, boolean optional, String prefix, EnvVar... env) {
        DeploymentBuilder b = new DeploymentBuilder().withNewMetadata().withName(name).withNamespace(ns).endMetadata()
                .withNewSpec().withNewSelector().addToMatchLabels("app", name).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata().withNewSpec()
                .addNewContainer().withName("web").withImage("ghcr.io/acme/" + name + ":1.0").withCommand("gunicorn", name + ".wsgi")
                .addNewEnv().withName("DJANGO_SETTINGS_MODULE").withValue(name + ".settings").endEnv()
                .addToEnv(env)
                .endContainer().endSpec().endTemplate().endSpec();
        if (configMap != null) {
            b.editSpec().editTemplate().editSpec().editFirstContainer().addNewEnvFrom().withPrefix(prefix)
                    .withNewConfigMapRef().withName(configMap).withOptional(optional).endConfigMapRef().endEnvFrom()
                    .endContainer().endSpec().endTemplate().endSpec();
        }
        return b.build();
    }

    private static ValidatableResponse admit(String operation, HasMetadata object, HasMetadata old) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("uid", "u-" + operation);
        request.put("operation", operation);
        request.put("namespace", object.getMetadata().getNamespace());
        request.put("object", object);
        if (old != null) {
            request.put("oldObject", old);
        }
        String body;
        try {
            body = JSON.writeValueAsString(Map.of("apiVersion", "admission.k8s.io/v1", "kind", "AdmissionReview", "request", request));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return given().contentType(ContentType.JSON).body(body).when().post(AdmissionPaths.VALIDATE).then().statusCode(200);
    }

    @Test
    void aReferencedConfigMapInTheClusterIsJudgedAsIfWrittenInTheWorkload() {
        create(configMap("shop", "shop-settings", Map.of("DJANGO_DEBUG", "True", "DJANGO_ALLOWED_HOSTS", "shop.example.com")));
        awaitCached("shop", "shop-settings");
        admit("CREATE", deployment("shop", "shop", "shop-settings", false, null), null)
                .body("response.allowed", equalTo(false))
                .body("response.status.message", containsString(
                        "[debug-enabled] (security.W018) container \"web\": DEBUG is true (DJANGO_DEBUG from envFrom ConfigMap \"shop-settings\" key \"DJANGO_DEBUG\" = \"True\")"));
    }

    @Test
    void aSecretKeyFileOnAConfigMapVolumeIsReadFromTheCluster() {
        create(configMap("files", "web-files", Map.of("secret_key", "django-insecure-" + "x1y2z3".repeat(10))));
        awaitCached("files", "web-files");
        Deployment d = deployment("files", "web", null, false, null, new EnvVar("DJANGO_SECRET_KEY_FILE", "/etc/web/secret_key", null));
        d = new DeploymentBuilder(d).editSpec().editTemplate().editSpec()
                .addNewVolume().withName("files").withNewConfigMap().withName("web-files").endConfigMap().endVolume()
                .editFirstContainer().addNewVolumeMount().withName("files").withMountPath("/etc/web").endVolumeMount().endContainer()
                .endSpec().endTemplate().endSpec().build();
        admit("CREATE", d, null)
                .body("response.allowed", equalTo(false))
                .body("response.status.message", containsString(
                        "[secret-key-weak] (security.W009) container \"web\": the secret key in its file starts with \"django-insecure-\""))
                .body("response.status.message", containsString("[secret-key-file-not-secret] container \"web\": the secret key file is on ConfigMap volume \"files\", mounted at /etc/web"))
                .body("response.status.message", not(containsString("x1y2z3")));
    }

    @Test
    void aMissingRequiredConfigMapWarnsAndAnOptionalOneIsFine() {
        admit("CREATE", deployment("shop", "worker", "nowhere", false, null), null)
                .body("response.allowed", equalTo(true))
                .body("response.warnings", hasItem(containsString("[reference-unresolved] container \"web\": ConfigMap \"nowhere\" could not be read")));
        admit("CREATE", deployment("shop", "worker", "nowhere", true, null), null)
                .body("response.allowed", equalTo(true))
                .body("response.warnings", nullValue());
    }

    @Test
    void aSecondAdmissionMakesNoApiCall() {
        create(configMap("cache", "cached-settings", Map.of("DJANGO_ALLOWED_HOSTS", "*")));
        awaitCached("cache", "cached-settings");
        Deployment d = deployment("cache", "web", "cached-settings", false, null);
        admit("CREATE", d, null).body("response.allowed", equalTo(false));
        int before = server.getKubernetesMockServer().getRequestCount();
        admit("CREATE", d, null).body("response.allowed", equalTo(false))
                .body("response.status.message", containsString("[allowed-hosts-wildcard]"));
        admit("UPDATE", d, d).body("response.allowed", equalTo(true));
        assertEquals(before, server.getKubernetesMockServer().getRequestCount(),
                "admissions are answered from the informer cache, with no request to the API server");
    }

    @Test
    void anUpdateKeepsOldBreachesAsWarningsAndDeniesNewOnes() {
        EnvVar debug = new EnvVar("DJANGO_DEBUG", "True", null);
        Deployment old = deployment("legacy", "shop", null, false, null, debug);
        Deployment scaled = new DeploymentBuilder(old).editSpec().withReplicas(5).endSpec().build();
        admit("UPDATE", scaled, old)
                .body("response.allowed", equalTo(true))
                .body("response.warnings", hasItem(
                        "[debug-enabled] (security.W018) container \"web\": still in breach, fix DEBUG in the next change: DEBUG is true"));
        Deployment worse = deployment("legacy", "shop", null, false, null, debug, new EnvVar("DJANGO_ALLOWED_HOSTS", "*", null));
        admit("UPDATE", worse, old)
                .body("response.allowed", equalTo(false))
                .body("response.status.message", containsString("\n[allowed-hosts-wildcard] container \"web\""))
                .body("response.status.message", containsString("already in breach before this change, so it is let through, but the next change to DEBUG must fix it"))
                .body("response.warnings", hasItem(containsString("[debug-enabled] (security.W018) container \"web\": still in breach")));
        admit("CREATE", old, null).body("response.allowed", equalTo(false));
    }

    @Test
    void aConfigMapChangeIsJudgedAgainstTheWorkloadsThatUseIt() {
        // A bare DEBUG is harmless alone: only the Deployment's envFrom prefix makes it Django's DEBUG.
        ConfigMap before = configMap("blog", "blog-env", Map.of("DEBUG", "False", "ALLOWED_HOSTS", "blog.example.com"));
        create(before);
        create(deployment("blog", "blog", "blog-env", false, "DJANGO_"));
        await().atMost(Duration.ofSeconds(10)).until(() -> !lookups.workloadsReferencing("blog", "blog-env").isEmpty());
        ConfigMap after = configMap("blog", "blog-env", Map.of("DEBUG", "True", "ALLOWED_HOSTS", "blog.example.com"));
        admit("UPDATE", after, before)
                .body("response.allowed", equalTo(false))
                .body("response.status.message", containsString(
                        "[debug-enabled] (security.W018) Deployment blog/blog container \"web\": DEBUG is true"));
        // Changing something else leaves the workload as it was: allowed.
        ConfigMap harmless = configMap("blog", "blog-env", Map.of("DEBUG", "False", "ALLOWED_HOSTS", "blog.example.com,www.blog.example.com"));
        admit("UPDATE", harmless, before).body("response.allowed", equalTo(true)).body("response.warnings", nullValue());
        // Alone (no workload uses it) the same ConfigMap is not Django's.
        admit("CREATE", configMap("blog", "unused-env", Map.of("DEBUG", "True")), null).body("response.allowed", equalTo(true));
    }

    @Test
    void aNamespaceCanAskForTheStrictProfile() {
        create(new NamespaceBuilder().withNewMetadata().withName("payments").addToLabels("django-guard.io/profile", "strict")
                .endMetadata().build());
        await().atMost(Duration.ofSeconds(10)).until(() -> lookups.namespaces().profileOf("payments") != null);
        admit("CREATE", deployment("payments", "pay", null, false, null), null)
                .body("response.allowed", equalTo(false))
                .body("response.status.message", containsString("(django-guard, profile strict, enforcement enforce)"))
                .body("response.status.message", containsString("[session-cookie-insecure]"));
        admit("CREATE", deployment("other", "pay", null, false, null), null)
                .body("response.allowed", equalTo(true))
                .body("response.status", nullValue());
        given().when().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'cluster-caches' }.data.state", equalTo("loaded"));
    }

    /**
     * The namespace's rollout mode and exemption, read through the informer's slim copy of the namespace from the API
     * server: warn lets DEBUG on through with warnings, the exemption marks its finding exempt.
     */
    @Test
    void aNamespaceSetsItsRolloutModeAndExemptionsThroughTheCache() {
        create(new NamespaceBuilder().withNewMetadata().withName("sandbox").addToLabels("django-guard.io/enforcement", "warn")
                .addToAnnotations("django-guard.io/exempt", "hsts-disabled")
                .addToAnnotations("django-guard.io/exempt-reason", "throwaway review apps, ticket OPS-9")
                .addToAnnotations("kubectl.kubernetes.io/last-applied-configuration", "{}").endMetadata().build());
        await().atMost(Duration.ofSeconds(10)).until(() -> "warn".equals(lookups.namespaces().valueOf("sandbox", "django-guard.io/enforcement")));
        assertNull(lookups.namespaces().valueOf("sandbox", "kubectl.kubernetes.io/last-applied-configuration"),
                "the slim copy keeps django-guard's keys only");
        admit("CREATE", deployment("sandbox", "review", null, false, null, new EnvVar("DJANGO_DEBUG", "True", null),
                new EnvVar("DJANGO_SECURE_HSTS_SECONDS", "0", null)), null)
                .body("response.allowed", equalTo(true))
                .body("response.warnings", hasItem(containsString("would deny: [debug-enabled]")))
                .body("response.warnings", hasItem(containsString("[hsts-disabled] exempt, throwaway review apps, ticket OPS-9 "
                        + "(exempted by namespace \"sandbox\")")));
    }
}
